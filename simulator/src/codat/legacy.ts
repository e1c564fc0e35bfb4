import { isoInstant } from '../kernel/dates.js'
import { decimalToNumber } from '../kernel/decimal.js'
import type { ListQuery } from '../kernel/paging.js'
import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { issueCredentials } from './credentials.js'
import { codatError, invalidRequest } from './errors.js'
import { emit } from './events.js'
import { listPage } from './list-page.js'
import { readPrototype } from './source-accounts/prototype.js'
import { renderSourceAccount } from './source-accounts/schema.js'
import type { ConnectionRec, SourceAccountRec } from './state.js'

/** 2023: GET .../data/proxy?endpoint=generatecredentials?dataconnectionid=<id> (BEHAVIOUR §10.1). */
export function proxy(ctx: Ctx, conn: ConnectionRec, q: ListQuery): SimResponse {
  const endpoint = q.endpoint ?? ''
  const [path, qs = ''] = endpoint.split('?')
  const params = new URLSearchParams(qs)
  if (path?.toLowerCase() !== 'generatecredentials') {
    throw codatError(ctx, 404, `Proxy endpoint ${path ?? ''} not found`, { legacy: true })
  }
  const target = params.get('dataconnectionid') ?? params.get('dataConnectionId')
  if (target !== null && target !== conn.id) {
    throw codatError(ctx, 404, `Data connection ${target} not found`, { legacy: true })
  }
  const cred = issueCredentials(ctx, conn)
  return ok(200, { username: cred.username, password: cred.password })
}

/**
 * 2023: PUT .../connectionInfo/bankFeedAccounts, an upsert by id of an array of v1-like accounts (§10.2);
 * the answer is the 2023 `BankFeedAccount` (v1's fields), whatever shape an upserted account has.
 */
export function putBankFeedAccounts(ctx: Ctx, conn: ConnectionRec, body: unknown): SimResponse {
  const companyId = conn.companyId
  const connectionId = conn.id
  if (!Array.isArray(body)) {
    throw invalidRequest(ctx, 'BankFeedAccount', [
      { itemId: null, message: 'An array of bank feed accounts is required.' },
    ])
  }
  const parsed = body.map((item) => readPrototype(ctx, item, 'v1'))
  const problems = parsed.flatMap((p) => p.problems)
  if (problems.length) throw invalidRequest(ctx, 'BankFeedAccount', problems)
  const out = []
  for (const { account } of parsed) {
    if (!account) continue
    const existing = conn.accounts.find((a) => a.id === account.id)
    if (existing) {
      // The upsert's fields are v1's: the account is v1 from now on (a v2 one loses its v2-only fields).
      existing.schema = 'v1'
      existing.routingInfo = null
      existing.accountInfo = null
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
      out.push(renderSourceAccount(existing, 'v1'))
    } else {
      conn.accounts.push(account)
      emit(ctx.state, ctx.now, 'SourceAccountCreated', {
        companyId,
        connectionId,
        sourceAccountId: account.id,
        schema: 'v1',
      })
      out.push(renderSourceAccount(account, 'v1'))
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
  conn: ConnectionRec,
  a: SourceAccountRec,
  q: ListQuery,
): SimResponse {
  if (a.firstWriteAt === null) throw codatError(ctx, 409, 'The data set has not been requested.')
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
  return listPage(
    ctx,
    items,
    { typeName: 'BankTransaction', fields: LINE_FIELDS },
    `/companies/${conn.companyId}/connections/${conn.id}/data/bankAccounts/${encodeURIComponent(a.id)}/bankTransactions`,
    q,
  )
}
