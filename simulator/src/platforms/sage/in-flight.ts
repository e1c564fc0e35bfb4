import type { Ctx } from '../../codat/context.js'
import { finish, unqueue } from '../../codat/push/outcome.js'
import type { ConnectionRec, PushOpRec, SourceAccountRec } from '../../codat/state.js'
import { durationMs, SAGE_VALIDATOR } from './world.js'

/** Sage's text for a second statement while one is in flight (S23). */
export const IN_FLIGHT = 'S23: A statement for this account is already being processed.'

/**
 * S23, judged when a write arrives: Sage's Banking Service takes one statement per bank account at a time.
 * With an earlier operation on the account still `Pending`, `sageInFlight: fail` fails this one at once
 * (every line carries the message, nothing is stored); `queue` lets it wait its turn (processed
 * `sageLatency` after the last one ahead of it).
 */
export function sagePushCreated(
  ctx: Ctx,
  _conn: ConnectionRec,
  account: SourceAccountRec,
  op: PushOpRec,
): void {
  const ahead = ctx.state.pendingOps
    .map((k) => ctx.state.operations[k])
    .filter(
      (o): o is PushOpRec =>
        o !== undefined &&
        o.key !== op.key &&
        o.status === 'Pending' &&
        o.connectionId === op.connectionId &&
        o.accountId === account.id,
    )
  if (ahead.length === 0) return
  if (ctx.opts.sageInFlight === 'queue') {
    const last = Math.max(...ahead.map((o) => o.dueAt))
    op.dueAt = Math.min(Number.MAX_SAFE_INTEGER, Math.max(op.dueAt, last + durationMs(ctx.opts.sageLatency)))
    return
  }
  unqueue(ctx, op)
  op.processed = true
  const errors = op.lines.length
    ? op.lines.map((l, i) => ({
        itemId: l.id ?? `transactions[${i}]`,
        message: IN_FLIGHT,
        validatorName: SAGE_VALIDATOR,
      }))
    : [{ itemId: account.id, message: IN_FLIGHT, validatorName: SAGE_VALIDATOR }]
  op.validation = { errors, warnings: [] }
  op.errorMessage = `Push failed for BankTransactions: ${IN_FLIGHT}`
  op.lines = []
  finish(ctx, op, 'Failed', 400)
}
