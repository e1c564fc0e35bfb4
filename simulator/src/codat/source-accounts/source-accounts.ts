import { isObject } from '../../kernel/objects.js'
import type { Ctx, SimResponse } from '../context.js'
import { ok } from '../context.js'
import { invalidRequest } from '../errors.js'
import { emit } from '../events.js'
import { platformOf } from '../platform-of.js'
import type { ConnectionRec, SourceAccountRec } from '../state.js'
import { renderSourceAccountList } from './list-shape.js'
import { readPrototype, shapeFor } from './prototype.js'
import { renderSourceAccount, type Shape } from './schema.js'

type BatchResult = {
  sourceAccountId: string
  result: { statusCode: string | number; error: string | null; account?: unknown }
}

function added(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): void {
  conn.accounts.push(a)
  emit(ctx.state, ctx.now, 'SourceAccountCreated', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    schema: a.schema,
  })
}

/** POST .../connectionInfo/bankFeedAccounts: one account, v1 or v2 per `sourceAccountSchema` (§6.1). */
export function createSourceAccount(ctx: Ctx, conn: ConnectionRec, body: unknown): SimResponse {
  const { account, problems } = readPrototype(ctx, body)
  if (!account) throw invalidRequest(ctx, 'SourceAccount', problems)
  if (conn.accounts.some((a) => a.id === account.id)) {
    throw invalidRequest(ctx, 'SourceAccount', [
      {
        itemId: account.id,
        message: `A source account with id ${account.id} already exists on this connection.`,
      },
    ])
  }
  added(ctx, conn, account)
  return ok(200, renderSourceAccount(account))
}

/**
 * POST .../bankFeedAccounts/batch: 201 all created, 207 some, 409 all conflicting, else 400 (§6.3); every
 * account of the answer in the batch's one version.
 */
export function createSourceAccountBatch(ctx: Ctx, conn: ConnectionRec, body: unknown): SimResponse {
  if (!Array.isArray(body) || body.length === 0) {
    throw invalidRequest(ctx, 'SourceAccount', [
      { itemId: null, message: 'A non-empty array of source accounts is required.' },
    ])
  }
  // One version for the whole batch (Codat's is per client, BEHAVIOUR §6.1, §13.10): in mode `auto`, v2
  // when every item is a v2 body, else every item is read (and answered) as v1.
  const mode = ctx.opts.sourceAccountSchema
  const shape: Shape =
    mode !== 'auto'
      ? mode
      : body.every((item) => isObject(item) && shapeFor('auto', item) === 'v2')
        ? 'v2'
        : 'v1'
  const seen = new Set(conn.accounts.map((a) => a.id))
  const results: BatchResult[] = []
  const created: SourceAccountRec[] = []
  let conflicts = 0
  for (const item of body) {
    const { account, problems } = readPrototype(ctx, item, shape)
    const itemId = isObject(item) && typeof item.id === 'string' ? item.id : ''
    if (!account) {
      results.push({
        sourceAccountId: itemId,
        result: { statusCode: '400', error: problems.map((p) => p.message).join(' ') },
      })
    } else if (seen.has(account.id)) {
      conflicts++
      results.push({
        sourceAccountId: account.id,
        result: { statusCode: '409', error: `A source account with id ${account.id} already exists.` },
      })
    } else {
      seen.add(account.id)
      created.push(account)
      results.push({ sourceAccountId: account.id, result: { statusCode: 200, error: null, account: null } })
    }
  }
  if (created.length === 0) {
    if (conflicts === body.length) return ok(409, results)
    const errors = results.map((r) => ({ itemId: r.sourceAccountId, message: r.result.error ?? '' }))
    throw invalidRequest(ctx, 'SourceAccount', errors)
  }
  for (const a of created) added(ctx, conn, a)
  for (const r of results) {
    if (r.result.statusCode === 200) {
      const a = created.find((c) => c.id === r.sourceAccountId)
      if (a) r.result.account = renderSourceAccount(a, shape)
    }
  }
  return ok(created.length === body.length ? 201 : 207, results)
}

/** GET .../connectionInfo/bankFeedAccounts: every account in the list's one shape (`listShape`). */
export function listSourceAccounts(ctx: Ctx, conn: ConnectionRec): SimResponse {
  return ok(200, renderSourceAccountList(ctx.opts.sourceAccountSchema, conn.accounts))
}

/** DELETE .../connectionInfo/bankFeedAccounts/{accountId}. */
export function deleteSourceAccount(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): SimResponse {
  platformOf(ctx, conn).accountDeleted?.(ctx, conn, a)
  conn.accounts = conn.accounts.filter((x) => x.id !== a.id)
  emit(ctx.state, ctx.now, 'SourceAccountDeleted', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
  })
  return ok(204)
}
