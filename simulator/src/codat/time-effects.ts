import type { Ctx, DueEffect } from './context.js'
import { platformOf } from './platform-of.js'
import { timeOutOperation, timeoutAt } from './push/outcome.js'
import { processOperation } from './push/process-operation.js'

/**
 * The earliest time-driven effect due at or before `target` (ties: operations, timeouts, then each
 * platform's effects by rank: QBO's pulls, then disconnects).
 */
function nextDue(ctx: Ctx, target: number): DueEffect | undefined {
  let best: DueEffect | undefined
  const consider = (d: DueEffect) => {
    if (d.at > target) return
    if (!best || d.at < best.at || (d.at === best.at && d.rank < best.rank)) best = d
  }
  for (const key of ctx.state.pendingOps) {
    const op = ctx.state.operations[key]
    if (!op) continue
    const t = timeoutAt(op)
    if (op.status === 'Pending' && t !== null && t < op.dueAt) {
      consider({ at: t, rank: 1, run: () => timeOutOperation(ctx, op) })
    } else consider({ at: op.dueAt, rank: 0, run: () => processOperation(ctx, op) })
  }
  for (const company of Object.values(ctx.state.companies)) {
    for (const conn of Object.values(company.connections)) {
      for (const d of platformOf(ctx, conn).dueEffects(ctx, conn)) consider(d)
    }
  }
  return best
}

/** Applies every time-driven effect up to `target`, each at its own simulated time, in order ("catch up"). */
export function catchUp(ctx: Ctx, target: number): void {
  for (;;) {
    const due = nextDue(ctx, target)
    if (!due) break
    ctx.now = Math.max(ctx.now, due.at)
    due.run()
  }
  ctx.now = Math.max(ctx.now, target)
  ctx.state.nowMs = ctx.now
}
