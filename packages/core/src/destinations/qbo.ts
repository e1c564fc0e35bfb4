/**
 * QuickBooks Online Bank Feeds (Codat platform `hcws`) as a destination: every rule the planner
 * applies for QBO, each a named function with its number from BEHAVIOUR.md §8.1 (Q1…Q12). The test
 * oracle `testing/qbo-oracle.ts` restates the same rules independently, to judge these.
 */
import { addDays, type Day } from '../dates.js'
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
  notOlderThanDestinationNewest,
  oneAccount,
  onlyCleared,
  typeOrSign,
  withinBatchSize,
} from './ledger-rules.js'

export { balancesFollowOn } from './balance-rule.js'
export {
  chronological,
  feedLinked,
  feedSwitchedOn,
  notFutureDated,
  notOlderThanDestinationNewest,
  oneAccount,
  onlyCleared,
  withinBatchSize,
} from './ledger-rules.js'

/**
 * The first day QuickBooks takes a line dated on (Q7): the later of the feed start date and
 * `historicDays` (7) days before today. A feed start date further back does not widen the window;
 * nothing dated before the feed start date is ever taken.
 */
export function firstAcceptedDay(ctx: PlanContext): Day {
  const feed = ctx.state.feed
  const start = feed.status === 'not_linked' ? undefined : feed.feedStartDate
  return start !== undefined && start > ctx.oldestAllowed ? start : ctx.oldestAllowed
}

/** Q7: nothing dated before the feed start date the customer chose in QuickBooks. */
export function notBeforeFeedStart(t: Txn, ctx: PlanContext): Verdict | undefined {
  const feed = ctx.state.feed
  if (feed.status === 'not_linked' || t.day >= feed.feedStartDate) return undefined
  return {
    kind: 'quarantine',
    code: 'before_feed_start',
    message: `Dated ${t.day}, before the feed start date ${feed.feedStartDate} the customer chose in QuickBooks; QuickBooks takes nothing dated before the feed start date (today it takes ${firstAcceptedDay(ctx)} to ${ctx.today}).`,
  }
}

/** Q7: nothing more than `historicDays` (7) days before today, even after the feed start date. */
export function insideHistoricWindow(t: Txn, ctx: PlanContext): Verdict | undefined {
  if (t.day >= ctx.oldestAllowed) return undefined
  const days = ctx.limits.historicDays
  return {
    kind: 'quarantine',
    code: 'outside_historic_window',
    message: `Dated ${t.day}, more than ${days} days before today (${ctx.today}); QuickBooks takes lines dated ${firstAcceptedDay(ctx)} to ${ctx.today} only: at most ${days} days back, and never before the feed start date.`,
  }
}

/**
 * The day a redated line is pushed on: the earliest QuickBooks takes now (`firstAcceptedDay`, and
 * not older than its newest line, Q4) that is still inside the window when QuickBooks pulls it at
 * its next daily pull (a line outside the window at pull time expires, never delivered).
 */
export function earliestAcceptedDay(ctx: PlanContext): Day {
  let day = firstAcceptedDay(ctx)
  const atPull = addDays(ctx.deliveryDay, -ctx.limits.historicDays)
  if (atPull > day) day = atPull
  const newest = ctx.state.destinationNewestDay
  if (newest !== undefined && newest > day) day = newest
  return day
}

const lineRules: readonly LineRule[] = [
  FEED_RULES.notVoided,
  FEED_RULES.notRefusedForGood,
  {
    name: 'onlyCleared',
    rule: 'Q6',
    sentence: 'Only cleared transactions are sent to QuickBooks; a pending one waits until it clears.',
    check: onlyCleared,
  },
  {
    name: 'feedLinked',
    rule: 'Q1',
    sentence: 'Nothing is sent until the customer has linked the account in QuickBooks.',
    check: feedLinked,
  },
  {
    name: 'feedSwitchedOn',
    rule: 'Q11',
    sentence: 'Nothing is sent once the customer has switched the bank feed off in QuickBooks.',
    check: feedSwitchedOn,
  },
  {
    name: 'notOlderThanDestinationNewest',
    rule: 'Q4',
    sentence: 'QuickBooks refuses a transaction older than the newest one it already holds for the account.',
    check: notOlderThanDestinationNewest,
  },
  {
    name: 'notBeforeFeedStart',
    rule: 'Q7',
    sentence:
      'QuickBooks takes nothing dated before the feed start date the customer chose: not even a day before it.',
    check: notBeforeFeedStart,
  },
  {
    name: 'insideHistoricWindow',
    rule: 'Q7',
    sentence:
      'QuickBooks takes lines dated from the later of the feed start date and 7 days (historicDays) before today, up to today; a feed start date further back does not widen that.',
    check: insideHistoricWindow,
  },
  {
    name: 'notFutureDated',
    rule: 'Q5',
    sentence: 'Nothing dated after today is sent; it waits for its day.',
    check: notFutureDated,
  },
  FEED_RULES.dayIsOver,
  FEED_RULES.oneWriteInFlight,
]

const batchRules: readonly BatchRule[] = [
  {
    name: 'chronological',
    rule: 'Q3',
    sentence: 'The lines of a push are in date order, earliest first.',
    apply: chronological,
  },
  {
    name: 'oneAccount',
    rule: 'Q2',
    sentence: "A push carries one account's transactions only.",
    apply: oneAccount,
  },
  {
    name: 'balancesFollowOn',
    rule: 'Q10',
    sentence:
      "Each line carries the running balance of the lines pushed before it; a line whose bank-supplied balance disagrees with the bank's recorded transactions up to it (plus any accepted gap) waits, and every later one with it.",
    apply: balancesFollowOn,
  },
  {
    name: 'withinBatchSize',
    rule: 'Q8',
    sentence: 'At most 1000 lines (maxBatchSize) per push; more are sent in several pushes, in order.',
    apply: withinBatchSize,
  },
]

/**
 * QuickBooks Online: 1000 lines a push; lines dated from the later of the feed start date and 7
 * days before today, up to today; end-of-day pushes; Credit, Debit or Unknown as the optional
 * transaction type (sent as the bank gave it, else by the amount's sign); QuickBooks pulls what Codat accepted daily at 06:00 in the account's zone.
 *
 * @example
 * planFor(qbo, state, '2026-11-25T09:00:00Z').batches
 */
export const qbo: Destination & { readonly id: 'qbo' } = {
  id: 'qbo',
  ...DESTINATION_PLATFORMS.qbo,
  defaults: { maxBatchSize: 1000, historicDays: 7, policy: 'end_of_day' },
  transactionTypes: { accepted: TRANSACTION_TYPES, required: false, whenMissing: 'by_sign' },
  lineTransactionType: typeOrSign,
  lineRules,
  batchRules,
  delivery: { kind: 'daily_pull', localTime: '06:00' },
  // BEHAVIOUR.md §7.3: Codat validates and stores the lines (QBO pulls them later, §8.4), about 2 s.
  pendingMs: 2000,
  earliestDay: earliestAcceptedDay,
}
