/**
 * The engine's own rules (rule number `'feedsync'`), which every destination lists beside its
 * ledger's: they follow from the bank's facts and from the push protocol, not from the ledger.
 * Reasons name the destination (`ctx.destination.name`).
 */
import type { Txn } from '../state.js'
import type { LineRule, PlanContext, Verdict } from './destination.js'

/** A transaction the bank voided before it was sent is never sent. */
export function notVoided(t: Txn, ctx: PlanContext): Verdict | undefined {
  if (!t.voided) return undefined
  return {
    kind: 'quarantine',
    code: 'voided',
    message: `The bank voided this transaction before it was sent to ${ctx.destination.name}.`,
  }
}

/** A transaction the destination refused for good (a final line rejection) is never sent again. */
export function notRefusedForGood(t: Txn, ctx: PlanContext): Verdict | undefined {
  if (t.rejection === undefined) return undefined
  return {
    kind: 'quarantine',
    code: 'rejected_by_destination',
    message: `${ctx.destination.name} refused this transaction: ${t.rejection.message}`,
  }
}

/**
 * Under the `end_of_day` policy a day's transactions wait for the day's end (BEHAVIOUR.md §14), so
 * that one clearing later that day is never older than what the destination already holds.
 */
export function dayIsOver(t: Txn, ctx: PlanContext): Verdict | undefined {
  if (ctx.limits.policy !== 'end_of_day' || t.day !== ctx.today) return undefined
  return {
    kind: 'hold',
    code: 'day_not_over',
    message: `Sent after the end of ${ctx.today}, with the rest of that day's transactions.`,
  }
}

/** At most one push in flight per account: the next waits for the outcome of the one under way. */
export function oneWriteInFlight(_t: Txn, ctx: PlanContext): Verdict | undefined {
  if (ctx.state.inFlight === undefined) return undefined
  return {
    kind: 'hold',
    code: 'batch_in_flight',
    message: 'Waiting for the push already in progress for this account to finish.',
  }
}

/** The rule entries of the functions above, for a destination's list. */
export const FEED_RULES = {
  notVoided: {
    name: 'notVoided',
    rule: 'feedsync',
    sentence: 'A transaction the bank voided before it was sent is never sent.',
    check: notVoided,
  },
  notRefusedForGood: {
    name: 'notRefusedForGood',
    rule: 'feedsync',
    sentence: 'A transaction the ledger refused for good is not sent again.',
    check: notRefusedForGood,
  },
  dayIsOver: {
    name: 'dayIsOver',
    rule: 'feedsync',
    sentence: "Under the end-of-day policy, a day's transactions are sent once that day is over.",
    check: dayIsOver,
  },
  oneWriteInFlight: {
    name: 'oneWriteInFlight',
    rule: 'feedsync',
    sentence: 'One push at a time per account: the next waits for the outcome of the one under way.',
    check: oneWriteInFlight,
  },
} as const satisfies Record<string, LineRule>
