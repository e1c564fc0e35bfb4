import { setConnectionStatus } from './connections.js'
import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { isCalendarDate } from './dates.js'
import { toDecimal } from './decimal.js'
import { fail, invalid, Reply } from './errors.js'
import { emit } from './events.js'
import { type Caller, getAccount, getConnection, isObject } from './lookup.js'
import { renderMapping, renderSourceAccount } from './render.js'
import type { ConnectionRec, SourceAccountRec } from './state.js'

const V1_PROTO = [
  'id',
  'accountName',
  'accountType',
  'accountNumber',
  'sortCode',
  'currency',
  'balance',
  'modifiedDate',
]
const V1_ALL = [...V1_PROTO, 'status', 'feedStartDate']
const V2_PROTO = [
  'id',
  'accountName',
  'accountType',
  'accountNumber',
  'sortCode',
  'routingInfo',
  'currency',
  'balance',
  'accountInfo',
  'modifiedDate',
]
const V2_TYPES = ['checking', 'savings', 'loan', 'creditCard', 'prepaidCard']
const ROUTING_TYPES = [
  'rtn',
  'aba',
  'swift',
  'bsb',
  'iban',
  'nz2',
  'trno',
  'sortcode',
  'blz',
  'ifsc',
  'bankcode',
  'apca',
  'clabe',
]
/** Read-only fields a client may echo back; accepted and ignored on create. */
const IGNORED = ['status', 'feedStartDate']

type Problem = { itemId: string | null; message: string }

function optString(
  b: Record<string, unknown>,
  k: string,
  problems: Problem[],
  required = false,
): string | null {
  const v = b[k]
  if (v === undefined || v === null) {
    if (required) problems.push({ itemId: k, message: `${k} is required.` })
    return null
  }
  if (typeof v !== 'string') {
    problems.push({ itemId: k, message: `${k} must be a string.` })
    return null
  }
  return v
}

/** Chooses v1 or v2 for a create body (setting `sourceAccountSchema`, BEHAVIOUR §6.1). */
export function schemaFor(ctx: Ctx, body: Record<string, unknown>): 'v1' | 'v2' {
  const mode = ctx.opts.sourceAccountSchema
  if (mode !== 'auto') return mode
  if ('routingInfo' in body || 'accountInfo' in body) return 'v2'
  const required = ['id', 'accountName', 'accountType', 'accountNumber', 'currency', 'balance']
  return required.every((k) => body[k] !== undefined && body[k] !== null) &&
    V2_TYPES.includes(String(body.accountType))
    ? 'v2'
    : 'v1'
}

/** Validates a create prototype; returns the new record (status pending) or the problems. */
export function readPrototype(ctx: Ctx, body: unknown): { account?: SourceAccountRec; problems: Problem[] } {
  const problems: Problem[] = []
  if (!isObject(body))
    return { problems: [{ itemId: null, message: 'A source account object is required.' }] }
  const schema = schemaFor(ctx, body)
  const allowed = schema === 'v2' ? V2_PROTO : V1_PROTO
  for (const k of Object.keys(body)) {
    if (!allowed.includes(k) && !IGNORED.includes(k)) {
      problems.push({ itemId: k, message: `Unknown property ${k} on source account (${schema}).` })
    }
  }
  const v2 = schema === 'v2'
  const id = optString(body, 'id', problems, true)
  if (id === '') problems.push({ itemId: 'id', message: 'id must not be empty.' })
  const accountName = optString(body, 'accountName', problems, v2)
  const accountType = optString(body, 'accountType', problems, v2)
  if (v2 && accountType !== null && !V2_TYPES.includes(accountType)) {
    problems.push({ itemId: 'accountType', message: `accountType must be one of ${V2_TYPES.join(', ')}.` })
  }
  const accountNumber = optString(body, 'accountNumber', problems, v2)
  const sortCode = optString(body, 'sortCode', problems)
  const currency = optString(body, 'currency', problems, true)
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) {
    problems.push({ itemId: 'currency', message: 'currency must be an ISO 4217 code such as USD.' })
  }
  if (currency === 'GBP' && !sortCode)
    problems.push({ itemId: 'sortCode', message: 'GBP accounts need a sortCode.' })
  let balance: string | null = null
  if (body.balance === undefined || body.balance === null) {
    if (v2) problems.push({ itemId: 'balance', message: 'balance is required.' })
  } else {
    balance = toDecimal(body.balance) ?? null
    if (balance === null) problems.push({ itemId: 'balance', message: 'balance must be a decimal number.' })
  }
  let routingInfo: SourceAccountRec['routingInfo'] = null
  if (v2 && body.routingInfo !== undefined && body.routingInfo !== null) {
    const r = body.routingInfo
    if (!isObject(r)) problems.push({ itemId: 'routingInfo', message: 'routingInfo must be an object.' })
    else {
      const bankCode = r.bankCode === undefined || r.bankCode === null ? null : r.bankCode
      const type = r.type === undefined || r.type === null ? 'bankcode' : r.type
      if (bankCode !== null && typeof bankCode !== 'string') {
        problems.push({ itemId: 'routingInfo.bankCode', message: 'bankCode must be a string.' })
      }
      if (typeof type !== 'string' || !ROUTING_TYPES.includes(type)) {
        problems.push({
          itemId: 'routingInfo.type',
          message: `type must be one of ${ROUTING_TYPES.join(', ')}.`,
        })
      }
      routingInfo = { bankCode: typeof bankCode === 'string' ? bankCode : null, type: String(type) }
    }
  }
  let accountInfo: Record<string, unknown> | null = null
  if (v2 && body.accountInfo !== undefined && body.accountInfo !== null) {
    const i = body.accountInfo
    if (!isObject(i)) problems.push({ itemId: 'accountInfo', message: 'accountInfo must be an object.' })
    else {
      const known = ['description', 'nickname', 'accountOpenDate', 'availableBalance']
      for (const k of Object.keys(i)) {
        if (!known.includes(k))
          problems.push({ itemId: `accountInfo.${k}`, message: `Unknown property ${k}.` })
      }
      const open = i.accountOpenDate
      if (open !== undefined && open !== null && (typeof open !== 'string' || !isCalendarDate(open))) {
        problems.push({
          itemId: 'accountInfo.accountOpenDate',
          message: 'accountOpenDate must be YYYY-MM-DD.',
        })
      }
      const avail = i.availableBalance
      accountInfo = {
        description: typeof i.description === 'string' ? i.description : null,
        nickname: typeof i.nickname === 'string' ? i.nickname : null,
        accountOpenDate: typeof open === 'string' ? open : null,
        availableBalance:
          avail === undefined || avail === null ? null : Number(toDecimal(avail) ?? Number.NaN),
      }
      if (Number.isNaN(accountInfo.availableBalance)) {
        problems.push({
          itemId: 'accountInfo.availableBalance',
          message: 'availableBalance must be a number.',
        })
      }
    }
  }
  if (problems.length || id === null) return { problems }
  return {
    problems,
    account: {
      id,
      schema,
      accountName,
      accountType,
      accountNumber,
      sortCode,
      currency,
      balance,
      routingInfo,
      accountInfo,
      modifiedDate: ctx.now,
      status: 'pending',
      feedStartDate: null,
      linkedWith: null,
      qbo: null,
      lines: [],
      newestDay: null,
      pullCursor: 0,
      firstWriteAt: null,
    },
  }
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

export function createSourceAccount(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  body: unknown,
) {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  const { account, problems } = readPrototype(ctx, body)
  if (!account) return invalid(ctx, 'SourceAccount', problems)
  if (conn.accounts.some((a) => a.id === account.id)) {
    return invalid(ctx, 'SourceAccount', [
      {
        itemId: account.id,
        message: `A source account with id ${account.id} already exists on this connection.`,
      },
    ])
  }
  added(ctx, conn, account)
  return ok(200, renderSourceAccount(account))
}

export function createSourceAccountBatch(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  body: unknown,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  if (!Array.isArray(body) || body.length === 0) {
    return invalid(ctx, 'SourceAccount', [
      { itemId: null, message: 'A non-empty array of source accounts is required.' },
    ])
  }
  const seen = new Set(conn.accounts.map((a) => a.id))
  const results: unknown[] = []
  const created: SourceAccountRec[] = []
  let conflicts = 0
  for (const item of body) {
    const { account, problems } = readPrototype(ctx, item)
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
    const errors = results.map((r) => {
      const x = r as { sourceAccountId: string; result: { error: string } }
      return { itemId: x.sourceAccountId, message: x.result.error }
    })
    return conflicts === body.length ? ok(409, results) : invalid(ctx, 'SourceAccount', errors)
  }
  for (const a of created) added(ctx, conn, a)
  for (const r of results) {
    const x = r as { sourceAccountId: string; result: { statusCode: unknown; account?: unknown } }
    if (x.result.statusCode === 200) {
      const a = created.find((c) => c.id === x.sourceAccountId)
      if (a) x.result.account = renderSourceAccount(a)
    }
  }
  return ok(created.length === body.length ? 201 : 207, results)
}

export function listSourceAccounts(ctx: Ctx, caller: Caller, companyId: string, connectionId: string) {
  return ok(200, getConnection(ctx, caller, companyId, connectionId).accounts.map(renderSourceAccount))
}

function same(a: unknown, b: unknown): boolean {
  const da = toDecimal(a)
  const db = toDecimal(b)
  if (da !== undefined && db !== undefined) return da === db
  return (a ?? null) === (b ?? null)
}

/** Moves an account to `disconnected`; the connection goes Unlinked once every account is (§4.4, §8.6). */
export function disconnectAccount(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec, reason: string): void {
  if (a.status !== 'disconnected') {
    const oldStatus = a.status
    a.status = 'disconnected'
    a.modifiedDate = ctx.now
    emit(ctx.state, ctx.now, 'SourceAccountStatusChanged', {
      companyId: conn.companyId,
      connectionId: conn.id,
      sourceAccountId: a.id,
      oldStatus,
      newStatus: 'disconnected',
      reason,
    })
  }
  if (a.qbo) {
    a.qbo.enabled = false
    a.qbo.disconnectAt = null
  }
  if (
    conn.status === 'Linked' &&
    conn.accounts.length > 0 &&
    conn.accounts.every((x) => x.status === 'disconnected')
  ) {
    setConnectionStatus(ctx, conn, 'Unlinked')
  }
}

export function updateSourceAccount(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  accountId: string,
  body: unknown,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  const a = getAccount(ctx, conn, accountId)
  if (!isObject(body))
    return invalid(ctx, 'SourceAccount', [{ itemId: null, message: 'A JSON object is required.' }])
  const problems: Problem[] = []
  const current = renderSourceAccount(a) as Record<string, unknown>
  for (const [k, v] of Object.entries(body)) {
    if (!V1_ALL.includes(k)) problems.push({ itemId: k, message: `Unknown property ${k} on source account.` })
    else if (k === 'id') {
      if (v !== accountId) problems.push({ itemId: 'id', message: 'id cannot be changed.' })
    } else if (k === 'accountName') {
      if (typeof v !== 'string' || v === '')
        problems.push({ itemId: k, message: 'accountName must be a non-empty string.' })
    } else if (k === 'status') {
      if (v !== 'disconnected' && v !== a.status) {
        problems.push({ itemId: k, message: 'status can only be set to disconnected.' })
      }
    } else if (k === 'balance') {
      if (toDecimal(v) === undefined)
        problems.push({ itemId: k, message: 'balance must be a decimal number.' })
      else if (a.status === 'connected' && !same(v, a.balance)) {
        problems.push({ itemId: k, message: 'balance cannot be changed while the account is connected.' })
      }
    } else if (k === 'modifiedDate' || k === 'feedStartDate') {
      // read-only; ignored
    } else if (!same(v, current[k])) {
      problems.push({ itemId: k, message: 'Only accountName, status and balance can be updated.' })
    }
  }
  if (problems.length) throw new Reply(invalid(ctx, 'SourceAccount', problems))
  if (typeof body.accountName === 'string') a.accountName = body.accountName
  if (body.balance !== undefined) a.balance = toDecimal(body.balance) ?? a.balance
  a.modifiedDate = ctx.now
  emit(ctx.state, ctx.now, 'SourceAccountUpdated', { companyId, connectionId, sourceAccountId: accountId })
  if (body.status === 'disconnected') disconnectAccount(ctx, conn, a, 'client')
  // BEHAVIOUR §6.3: the PATCH body and response schema is the v1 SourceAccount, whatever shape the account has.
  return ok(200, renderSourceAccount({ ...a, schema: 'v1' }))
}

export function deleteSourceAccount(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  accountId: string,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  getAccount(ctx, conn, accountId)
  conn.accounts = conn.accounts.filter((a) => a.id !== accountId)
  emit(ctx.state, ctx.now, 'SourceAccountDeleted', { companyId, connectionId, sourceAccountId: accountId })
  return ok(204)
}

export function getMapping(ctx: Ctx, caller: Caller, companyId: string, connectionId: string): SimResponse {
  return ok(200, getConnection(ctx, caller, companyId, connectionId).accounts.map(renderMapping))
}

export function createMapping(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): SimResponse {
  getConnection(ctx, caller, companyId, connectionId)
  return fail(
    ctx,
    400,
    'Account mapping for QuickBooks Online Bank Feeds is done by the user inside QuickBooks Online, not through the API.',
  )
}
