import {
  type AccountState,
  addDays,
  dayIn,
  destinationOf,
  type IngestWarning,
  ingestWarnings,
  type PlanLimits,
  planBatches,
} from '@feedsync/core'

/**
 * True when a line dated `day` might be warned about at ingest: dated before the feed start date,
 * before the newest day the destination holds, before the historic window (a day of margin for the
 * zone), or after today (future-dated). A false answer is exact: no warning is possible.
 */
function couldWarn(state: AccountState, day: string, today: string, limits: Partial<PlanLimits>): boolean {
  const historic = limits.historicDays ?? destinationOf(state).defaults.historicDays
  if (day > today) return true
  if (day < addDays(today, -(historic + 1))) return true
  if (state.feed.status !== 'not_linked' && day < state.feed.feedStartDate) return true
  return state.destinationNewestDay !== undefined && day < state.destinationNewestDay
}

/**
 * The warning of each id (in order) once its transaction is recorded in `state`: the core's
 * `ingestWarnings` under a plan at `at` with the worker's `limits`. The plan is made only when a
 * line could be warned about, so an ingest of today's lines costs no plan.
 *
 * @example
 * warningsFor(loaded.state, ['t1', 't2'], at, config.sync.limits)
 * // => [{ code: 'before_feed_start', message: '…' }, undefined]
 */
export function warningsFor(
  state: AccountState,
  ids: readonly string[],
  at: string,
  limits: Partial<PlanLimits>,
): (IngestWarning | undefined)[] {
  const zone = limits.timeZone ?? state.account?.timeZone ?? 'UTC'
  const today = dayIn(at, zone)
  const any = ids.some((id) => {
    const t = state.txns.get(id)
    return t !== undefined && couldWarn(state, t.day, today, limits)
  })
  if (!any) return ids.map(() => undefined)
  return ingestWarnings(state, planBatches(state, at, limits), ids)
}
