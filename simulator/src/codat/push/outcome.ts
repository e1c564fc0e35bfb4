import type { Ctx } from '../context.js'
import { emit } from '../events.js'
import type { PushOpRec, PushStatus, SourceAccountRec, StoredLine } from '../state.js'

/** The account a push operation writes to, if it still exists. */
export function accountOf(ctx: Ctx, op: PushOpRec): SourceAccountRec | undefined {
  return ctx.state.companies[op.companyId]?.connections[op.connectionId]?.accounts.find(
    (a) => a.id === op.accountId,
  )
}

/** Takes the operation off the pending list. */
export function unqueue(ctx: Ctx, op: PushOpRec): void {
  ctx.state.pendingOps = ctx.state.pendingOps.filter((k) => k !== op.key)
}

/** Stores every line of the operation on the account, oldest first (Codat now holds them). */
export function storeLines(ctx: Ctx, op: PushOpRec, a: SourceAccountRec): void {
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

/** The `changes` of a successful bank-transactions write. */
export function createdChanges(op: PushOpRec): NonNullable<PushOpRec['changes']> {
  return [
    { type: 'Created', recordRef: { id: op.accountId, dataType: 'bankTransactions' }, attachmentId: null },
  ]
}

/** Ends the operation in a terminal status (recorded as PushCompleted). */
export function finish(ctx: Ctx, op: PushOpRec, status: PushStatus, statusCode: number): void {
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

/** `timeoutInMinutes` elapsed while Pending: TimedOut keeps statusCode 202 and sets completedOnUtc (§14 #13). */
export function timeOutOperation(ctx: Ctx, op: PushOpRec): void {
  op.status = 'TimedOut'
  op.completedOn = ctx.now
  emit(ctx.state, ctx.now, 'PushTimedOut', { companyId: op.companyId, pushOperationKey: op.key })
  if (!ctx.opts.landAfterTimeout) {
    op.processed = true
    op.lines = []
    unqueue(ctx, op)
  }
}

/** When a Pending operation times out (epoch ms), or null without `timeoutInMinutes`. */
export function timeoutAt(op: PushOpRec): number | null {
  return op.timeoutInMinutes === null ? null : op.requestedOn + op.timeoutInMinutes * 60_000
}
