/**
 * QuickBooks Online Bank Feeds (Codat platform `hcws`) as a destination: every rule the planner
 * applies for QBO, each a named function with its number from BEHAVIOUR.md §8.1 (Q1…Q12). The test
 * oracle `testing/qbo-oracle.ts` restates the same rules independently, to judge these.
 */
import { TRANSACTION_TYPES } from '../events.js'
import { formatMinor } from '../money.js'
import type { Txn } from '../state.js'
import type { BatchRule, Destination, HoldLine, LineRule, PlanContext, Verdict } from './destination.js'
import { FEED_RULES } from './feed-rules.js'

/** Q6: only cleared transactions are sent; a pending one waits until it clears. */
export function onlyCleared(t: Txn): Verdict | undefined {
  if (t.cleared) return undefined
  return {
    kind: 'hold',
    code: 'pending',
    message: 'Waiting for the transaction to clear; only cleared transactions are sent.',
  }
}

/** Q1: nothing is written until the customer has linked the account in QuickBooks. */
export function feedLinked(_t: Txn, ctx: PlanContext): Verdict | undefined {
  if (ctx.state.feed.status !== 'not_linked') return undefined
  return {
    kind: 'hold',
    code: 'feed_not_linked',
    message: 'Waiting for the customer to link this account in QuickBooks.',
  }
}

/** Q11: once the customer switched the feed off in QuickBooks, every write for it fails. */
export function feedSwitchedOn(_t: Txn, ctx: PlanContext): Verdict | undefined {
  if (ctx.state.feed.status !== 'disconnected') return undefined
  return {
    kind: 'hold',
    code: 'feed_disconnected',
    message: 'The customer switched this bank feed off in QuickBooks.',
  }
}

/** Q4: no line older than the newest one QuickBooks already holds for the account (equal days pass). */
export function notOlderThanDestinationNewest(t: Txn, ctx: PlanContext): Verdict | undefined {
  const newest = ctx.state.destinationNewestDay
  if (newest === undefined || t.day >= newest) return undefined
  return {
    kind: 'quarantine',
    code: 'older_than_destination',
    message: `Dated ${t.day}, before ${newest}, the newest transaction QuickBooks already holds; QuickBooks refuses older ones.`,
  }
}

/** Q7: nothing dated before the feed start date the customer chose in QuickBooks. */
export function notBeforeFeedStart(t: Txn, ctx: PlanContext): Verdict | undefined {
  const feed = ctx.state.feed
  if (feed.status === 'not_linked' || t.day >= feed.feedStartDate) return undefined
  return {
    kind: 'quarantine',
    code: 'before_feed_start',
    message: `Dated ${t.day}, before the feed start date ${feed.feedStartDate} the customer chose in QuickBooks.`,
  }
}

/** Q7: nothing more than `historicDays` (7) days before today, whatever the feed start date. */
export function insideHistoricWindow(t: Txn, ctx: PlanContext): Verdict | undefined {
  if (t.day >= ctx.oldestAllowed) return undefined
  const days = ctx.limits.historicDays
  return {
    kind: 'quarantine',
    code: 'outside_historic_window',
    message: `Dated ${t.day}, more than ${days} days before today (${ctx.today}); QuickBooks only takes the last ${days} days.`,
  }
}

/** Q5: no future-dated lines; one dated after today waits for its day. */
export function notFutureDated(t: Txn, ctx: PlanContext): Verdict | undefined {
  if (t.day <= ctx.today) return undefined
  return {
    kind: 'hold',
    code: 'future_dated',
    message: `Dated ${t.day}, after today (${ctx.today}); sent once that day arrives.`,
  }
}

function byDateThenArrival(a: Txn, b: Txn): number {
  if (a.local !== b.local) return a.local < b.local ? -1 : 1
  return a.seq - b.seq
}

/** Q3: lines in chronological order, earliest first (arrival order within the same moment). */
export function chronological(batches: Txn[][]): Txn[][] {
  for (const batch of batches) batch.sort(byDateThenArrival)
  return batches
}

/** Q2: one source account per push. The planner plans one account's stream, so this holds as given. */
export function oneAccount(batches: Txn[][]): Txn[][] {
  return batches
}

/** The first `n` transactions of the batches, in their batches. */
function keepFirst(batches: Txn[][], n: number): Txn[][] {
  const out: Txn[][] = []
  for (const batch of batches) {
    if (n <= 0) break
    out.push(batch.length <= n ? batch : batch.slice(0, n))
    n -= batch.length
  }
  return out
}

/**
 * Q10: the last line's balance becomes the account's balance in QuickBooks, so every line's balance
 * must follow on from the ones sent before it. A transaction whose bank balance disagrees is held
 * (a transaction may be missing), and every later one waits for it.
 */
export function balancesFollowOn(batches: Txn[][], ctx: PlanContext, hold: HoldLine): Txn[][] {
  const all = batches.flat()
  let running = ctx.state.pushedBalance
  for (let i = 0; i < all.length; i++) {
    const t = all[i] as Txn
    const after = running + t.amount
    if (t.balance !== undefined && t.balance !== after) {
      const bank = formatMinor(t.balance, ctx.decimals)
      const ours = formatMinor(after, ctx.decimals)
      hold(
        t,
        'balance_mismatch',
        `The bank reports a balance of ${bank} after this transaction, but the transactions sent so far give ${ours}; a transaction may be missing.`,
      )
      const waiting = `Waiting for transaction ${t.id}, dated earlier, whose balance does not match.`
      for (const later of all.slice(i + 1)) hold(later, 'waiting_for_earlier_transaction', waiting)
      return keepFirst(batches, i)
    }
    running = after
  }
  return batches
}

/** Q8: at most `maxBatchSize` (1000) lines per push; longer runs are cut into chained batches. */
export function withinBatchSize(batches: Txn[][], ctx: PlanContext): Txn[][] {
  const size = Math.max(1, Math.floor(ctx.limits.maxBatchSize))
  return batches.flatMap((batch) => {
    if (batch.length <= size) return [batch]
    const pieces: Txn[][] = []
    for (let i = 0; i < batch.length; i += size) pieces.push(batch.slice(i, i + size))
    return pieces
  })
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
    sentence: 'QuickBooks refuses a transaction dated before the feed start date the customer chose.',
    check: notBeforeFeedStart,
  },
  {
    name: 'insideHistoricWindow',
    rule: 'Q7',
    sentence:
      'QuickBooks takes only the last 7 days of history (historicDays), whatever the feed start date.',
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
      "Each line's balance follows on from the lines before it; a transaction whose bank balance disagrees waits, and every later one with it.",
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
 * QuickBooks Online: 1000 lines a push, 7 days of history, end-of-day pushes; Credit, Debit or
 * Unknown as the optional transaction type.
 *
 * @example
 * planFor(qbo, state, '2026-11-25T09:00:00Z').batches
 */
export const qbo: Destination & { readonly id: 'qbo' } = {
  id: 'qbo',
  name: 'QuickBooks',
  codatPlatformKey: 'hcws',
  defaults: { maxBatchSize: 1000, historicDays: 7, policy: 'end_of_day' },
  transactionTypes: { accepted: TRANSACTION_TYPES, required: false },
  lineRules,
  batchRules,
}
