/**
 * Rules several ledgers state alike (QBO in BEHAVIOUR.md §8.1, Xero and Sage in PLATFORMS.md §2.3
 * and §3.2), as one function each. Every destination lists them under its own rule number and
 * sentence; reasons name the destination (`ctx.destination.name`), so no Xero reason says
 * "QuickBooks".
 */
import type { TransactionType } from '../events.js'
import type { Txn } from '../state.js'
import type { PlanContext, Verdict } from './destination.js'

/** Q6, S25 (and the engine's rule for Xero): only cleared transactions are sent. */
export function onlyCleared(t: Txn): Verdict | undefined {
  if (t.cleared) return undefined
  return {
    kind: 'hold',
    code: 'pending',
    message: 'Waiting for the transaction to clear; only cleared transactions are sent.',
  }
}

/** Q1, X16, S12: nothing is written until the customer has linked the account in the ledger. */
export function feedLinked(_t: Txn, ctx: PlanContext): Verdict | undefined {
  if (ctx.state.feed.status !== 'not_linked') return undefined
  return {
    kind: 'hold',
    code: 'feed_not_linked',
    message: `Waiting for the customer to link this account in ${ctx.destination.name}.`,
  }
}

/** Q11, X30, S26: once the customer switched the feed off in the ledger, every write for it fails. */
export function feedSwitchedOn(_t: Txn, ctx: PlanContext): Verdict | undefined {
  if (ctx.state.feed.status !== 'disconnected') return undefined
  return {
    kind: 'hold',
    code: 'feed_disconnected',
    message: `The customer switched this bank feed off in ${ctx.destination.name}.`,
  }
}

/** Q4, S15: no line older than the newest one the ledger already holds (equal days pass). */
export function notOlderThanDestinationNewest(t: Txn, ctx: PlanContext): Verdict | undefined {
  const newest = ctx.state.destinationNewestDay
  if (newest === undefined || t.day >= newest) return undefined
  const name = ctx.destination.name
  return {
    kind: 'quarantine',
    code: 'older_than_destination',
    message: `Dated ${t.day}, before ${newest}, the newest transaction ${name} already holds; ${name} refuses older ones.`,
  }
}

/** Q5, X20, S16: no future-dated lines; one dated after today waits for its day. */
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

/** Q3, X18, S14: lines in chronological order, earliest first (arrival order within the same moment). */
export function chronological(batches: Txn[][]): Txn[][] {
  for (const batch of batches) batch.sort(byDateThenArrival)
  return batches
}

/** Q2, X17, S13: one source account per push. The planner plans one account's stream, so this holds as given. */
export function oneAccount(batches: Txn[][]): Txn[][] {
  return batches
}

/** Q8, X22, S18: at most `maxBatchSize` (1000) lines per push; longer runs are cut into chained batches. */
export function withinBatchSize(batches: Txn[][], ctx: PlanContext): Txn[][] {
  const size = Math.max(1, Math.floor(ctx.limits.maxBatchSize))
  return batches.flatMap((batch) => {
    if (batch.length <= size) return [batch]
    const pieces: Txn[][] = []
    for (let i = 0; i < batch.length; i += size) pieces.push(batch.slice(i, i + size))
    return pieces
  })
}

/**
 * The `transactionType` a line is sent with: the bank's, when it sent one; otherwise the direction
 * its sign gives (`Credit` for money in, zero included; `Debit` for money out), so a ledger that
 * requires the field (X24, S19) never waits on a bank that left it out, and a type derived this way
 * never earns the sign warning (Q9, X26, S21). A bank's type that disagrees with the sign is sent as
 * the bank gave it (the ledger warns, and still takes the line).
 *
 * @example
 * typeOrSign({ type: undefined, amount: -350n }) // => 'Debit'
 * typeOrSign({ type: 'Unknown', amount: -350n }) // => 'Unknown'
 */
export function typeOrSign(t: Pick<Txn, 'type' | 'amount'>): TransactionType {
  return t.type ?? (t.amount < 0n ? 'Debit' : 'Credit')
}
