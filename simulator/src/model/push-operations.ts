import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { decimalToNumber } from './decimal.js'
import { fail } from './errors.js'
import { emit } from './events.js'
import { type Caller, getAccount, getCompany, getConnection } from './lookup.js'
import { type ListQuery, pageOf } from './paging.js'
import { renderPushOperation } from './render.js'
import { checkRules } from './rules.js'
import type { ParsedLine, PushOpRec, PushStatus, SourceAccountRec, StoredLine } from './state.js'
import { parseCreateRequest } from './transactions.js'

const OPERATION_FIELDS = [
  'status',
  'dataType',
  'dataConnectionKey',
  'pushOperationKey',
  'requestedOnUtc',
  'completedOnUtc',
  'companyId',
  'statusCode',
  'timeoutInMinutes',
  'errorMessage',
]

function parseTimeout(ctx: Ctx, v: string | undefined): number | null | SimResponse {
  if (v === undefined || v === '') return null
  if (!/^\d+$/.test(v) || Number(v) > 2_147_483_647) {
    return fail(ctx, 400, 'timeoutInMinutes must be a non-negative integer.')
  }
  return Number(v)
}

/** The request body as echoed in `data`, with amounts and balances as JSON numbers. */
function echo(body: unknown, lines: ParsedLine[]): unknown {
  const b = body as { accountId: string; transactions: Record<string, unknown>[] }
  return {
    ...b,
    transactions: b.transactions.map((t, i) => {
      const l = lines[i]
      const out: Record<string, unknown> = { ...t }
      if (l?.amount !== null && l?.amount !== undefined) out.amount = decimalToNumber(l.amount)
      if (l?.balance !== null && l?.balance !== undefined) out.balance = decimalToNumber(l.balance)
      return out
    }),
  }
}

/** POST .../push/bankAccounts/{accountId}/bankTransactions: HTTP 200 with a Pending operation (§7). */
export function createBankTransactions(
  ctx: Ctx,
  caller: Caller,
  p: { companyId: string; connectionId: string; accountId: string },
  query: ListQuery,
  body: unknown,
): SimResponse {
  const conn = getConnection(ctx, caller, p.companyId, p.connectionId)
  getAccount(ctx, conn, p.accountId)
  const timeout = parseTimeout(ctx, query.timeoutInMinutes)
  if (timeout !== null && typeof timeout === 'object') return timeout
  const lines = parseCreateRequest(ctx, p.accountId, body)
  const op: PushOpRec = {
    key: ctx.rng.uuid(),
    companyId: p.companyId,
    connectionId: p.connectionId,
    accountId: p.accountId,
    requestedOn: ctx.now,
    dueAt: ctx.now + ctx.opts.pushLatencyMs,
    timeoutInMinutes: timeout,
    status: 'Pending',
    statusCode: 202,
    completedOn: null,
    errorMessage: null,
    validation: null,
    changes: null,
    lines,
    processed: false,
  }
  ctx.state.operations[op.key] = op
  ctx.state.pendingOps.push(op.key)
  emit(ctx.state, ctx.now, 'PushRequested', {
    companyId: p.companyId,
    connectionId: p.connectionId,
    accountId: p.accountId,
    pushOperationKey: op.key,
    lines: lines.length,
  })
  if (op.dueAt <= ctx.now) processOperation(ctx, op)
  return ok(200, renderPushOperation(op, echo(body, lines)))
}

function storeLines(ctx: Ctx, op: PushOpRec, a: SourceAccountRec): void {
  for (const l of op.lines) {
    const stored: StoredLine = {
      id: l.id ?? '',
      date: l.date ?? '',
      day: l.day ?? '',
      local: l.local ?? '',
      description: l.description ?? '',
      amount: l.amount ?? '0',
      balance: l.balance ?? '0',
      transactionType: l.transactionType,
      modifiedDate: ctx.now,
      pushOperationKey: op.key,
      deliveredAt: null,
      expiredAt: null,
    }
    a.lines.push(stored)
    if (a.newestDay === null || stored.day > a.newestDay) a.newestDay = stored.day
  }
  const last = op.lines[op.lines.length - 1]
  if (last?.balance) a.balance = last.balance
  if (a.firstWriteAt === null) a.firstWriteAt = ctx.now
}

function findAccount(ctx: Ctx, op: PushOpRec): SourceAccountRec | undefined {
  return ctx.state.companies[op.companyId]?.connections[op.connectionId]?.accounts.find(
    (a) => a.id === op.accountId,
  )
}

function finish(ctx: Ctx, op: PushOpRec, status: PushStatus, statusCode: number): void {
  op.status = status
  op.statusCode = statusCode
  op.completedOn = ctx.now
  emit(ctx.state, ctx.now, 'PushCompleted', {
    companyId: op.companyId,
    pushOperationKey: op.key,
    status,
    statusCode,
  })
}

/** Judges the request against the rules as of now and stores all of it or nothing (§8.2, §14 #9). */
export function processOperation(ctx: Ctx, op: PushOpRec): void {
  ctx.state.pendingOps = ctx.state.pendingOps.filter((k) => k !== op.key)
  if (op.processed) return
  op.processed = true
  try {
    judgeAndStore(ctx, op)
  } finally {
    op.lines = []
  }
}

function judgeAndStore(ctx: Ctx, op: PushOpRec): void {
  const conn = ctx.state.companies[op.companyId]?.connections[op.connectionId]
  const a = findAccount(ctx, op)
  const timedOut = op.status === 'TimedOut'
  if (!conn || !a) {
    if (!timedOut) {
      op.errorMessage = 'The connection or source account no longer exists.'
      op.validation = { errors: [], warnings: [] }
      finish(ctx, op, 'Failed', 404)
    }
    return
  }
  const outcome = checkRules(ctx, conn, a, op.lines)
  emit(ctx.state, ctx.now, 'PushValidated', {
    companyId: op.companyId,
    pushOperationKey: op.key,
    errors: outcome.errors.length,
    warnings: outcome.warnings.length,
  })
  if (timedOut) {
    if (outcome.errors.length === 0 && ctx.opts.landAfterTimeout) storeLines(ctx, op, a)
    return
  }
  op.validation = { errors: outcome.errors, warnings: outcome.warnings }
  if (outcome.errors.length > 0) {
    op.errorMessage = `An error occurred in a downstream service. Correlation ID: ${ctx.rng.hex(32)}. Message: Push failed for BankTransactions: see validation for more information`
    finish(ctx, op, 'Failed', 400)
    return
  }
  storeLines(ctx, op, a)
  op.changes = [
    { type: 'Created', recordRef: { id: op.accountId, dataType: 'bankTransactions' }, attachmentId: null },
  ]
  finish(ctx, op, 'Success', 200)
}

/** `timeoutInMinutes` elapsed while Pending: TimedOut keeps statusCode 202 and sets completedOnUtc (§14 #13). */
export function timeOutOperation(ctx: Ctx, op: PushOpRec): void {
  op.status = 'TimedOut'
  op.completedOn = ctx.now
  emit(ctx.state, ctx.now, 'PushTimedOut', { companyId: op.companyId, pushOperationKey: op.key })
  if (!ctx.opts.landAfterTimeout) {
    op.processed = true
    op.lines = []
    ctx.state.pendingOps = ctx.state.pendingOps.filter((k) => k !== op.key)
  }
}

export function timeoutAt(op: PushOpRec): number | null {
  return op.timeoutInMinutes === null ? null : op.requestedOn + op.timeoutInMinutes * 60_000
}

/** Control: force a Pending operation's outcome (Success stores its lines without judging the rules). */
export function forceComplete(ctx: Ctx, key: string, status: unknown): SimResponse {
  const op = ctx.state.operations[key]
  if (!op) return fail(ctx, 404, `Push operation ${key} not found`)
  if (status !== 'Success' && status !== 'Failed' && status !== 'TimedOut') {
    return fail(ctx, 400, 'status must be Success, Failed or TimedOut.')
  }
  if (op.status !== 'Pending') return fail(ctx, 409, `Push operation ${key} is already ${op.status}.`)
  if (status === 'TimedOut') {
    op.processed = true
    op.lines = []
    ctx.state.pendingOps = ctx.state.pendingOps.filter((k) => k !== op.key)
    op.status = 'TimedOut'
    op.completedOn = ctx.now
    emit(ctx.state, ctx.now, 'PushTimedOut', {
      companyId: op.companyId,
      pushOperationKey: op.key,
      forced: true,
    })
    return ok(200, renderPushOperation(op))
  }
  op.processed = true
  ctx.state.pendingOps = ctx.state.pendingOps.filter((k) => k !== op.key)
  const a = findAccount(ctx, op)
  if (status === 'Success' && a) {
    storeLines(ctx, op, a)
    op.lines = []
    op.validation = { errors: [], warnings: [] }
    op.changes = [
      { type: 'Created', recordRef: { id: op.accountId, dataType: 'bankTransactions' }, attachmentId: null },
    ]
    finish(ctx, op, 'Success', 200)
  } else {
    op.lines = []
    op.errorMessage = 'Push failed: forced by the simulator control API.'
    op.validation = { errors: [], warnings: [] }
    finish(ctx, op, 'Failed', 400)
  }
  return ok(200, renderPushOperation(op))
}

export function getCreateOperation(ctx: Ctx, caller: Caller, companyId: string, key: string): SimResponse {
  getCompany(ctx, caller, companyId)
  const op = ctx.state.operations[key]
  if (!op || op.companyId !== companyId) return fail(ctx, 404, `Push operation ${key} not found`)
  return ok(200, renderPushOperation(op))
}

export function listCreateOperations(ctx: Ctx, caller: Caller, companyId: string, q: ListQuery): SimResponse {
  getCompany(ctx, caller, companyId)
  const items = Object.values(ctx.state.operations)
    .filter((op) => op.companyId === companyId)
    .map((op) => renderPushOperation(op))
  return pageOf(
    ctx,
    items,
    { typeName: 'PushOperation', fields: OPERATION_FIELDS, nested: ['validation', 'changes'] },
    `/companies/${companyId}/push`,
    q,
  )
}
