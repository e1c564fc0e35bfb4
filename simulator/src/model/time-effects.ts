import type { Ctx } from './context.js'
import { processOperation, timeOutOperation, timeoutAt } from './push-operations.js'
import { nextDailyPull, pullConnection } from './qbo.js'
import { disconnectAccount } from './source-accounts.js'

interface Due {
  at: number
  rank: number
  run: () => void
}

/** The earliest time-driven effect due at or before `target` (ties: operations, timeouts, pulls, disconnects). */
function nextDue(ctx: Ctx, target: number): Due | undefined {
  let best: Due | undefined
  const consider = (d: Due) => {
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
      if (conn.nextPullAt !== null) {
        const at = conn.nextPullAt
        consider({
          at,
          rank: 2,
          run: () => {
            if (conn.status === 'Linked') pullConnection(ctx, conn, 'daily')
            conn.nextPullAt = nextDailyPull(ctx, conn.companyId, at)
          },
        })
      }
      for (const a of conn.accounts) {
        const at = a.qbo?.disconnectAt
        if (at !== undefined && at !== null) {
          consider({
            at,
            rank: 3,
            run: () => disconnectAccount(ctx, conn, a, 'feed switched off in QuickBooks Online'),
          })
        }
      }
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
