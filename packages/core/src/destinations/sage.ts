/**
 * Sage Bank Feeds (Codat platform `olpr`) as a destination: every rule the planner applies for
 * Sage, each a named function with its number from PLATFORMS.md §3.2 (S12…S25) and §3.3 (S26). The
 * test oracle `testing/sage-oracle.ts` restates the same rules independently, to judge these.
 *
 * Sage keeps "not older than the newest line" (S15), takes nothing before the day the customer
 * connected the account (S17: the feed start date Codat sets at connect), and processes ONE
 * statement per account at a time (S23): nothing is planned while a push is in flight, and a plan
 * holds at most one batch.
 */
import type { Day } from '../dates.js'
import { TRANSACTION_TYPES } from '../events.js'
import type { Txn } from '../state.js'
import { balancesFollowOn } from './balance-rule.js'
import type { BatchRule, Destination, HoldLine, LineRule, PlanContext, Verdict } from './destination.js'
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

/** The connect day (S7, S17): the day of the feed start date Codat set when the customer connected. */
function connectDay(ctx: PlanContext): Day | undefined {
  const feed = ctx.state.feed
  return feed.status === 'not_linked' ? undefined : feed.feedStartDate
}

/** S17: nothing dated before the day the customer connected the account in Sage (the feed start day). */
export function notBeforeConnectDay(t: Txn, ctx: PlanContext): Verdict | undefined {
  const start = connectDay(ctx)
  if (start === undefined || t.day >= start) return undefined
  return {
    kind: 'quarantine',
    code: 'before_feed_start',
    message: `Dated ${t.day}, before ${start}, the day the customer connected this account in Sage; Sage takes nothing dated before that day.`,
  }
}

/**
 * S23: Sage processes one statement per account at a time, each finished before the next. The
 * line rule (`oneWriteInFlight`) holds everything while a push is in flight; this batch rule keeps
 * a plan to its first batch, and holds the lines of any further one until that statement is done.
 */
export function oneStatementAtATime(batches: Txn[][], _ctx: PlanContext, hold: HoldLine): Txn[][] {
  const first = batches.findIndex((b) => b.length > 0)
  if (first < 0) return batches
  for (const batch of batches.slice(first + 1)) {
    for (const t of batch) {
      hold(
        t,
        'batch_in_flight',
        'Sent in the next push: Sage processes one statement per account at a time, and the one before must finish first.',
      )
    }
  }
  return [batches[first] as Txn[]]
}

/**
 * The day a redated line is pushed on: the earliest Sage takes, the later of the connect day (S17)
 * and the newest day Sage already holds (S15); today before the account is linked.
 */
export function earliestSageDay(ctx: PlanContext): Day {
  const start = connectDay(ctx)
  const newest = ctx.state.destinationNewestDay
  if (start === undefined) return newest ?? ctx.today
  return newest !== undefined && newest > start ? newest : start
}

const lineRules: readonly LineRule[] = [
  FEED_RULES.notVoided,
  FEED_RULES.notRefusedForGood,
  {
    name: 'onlyCleared',
    rule: 'S25',
    sentence: 'Only cleared transactions are sent to Sage; a pending one waits until it clears.',
    check: onlyCleared,
  },
  {
    name: 'feedLinked',
    rule: 'S12',
    sentence: 'Nothing is sent until the customer has connected the account from inside Sage.',
    check: feedLinked,
  },
  {
    name: 'feedSwitchedOn',
    rule: 'S26',
    sentence: 'Nothing is sent once the customer has disconnected the bank feed in Sage.',
    check: feedSwitchedOn,
  },
  {
    name: 'notOlderThanDestinationNewest',
    rule: 'S15',
    sentence: 'Sage refuses a transaction older than the newest one it already holds for the account.',
    check: notOlderThanDestinationNewest,
  },
  {
    name: 'notBeforeConnectDay',
    rule: 'S17',
    sentence:
      'Sage takes nothing dated before the day the customer connected the account (its feed start date).',
    check: notBeforeConnectDay,
  },
  {
    name: 'notFutureDated',
    rule: 'S16',
    sentence: 'Sage takes nothing dated after today; such a line waits for its day.',
    check: notFutureDated,
  },
  FEED_RULES.dayIsOver,
  {
    name: 'oneWriteInFlight',
    rule: 'S23',
    sentence:
      'Sage processes one statement per account at a time: nothing is sent while a push for the account is in progress.',
    check: FEED_RULES.oneWriteInFlight.check,
  },
]

const batchRules: readonly BatchRule[] = [
  {
    name: 'chronological',
    rule: 'S14',
    sentence: 'The lines of a push to Sage are in date order, earliest first.',
    apply: chronological,
  },
  {
    name: 'oneAccount',
    rule: 'S13',
    sentence: "A push to Sage carries one account's transactions only.",
    apply: oneAccount,
  },
  {
    name: 'balancesFollowOn',
    rule: 'S20',
    sentence:
      "The last line's balance becomes the Sage account's balance, so each line carries the running balance of the lines sent before it; a line whose bank-supplied balance disagrees with the bank's recorded transactions up to it (plus any accepted gap) waits, and every later one with it.",
    apply: balancesFollowOn,
  },
  {
    name: 'withinBatchSize',
    rule: 'S18',
    sentence: 'At most 1000 lines (maxBatchSize) per push to Sage.',
    apply: withinBatchSize,
  },
  {
    name: 'oneStatementAtATime',
    rule: 'S23',
    sentence:
      'One push per plan: Sage processes one statement per account at a time, so the next batch is planned once this one is done.',
    apply: oneStatementAtATime,
  },
]

/**
 * Sage: 1000 lines a push, one push at a time per account; lines dated from the later of the
 * connect day and the newest line Sage holds, up to today; `transactionType` required on every line
 * (S19; the bank's, else the sign's direction); sign mismatches only warn (S21); lines delivered
 * once Sage's Banking Service accepted the statement (S22: the operation's `Success`, which may
 * stay `Pending` a while), so nothing is "awaiting pull" as in QuickBooks.
 *
 * @example
 * planFor(sage, state, '2026-11-25T09:00:00Z').batches // => at most one batch
 */
export const sage: Destination & { readonly id: 'sage' } = {
  id: 'sage',
  ...DESTINATION_PLATFORMS.sage,
  // historicDays is QuickBooks' rolling window (Q7); no Sage rule reads it (S17 is the connect day).
  defaults: { maxBatchSize: 1000, historicDays: 365, policy: 'end_of_day' },
  transactionTypes: { accepted: TRANSACTION_TYPES, required: true, whenMissing: 'by_sign' },
  lineTransactionType: typeOrSign,
  lineRules,
  batchRules,
  delivery: { kind: 'immediate' },
  // S22: Pending while the Sage Banking Service processes the statement, about 60 s.
  pendingMs: 60_000,
  earliestDay: earliestSageDay,
}
