/**
 * Xero bank feeds (Codat platform `gbol`) as a destination: every rule the planner applies for
 * Xero, each a named function with its number from PLATFORMS.md §2.3 (X16…X27) and §2.4 (X30). The
 * test oracle `testing/xero-oracle.ts` restates the same rules independently, to judge these.
 *
 * What Xero does NOT have, on purpose: no "not older than the newest line" rule (X19: a late
 * posting QuickBooks must quarantine goes to Xero as is), no feed start date rule (X23: advisory
 * only), no 7-day window (X21: a year).
 */
import type { Day } from '../dates.js'
import { TRANSACTION_TYPES } from '../events.js'
import type { Txn } from '../state.js'
import { balancesFollowOn } from './balance-rule.js'
import type { BatchRule, Destination, LineRule, PlanContext, Verdict } from './destination.js'
import { DESTINATION_PLATFORMS } from './destination-id.js'
import { FEED_RULES } from './feed-rules.js'
import {
  chronological,
  feedLinked,
  feedSwitchedOn,
  notFutureDated,
  oneAccount,
  onlyCleared,
  typeOrSign,
  withinBatchSize,
} from './ledger-rules.js'

/**
 * The same calendar day one year before `day` (X21's `today − P1Y`). For 29 February, the later
 * of the two readings (1 March): a line is sent only if every reading of "one year" takes it.
 *
 * @example
 * oneYearBefore('2026-12-02') // => '2025-12-02'
 * oneYearBefore('2028-02-29') // => '2027-03-01'
 */
export function oneYearBefore(day: Day): Day {
  const year = String(Number(day.slice(0, 4)) - 1).padStart(4, '0')
  const monthDay = day.slice(5)
  if (monthDay === '02-29') return `${year}-03-01`
  return `${year}-${monthDay}`
}

/**
 * X21: nothing dated more than one year before today (the boundary day itself is taken). Such a
 * line is quarantined, never sent: a push holding one fails as a whole in Xero. Fixed by Xero, so
 * `limits.historicDays` (QuickBooks' knob, Q7) does not change it.
 */
export function withinOneYear(t: Txn, ctx: PlanContext): Verdict | undefined {
  const first = oneYearBefore(ctx.today)
  if (t.day >= first) return undefined
  return {
    kind: 'quarantine',
    code: 'outside_historic_window',
    message: `Dated ${t.day}, more than a year before today (${ctx.today}); Xero takes lines dated ${first} to ${ctx.today} only, and refuses the whole push when one line is older.`,
  }
}

/** The day a redated line is pushed on: the earliest Xero takes, one year before today (X21). */
export function earliestXeroDay(ctx: PlanContext): Day {
  return oneYearBefore(ctx.today)
}

const lineRules: readonly LineRule[] = [
  FEED_RULES.notVoided,
  FEED_RULES.notRefusedForGood,
  {
    name: 'onlyCleared',
    rule: 'feedsync',
    sentence:
      'Only cleared transactions are sent to Xero (a line Xero holds cannot be taken back); a pending one waits until it clears.',
    check: onlyCleared,
  },
  {
    name: 'feedLinked',
    rule: 'X16',
    sentence: 'Nothing is sent until the customer has connected the account to a Xero bank account.',
    check: feedLinked,
  },
  {
    name: 'feedSwitchedOn',
    rule: 'X30',
    sentence: 'Nothing is sent once the customer has disconnected the bank feed from Xero.',
    check: feedSwitchedOn,
  },
  {
    name: 'withinOneYear',
    rule: 'X21',
    sentence:
      'Xero takes lines dated up to one year before today, that day included; an older line is never sent, since Xero refuses the whole push that holds one.',
    check: withinOneYear,
  },
  {
    name: 'notFutureDated',
    rule: 'X20',
    sentence: 'Xero takes nothing dated after today; such a line waits for its day.',
    check: notFutureDated,
  },
  FEED_RULES.dayIsOver,
  FEED_RULES.oneWriteInFlight,
]

const batchRules: readonly BatchRule[] = [
  {
    name: 'chronological',
    rule: 'X18',
    sentence:
      'The lines of a push to Xero are in date order, earliest first; a later push may carry earlier dates.',
    apply: chronological,
  },
  {
    name: 'oneAccount',
    rule: 'X17',
    sentence: "A push to Xero carries one account's transactions only.",
    apply: oneAccount,
  },
  {
    name: 'balancesFollowOn',
    rule: 'X25',
    sentence:
      "The last line's balance becomes the Xero account's balance, so each line carries the running balance of the lines sent before it; a line whose bank-supplied balance disagrees with the bank's recorded transactions up to it (plus any accepted gap) waits, and every later one with it.",
    apply: balancesFollowOn,
  },
  {
    name: 'withinBatchSize',
    rule: 'X22',
    sentence:
      'At most 1000 lines (maxBatchSize) per push to Xero; more are sent in several pushes, in order.',
    apply: withinBatchSize,
  },
]

/**
 * Xero: 1000 lines a push; lines dated from one year before today up to today, in any order
 * across pushes (no "newest" rule); the feed start date only advisory; `transactionType` required
 * on every line (X24; the bank's, else the sign's direction); sign mismatches only warn (X26); lines
 * delivered to Xero when the push succeeds (X27), so nothing is ever "awaiting pull".
 *
 * @example
 * planFor(xero, state, '2026-11-25T09:00:00Z').batches
 */
export const xero: Destination & { readonly id: 'xero' } = {
  id: 'xero',
  ...DESTINATION_PLATFORMS.xero,
  // historicDays is QuickBooks' rolling window (Q7); Xero's year (X21) is fixed and does not read it.
  defaults: { maxBatchSize: 1000, historicDays: 365, policy: 'end_of_day' },
  transactionTypes: { accepted: TRANSACTION_TYPES, required: true, whenMissing: 'by_sign' },
  lineTransactionType: typeOrSign,
  lineRules,
  batchRules,
  delivery: { kind: 'immediate' },
  // X27: Pending while Xero processes the statement, about 5 s.
  pendingMs: 5000,
  earliestDay: earliestXeroDay,
}
