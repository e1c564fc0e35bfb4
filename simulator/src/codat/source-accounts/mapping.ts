import { decimalToNumber } from '../../kernel/decimal.js'
import type { Ctx, Platform, SimResponse } from '../context.js'
import { ok } from '../context.js'
import { codatError } from '../errors.js'
import { platformOf } from '../platform-of.js'
import type { ConnectionRec, SourceAccountRec } from '../state.js'

/** Codat's `BankFeedMapping`; `feedStartDate` (`{$ref: DateTime, nullable}`: not nullable) absent until set. */
function renderMapping(platform: Platform, a: SourceAccountRec) {
  return {
    sourceAccountId: a.id,
    sourceAccountName: a.accountName ?? '',
    sourceAccountNumber: a.accountNumber ?? '',
    sourceBalance: a.balance === null ? 0 : decimalToNumber(a.balance),
    sourceCurrency: a.currency ?? 'XXX',
    targetAccountId: null,
    targetAccountName: platform.targetAccountName?.(a) ?? '',
    status: a.status,
    targetAccountOptions: null,
    ...(a.feedStartDate === null ? {} : { feedStartDate: `${a.feedStartDate}T00:00:00` }),
  }
}

/**
 * GET .../bankFeedAccounts/mapping: the platform's rows (Xero: with target options), else one row per source
 * account naming the ledger account it feeds, `targetAccountOptions: null`.
 */
export function getMapping(ctx: Ctx, conn: ConnectionRec): SimResponse {
  const platform = platformOf(ctx, conn)
  if (platform.listMapping) return ok(200, platform.listMapping(ctx, conn))
  return ok(
    200,
    conn.accounts.map((a) => renderMapping(platform, a)),
  )
}

/** POST .../bankFeedAccounts/mapping: the platform's mapping, or refused (400) where it maps elsewhere. */
export function createMapping(ctx: Ctx, conn: ConnectionRec, body: unknown): SimResponse {
  const platform = platformOf(ctx, conn)
  if (platform.createMapping) return platform.createMapping(ctx, conn, body)
  throw codatError(
    ctx,
    400,
    platform.mappingRefusal ?? `Account mapping through the API is not supported for ${platform.name}.`,
  )
}
