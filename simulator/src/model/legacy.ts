import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { issueCredentials } from './credentials.js'
import { isoInstant } from './dates.js'
import { decimalToNumber } from './decimal.js'
import { fail, invalid } from './errors.js'
import { emit } from './events.js'
import { type Caller, getAccount, getConnection } from './lookup.js'
import { type ListQuery, pageOf } from './paging.js'
import { renderSourceAccount } from './render.js'
import { readPrototype } from './source-accounts.js'

/** 2023: GET .../data/proxy?endpoint=generatecredentials?dataconnectionid=<id> (BEHAVIOUR §10.1). */
export function proxy(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  q: ListQuery,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  const endpoint = q.endpoint ?? ''
  const [path, qs = ''] = endpoint.split('?')
  const params = new URLSearchParams(qs)
  if (path?.toLowerCase() !== 'generatecredentials') {
    return fail(ctx, 404, `Proxy endpoint ${path ?? ''} not found`, { legacy: true })
  }
  const target = params.get('dataconnectionid') ?? params.get('dataConnectionId')
  if (target !== null && target !== connectionId) {
    return fail(ctx, 404, `Data connection ${target} not found`, { legacy: true })
  }
  const cred = issueCredentials(ctx, conn)
  return ok(200, { username: cred.username, password: cred.password })
}

/** 2023: PUT .../connectionInfo/bankFeedAccounts, an upsert by id of an array of v1-like accounts (§10.2). */
export function putBankFeedAccounts(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  body: unknown,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  if (!Array.isArray(body)) {
    return invalid(ctx, 'BankFeedAccount', [
      { itemId: null, message: 'An array of bank feed accounts is required.' },
    ])
  }
  const v1 = { ...ctx, opts: { ...ctx.opts, sourceAccountSchema: 'v1' as const } }
  const parsed = body.map((item) => readPrototype(v1, item))
  const problems = parsed.flatMap((p) => p.problems)
  if (problems.length) return invalid(ctx, 'BankFeedAccount', problems)
  const out = []
  for (const { account } of parsed) {
    if (!account) continue
    const existing = conn.accounts.find((a) => a.id === account.id)
    if (existing) {
      existing.accountName = account.accountName
      existing.accountType = account.accountType
      existing.accountNumber = account.accountNumber
      existing.sortCode = account.sortCode
      existing.currency = account.currency
      if (existing.status !== 'connected') existing.balance = account.balance
      existing.modifiedDate = ctx.now
      emit(ctx.state, ctx.now, 'SourceAccountUpdated', {
        companyId,
        connectionId,
        sourceAccountId: account.id,
      })
      out.push(renderSourceAccount(existing))
    } else {
      conn.accounts.push(account)
      emit(ctx.state, ctx.now, 'SourceAccountCreated', {
        companyId,
        connectionId,
        sourceAccountId: account.id,
        schema: 'v1',
      })
      out.push(renderSourceAccount(account))
    }
  }
  return ok(200, out)
}

const LINE_FIELDS = [
  'id',
  'accountId',
  'clearedOnDate',
  'description',
  'reconciled',
  'amount',
  'balance',
  'transactionType',
  'modifiedDate',
  'sourceModifiedDate',
]

/** 2023: GET .../data/bankAccounts/{accountId}/bankTransactions; 409 until the first successful write (§10.3). */
export function listBankTransactions(
  ctx: Ctx,
  caller: Caller,
  p: { companyId: string; connectionId: string; accountId: string },
  q: ListQuery,
): SimResponse {
  const conn = getConnection(ctx, caller, p.companyId, p.connectionId)
  const a = getAccount(ctx, conn, p.accountId)
  if (a.firstWriteAt === null) return fail(ctx, 409, 'The data set has not been requested.')
  const items = a.lines.map((l) => ({
    id: l.id,
    accountId: a.id,
    clearedOnDate: l.local.slice(0, 19),
    description: l.description,
    reconciled: false,
    amount: decimalToNumber(l.amount),
    balance: decimalToNumber(l.balance),
    transactionType: l.transactionType ?? 'Unknown',
    modifiedDate: isoInstant(l.modifiedDate),
    sourceModifiedDate: isoInstant(l.modifiedDate),
  }))
  return pageOf(
    ctx,
    items,
    { typeName: 'BankTransaction', fields: LINE_FIELDS },
    `/companies/${p.companyId}/connections/${p.connectionId}/data/bankAccounts/${encodeURIComponent(p.accountId)}/bankTransactions`,
    q,
  )
}
