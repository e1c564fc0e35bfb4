import { companyZone } from '../../codat/company-zone.js'
import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError, invalidRequest } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { findAccount } from '../../codat/scope.js'
import type { ConnectionRec, SourceAccountRec } from '../../codat/state.js'
import { isCalendarDate, localDate } from '../../kernel/dates.js'
import { decimalToNumber } from '../../kernel/decimal.js'
import { isObject } from '../../kernel/objects.js'
import { durationMs } from '../../options.js'
import {
  feedFree,
  orgOf,
  targetOf,
  type XeroBankAccountRec,
  type XeroOrgRec,
  xeroTypeOf,
  xeroWorld,
} from './world.js'

const num = (d: string | null) => (d === null ? null : decimalToNumber(d))

/** X10: the organisation's accounts of the source's currency and Xero type, fed or not. */
export function targetOptions(org: XeroOrgRec, a: SourceAccountRec): XeroBankAccountRec[] {
  const type = xeroTypeOf(a)
  return org.bankAccounts.filter((b) => b.currency === a.currency && b.type === type)
}

/** Codat's `BankFeedMapping` for one source account of a Xero connection (X10). */
function row(ctx: Ctx, conn: ConnectionRec, org: XeroOrgRec | undefined, a: SourceAccountRec) {
  const target = targetOf(ctx, conn, a)
  const mapped = a.status === 'connected' && target
  return {
    sourceAccountId: a.id,
    sourceAccountName: a.accountName ?? '',
    sourceAccountNumber: a.accountNumber ?? '',
    sourceBalance: a.balance === null ? 0 : decimalToNumber(a.balance),
    sourceCurrency: a.currency ?? 'XXX',
    status: a.status,
    targetAccountOptions: org
      ? targetOptions(org, a).map((b) => ({
          id: b.id,
          name: b.name,
          balance: num(b.balance),
          sortCode: b.sortCode,
          accountNumber: b.accountNumber,
        }))
      : null,
    ...(mapped
      ? {
          targetAccountId: target.id,
          targetAccountName: target.name,
          ...(a.feedStartDate === null ? {} : { feedStartDate: `${a.feedStartDate}T00:00:00` }),
        }
      : { targetAccountId: null }),
  }
}

/** GET .../bankFeedAccounts/mapping on a Xero connection (X10). */
export function listXeroMapping(ctx: Ctx, conn: ConnectionRec): unknown[] {
  const org = orgOf(ctx, conn)
  return conn.accounts.map((a) => row(ctx, conn, org, a))
}

/** Why Xero refuses the mapping (X3, X12), or null. */
function refusal(ctx: Ctx, org: XeroOrgRec, a: SourceAccountRec, targetId: string | null): string | null {
  if (a.status === 'connected') return 'Source account is already connected'
  if (a.status === 'connecting') return 'A mapping for this source account is already being saved'
  if (xeroTypeOf(a) === null) {
    return `Account type ${a.accountType ?? '(none)'} cannot be fed to Xero: only Debit (BANK) or Credit (CREDITCARD)`
  }
  if (a.currency !== org.baseCurrency && !org.multicurrencyEnabled) {
    return 'Multi-currency is not enabled for this organisation'
  }
  if (targetId === null) return null
  const target = targetOptions(org, a).find((b) => b.id === targetId)
  if (!target) return 'Target account is not a valid option'
  if (!feedFree(ctx, target)) return 'A feed connection already exists to this account'
  return null
}

/** A mapping body's feedStartDate as a calendar day (X14: omitted → the mapping day). */
function startDay(ctx: Ctx, conn: ConnectionRec, v: unknown): string | undefined {
  if (v === undefined || v === null) return localDate(ctx.now, companyZone(ctx, conn.companyId))
  if (typeof v !== 'string') return undefined
  const day = v.slice(0, 10)
  return isCalendarDate(day) && Number.isFinite(Date.parse(v)) ? day : undefined
}

/**
 * POST .../bankFeedAccounts/mapping on a Xero connection (X11-X14), also the Codat UI's Connect: malformed
 * → 400, unknown source → 404, not Linked → 400; a refusal is HTTP 200 `status: "Failed"` with `error`;
 * accepted → `connecting` until `xeroMappingLatency` has passed.
 */
export function createXeroMapping(ctx: Ctx, conn: ConnectionRec, body: unknown): SimResponse {
  const allowed = ['sourceAccountId', 'targetAccountId', 'feedStartDate']
  if (!isObject(body) || typeof body.sourceAccountId !== 'string' || body.sourceAccountId === '') {
    throw invalidRequest(ctx, 'BankFeedAccountMapping', [
      { itemId: 'sourceAccountId', message: 'sourceAccountId is required: the source account to map.' },
    ])
  }
  const extra = Object.keys(body).filter((k) => !allowed.includes(k))
  const target = body.targetAccountId
  const problems = extra.map((k) => ({ itemId: k, message: `Unknown property ${k}.` }))
  if (target !== undefined && target !== null && typeof target !== 'string') {
    problems.push({ itemId: 'targetAccountId', message: 'targetAccountId must be a string or null.' })
  }
  const day = startDay(ctx, conn, body.feedStartDate)
  if (day === undefined) {
    problems.push({
      itemId: 'feedStartDate',
      message: 'feedStartDate must be an ISO-8601 date or date-time.',
    })
  }
  if (problems.length) throw invalidRequest(ctx, 'BankFeedAccountMapping', problems)
  const a = findAccount(ctx, conn, body.sourceAccountId)
  const org = orgOf(ctx, conn)
  if (conn.status !== 'Linked' || !org) {
    throw codatError(
      ctx,
      400,
      `Accounts can be mapped only on a Linked connection; this one is ${conn.status}.`,
    )
  }
  const targetId = typeof target === 'string' ? target : null
  const why = refusal(ctx, org, a, targetId)
  if (why) {
    emit(ctx.state, ctx.now, 'XeroMappingRefused', {
      companyId: conn.companyId,
      connectionId: conn.id,
      sourceAccountId: a.id,
      error: why,
    })
    return ok(200, { sourceAccountId: a.id, targetAccountId: targetId, status: 'Failed', error: why })
  }
  xeroWorld(ctx.state).mappings.push({
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    targetAccountId: targetId,
    feedStartDate: day as string,
    dueAt: ctx.now + durationMs(ctx.opts.xeroMappingLatency),
  })
  setAccountStatus(ctx, conn, a, 'connecting')
  emit(ctx.state, ctx.now, 'XeroMappingRequested', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    targetAccountId: targetId,
  })
  return ok(200, { sourceAccountId: a.id, targetAccountId: targetId, status: 'connecting', error: null })
}

/** Moves a source account to `status`, recording the change. */
export function setAccountStatus(
  ctx: Ctx,
  conn: ConnectionRec,
  a: SourceAccountRec,
  status: SourceAccountRec['status'],
  reason?: string,
): void {
  if (a.status === status) return
  const oldStatus = a.status
  a.status = status
  a.modifiedDate = ctx.now
  emit(ctx.state, ctx.now, 'SourceAccountStatusChanged', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    oldStatus,
    newStatus: status,
    ...(reason ? { reason } : {}),
  })
}
