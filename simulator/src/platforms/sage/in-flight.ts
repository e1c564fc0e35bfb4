import type { Ctx, DueEffect } from '../../codat/context.js'
import { finish, unqueue } from '../../codat/push/outcome.js'
import type { ConnectionRec, PushOpRec, SourceAccountRec } from '../../codat/state.js'
import { durationMs, SAGE_VALIDATOR, sageWorld } from './world.js'

/** Sage's text for a second statement while one is in flight (S23). */
export const IN_FLIGHT = 'S23: A statement for this account is already being processed.'

/**
 * S23, judged when a write arrives: Sage's Banking Service takes one statement per bank account at a time.
 * With an earlier operation on the account still `Pending`, `sageInFlight: fail` fails this one at once
 * (every line carries the message, nothing is stored); `queue` lets it wait its turn (processed
 * `sageLatency` after the last one ahead of it has completed, however it ended).
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
    // A stuck operation stays stuck; any other waits for those ahead (`queuedReleases`).
    if (op.dueAt === Number.MAX_SAFE_INTEGER) return
    op.dueAt = Number.MAX_SAFE_INTEGER
    const w = sageWorld(ctx.state)
    w.queued ??= {}
    w.queued[op.key] = ahead.map((o) => o.key)
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

/** Ranks after Codat's own (operations 0, timeouts 1), with Sage's refresh. */
const RELEASE_RANK = 2

/**
 * `sageInFlight: queue`: each waiting operation of the connection whose operations ahead are all done is
 * released `sageLatency` after the last of them completed (then processed as any other); one that is no
 * longer Pending (forced, timed out) leaves the queue.
 */
export function queuedReleases(ctx: Ctx, conn: ConnectionRec): DueEffect[] {
  const queued = sageWorld(ctx.state).queued ?? {}
  const out: DueEffect[] = []
  for (const [key, aheadKeys] of Object.entries(queued)) {
    const op = ctx.state.operations[key]
    if (op && op.connectionId !== conn.id) continue
    if (!op || op.status !== 'Pending') {
      out.push({ at: ctx.now, rank: RELEASE_RANK, run: () => delete queued[key] })
      continue
    }
    const ahead = aheadKeys.map((k) => ctx.state.operations[k])
    if (ahead.some((o) => o?.status === 'Pending')) continue
    const done = Math.max(op.requestedOn, ...ahead.map((o) => o?.completedOn ?? op.requestedOn))
    const at = done + durationMs(ctx.opts.sageLatency)
    out.push({
      at,
      rank: RELEASE_RANK,
      run: () => {
        delete queued[key]
        op.dueAt = at
      },
    })
  }
  return out
}
