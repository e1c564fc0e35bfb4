import type { Ctx, DueEffect } from '../../codat/context.js'
import { disconnectAccount } from '../../codat/source-accounts/disconnect.js'
import type { ConnectionRec } from '../../codat/state.js'
import { nextDailyPull, pullConnection } from './pull.js'

/** Ranks after Codat's own (operations 0, timeouts 1). */
const PULL_RANK = 2
const DISCONNECT_RANK = 3

/**
 * QBO's time-driven effects on one connection: the daily pull (then the next one scheduled), and each
 * switched-off feed turning `disconnected` after `disconnectAfterDays`.
 */
export function qboDueEffects(ctx: Ctx, conn: ConnectionRec): DueEffect[] {
  const out: DueEffect[] = []
  if (conn.nextPullAt !== null) {
    const at = conn.nextPullAt
    out.push({
      at,
      rank: PULL_RANK,
      run: () => {
        if (conn.status === 'Linked') pullConnection(ctx, conn, 'daily')
        conn.nextPullAt = nextDailyPull(ctx, conn.companyId, at)
      },
    })
  }
  for (const a of conn.accounts) {
    const at = a.qbo?.disconnectAt
    if (at !== undefined && at !== null) {
      out.push({
        at,
        rank: DISCONNECT_RANK,
        run: () => disconnectAccount(ctx, conn, a, 'feed switched off in QuickBooks Online'),
      })
    }
  }
  return out
}
