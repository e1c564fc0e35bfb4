/**
 * What to say at ingest about a transaction just recorded: the planner would quarantine it as
 * sent, redate it, or hold it for more than a day because it is future-dated.
 */
import { addDays } from './dates.js'
import { destinationOf } from './destinations/destinations.js'
import type { Plan } from './planner.js'
import { type DateQuarantineCode, isDateQuarantine } from './reasons.js'
import type { AccountState } from './state.js'

/** A warning on one ingested transaction: a stable code and a sentence. */
export interface IngestWarning {
  /**
   * A date quarantine code (it will not be pushed unless redated or dismissed), `redated` (the
   * account's `latePostings: 'redate'` will push it on another day) or `future_dated` (dated after
   * tomorrow: held until its day).
   */
  readonly code: DateQuarantineCode | 'redated' | 'future_dated'
  readonly message: string
}

/**
 * One entry per id of `ids`, in order: the warning for that transaction under `plan` (a plan of
 * `state` made after recording it), or undefined when there is none (or no such transaction).
 *
 * @example
 * const plan = planBatches(state, now, limits)
 * ingestWarnings(state, plan, ['t1', 't2']) // => [{ code: 'before_feed_start', message: '…' }, undefined]
 */
export function ingestWarnings(
  state: AccountState,
  plan: Plan,
  ids: readonly string[],
): (IngestWarning | undefined)[] {
  const byId = new Map<string, IngestWarning>()
  const name = destinationOf(state).name
  for (const q of plan.quarantined) {
    if (isDateQuarantine(q.reason.code))
      byId.set(q.transactionId, { code: q.reason.code, message: q.reason.message })
  }
  for (const r of plan.redated) {
    byId.set(r.transactionId, {
      code: 'redated',
      message: `${name} refuses its date (${r.originalDate}); it will be sent dated ${r.date}, its bank date kept in the description.`,
    })
  }
  const tomorrow = addDays(plan.today, 1)
  for (const h of plan.held) {
    const t = state.txns.get(h.transactionId)
    if (h.reason.code === 'future_dated' && t !== undefined && t.day > tomorrow) {
      byId.set(h.transactionId, { code: 'future_dated', message: h.reason.message })
    }
  }
  return ids.map((id) => byId.get(id))
}
