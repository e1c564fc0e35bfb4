import { type AccountState, type Plan, reconcile, zonedInstant } from '@feedsync/core'

/**
 * What one account contributes to the reconciliation gauges, from the state and the plan the
 * worker already has in hand at the end of an account's sync (no extra read).
 *
 * @example
 * accountFigures(state, plan, now)
 * // => { held: { balance_mismatch: 1 }, quarantined: { before_feed_start: 2 }, currency: 'USD',
 * //      absDifference: 826.8, oldestStuckMs: 1795910400000 }
 */
export interface AccountFigures {
  /** Lines held per reason code. */
  readonly held: Readonly<Record<string, number>>
  /** Lines quarantined per reason code. */
  readonly quarantined: Readonly<Record<string, number>>
  readonly currency: string
  /** |bank − destination| in major units: a gauge value (Prometheus values are floats), never used for money. */
  readonly absDifference: number
  /** Epoch ms of the start of the bank day of the oldest held or quarantined line, or undefined. */
  readonly oldestStuckMs: number | undefined
}

/** The figures of one account, or undefined for a stream with no account. */
export function accountFigures(state: AccountState, plan: Plan, now: string): AccountFigures | undefined {
  const account = state.account
  if (account === undefined) return undefined
  const r = reconcile(state, plan, { now })
  if (r === undefined) return undefined
  const held: Record<string, number> = {}
  const quarantined: Record<string, number> = {}
  let oldest: string | undefined
  for (const i of r.items) {
    if (i.state !== 'held' && i.state !== 'quarantined') continue
    const counts = i.state === 'held' ? held : quarantined
    counts[i.code] = (counts[i.code] ?? 0) + 1
    const day = i.date.slice(0, 10)
    if (oldest === undefined || day < oldest) oldest = day
  }
  const difference = r.difference.startsWith('-') ? r.difference.slice(1) : r.difference
  return {
    held,
    quarantined,
    currency: account.currency,
    // The exact decimal string, read once as a gauge value.
    absDifference: Number(difference),
    oldestStuckMs: oldest === undefined ? undefined : zonedInstant(oldest, '00:00', account.timeZone),
  }
}
