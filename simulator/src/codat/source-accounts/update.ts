import { toDecimal } from '../../kernel/decimal.js'
import { isObject } from '../../kernel/objects.js'
import type { Ctx, SimResponse } from '../context.js'
import { ok } from '../context.js'
import { invalidRequest, type Problem } from '../errors.js'
import { emit } from '../events.js'
import type { ConnectionRec, SourceAccountRec } from '../state.js'
import { disconnectAccount } from './disconnect.js'
import { fieldNames, renderSourceAccount } from './schema.js'

function same(a: unknown, b: unknown): boolean {
  const da = toDecimal(a)
  const db = toDecimal(b)
  if (da !== undefined && db !== undefined) return da === db
  return (a ?? null) === (b ?? null)
}

/** What is wrong with one property of a PATCH body (BEHAVIOUR §6.3), or null. */
function problemWith(
  k: string,
  v: unknown,
  a: SourceAccountRec,
  current: Record<string, unknown>,
): string | null {
  switch (k) {
    case 'id':
      return v !== a.id ? 'id cannot be changed.' : null
    case 'accountName':
      return typeof v !== 'string' || v === '' ? 'accountName must be a non-empty string.' : null
    case 'status':
      return v !== 'disconnected' && v !== a.status ? 'status can only be set to disconnected.' : null
    case 'balance':
      if (toDecimal(v) === undefined) return 'balance must be a decimal number.'
      return a.status === 'connected' && !same(v, a.balance)
        ? 'balance cannot be changed while the account is connected.'
        : null
    case 'modifiedDate':
    case 'feedStartDate':
      return null // read-only; ignored
    default:
      return same(v, current[k]) ? null : 'Only accountName, status and balance can be updated.'
  }
}

/**
 * PATCH .../connectionInfo/bankFeedAccounts/{accountId}: accountName, status (to `disconnected`) and, while
 * not connected, balance; other v1 fields may be echoed unchanged.
 */
export function updateSourceAccount(
  ctx: Ctx,
  conn: ConnectionRec,
  a: SourceAccountRec,
  body: unknown,
): SimResponse {
  if (!isObject(body))
    throw invalidRequest(ctx, 'SourceAccount', [{ itemId: null, message: 'A JSON object is required.' }])
  const problems: Problem[] = []
  const v1 = fieldNames('v1')
  const current = renderSourceAccount(a, 'v1')
  for (const [k, v] of Object.entries(body)) {
    if (!v1.includes(k)) {
      problems.push({ itemId: k, message: `Unknown property ${k} on source account.` })
      continue
    }
    const message = problemWith(k, v, a, current)
    if (message) problems.push({ itemId: k, message })
  }
  if (problems.length) throw invalidRequest(ctx, 'SourceAccount', problems)
  if (typeof body.accountName === 'string') a.accountName = body.accountName
  if (body.balance !== undefined) a.balance = toDecimal(body.balance) ?? a.balance
  a.modifiedDate = ctx.now
  emit(ctx.state, ctx.now, 'SourceAccountUpdated', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
  })
  if (body.status === 'disconnected') disconnectAccount(ctx, conn, a, 'client')
  // BEHAVIOUR §6.3: the PATCH body and response schema is the v1 SourceAccount, whatever shape the account has.
  return ok(200, renderSourceAccount(a, 'v1'))
}
