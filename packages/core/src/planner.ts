import { addDays, type Day, dayIn } from './dates.js'
import type { PlannedLine } from './events.js'
import { formatMinor } from './money.js'
import type { HoldCode, QuarantineCode, Reason } from './reasons.js'
import type { AccountState, Txn } from './state.js'

/** The knobs of the QBO rules. Defaults: BEHAVIOUR.md §8.1 and §14. */
export interface PlanLimits {
  /** Most lines in one push (QBO rule Q8). */
  readonly maxBatchSize: number
  /** How far back a line may be dated, in days before today (Q7). */
  readonly historicDays: number
  /** IANA zone that defines "today"; the account's zone when absent. */
  readonly timeZone?: string
  /**
   * `end_of_day` (default): push a day's transactions once that day is over, so that a transaction
   * clearing later the same day is never older than what the destination holds.
   * `immediate`: push cleared transactions dated today as well.
   */
  readonly policy: 'end_of_day' | 'immediate'
}

export const DEFAULT_LIMITS: PlanLimits = { maxBatchSize: 1000, historicDays: 7, policy: 'end_of_day' }

export interface PlannedBatch {
  readonly lines: readonly PlannedLine[]
}

export interface Held {
  readonly transactionId: string
  readonly reason: Reason<HoldCode>
}

export interface Quarantined {
  readonly transactionId: string
  readonly reason: Reason<QuarantineCode>
}

/**
 * What to push now and why everything else waits. `batches` are chained: each line's balance
 * assumes every earlier batch landed, so push the first, record its outcome, and plan again.
 */
export interface Plan {
  readonly today: Day
  readonly batches: readonly PlannedBatch[]
  readonly held: readonly Held[]
  readonly quarantined: readonly Quarantined[]
  /** Transactions in the batch between intent and outcome. */
  readonly inFlight: readonly string[]
}

function hold(transactionId: string, code: HoldCode, message: string): Held {
  return { transactionId, reason: { code, message } }
}

function quarantine(transactionId: string, code: QuarantineCode, message: string): Quarantined {
  return { transactionId, reason: { code, message } }
}

function byDateThenArrival(a: Txn, b: Txn): number {
  if (a.local !== b.local) return a.local < b.local ? -1 : 1
  return a.seq - b.seq
}

/**
 * Decides, for one account at instant `now`, which transactions to push in which batches, and
 * gives every transaction held back a reason. Pure: same state, `now` and limits, same plan.
 *
 * @example
 * const plan = planBatches(state, '2026-11-25T09:00:00Z', DEFAULT_LIMITS)
 * plan.batches[0]?.lines // => [{ transactionId, date, amount, balance }, ...]
 */
export function planBatches(state: AccountState, now: string, limits: Partial<PlanLimits> = {}): Plan {
  const lim: PlanLimits = { ...DEFAULT_LIMITS, ...limits }
  const zone = lim.timeZone ?? state.account?.timeZone ?? 'UTC'
  const today = dayIn(now, zone)
  const oldestAllowed = addDays(today, -lim.historicDays)
  const held: Held[] = []
  const quarantined: Quarantined[] = []
  const inFlight: string[] = []
  const candidates: Txn[] = []
  const feed = state.feed
  const dest = state.destinationNewestDay

  for (const t of state.txns.values()) {
    if (t.pushed) continue
    const id = t.id
    if (t.batchId !== undefined) {
      inFlight.push(id)
    } else if (t.voided) {
      quarantined.push(
        quarantine(id, 'voided', 'The bank voided this transaction before it was sent to QuickBooks.'),
      )
    } else if (t.rejection !== undefined) {
      quarantined.push(
        quarantine(
          id,
          'rejected_by_destination',
          `QuickBooks refused this transaction: ${t.rejection.message}`,
        ),
      )
    } else if (!t.cleared) {
      held.push(
        hold(id, 'pending', 'Waiting for the transaction to clear; only cleared transactions are sent.'),
      )
    } else if (feed.status === 'not_linked') {
      held.push(hold(id, 'feed_not_linked', 'Waiting for the customer to link this account in QuickBooks.'))
    } else if (feed.status === 'disconnected') {
      held.push(hold(id, 'feed_disconnected', 'The customer switched this bank feed off in QuickBooks.'))
    } else if (dest !== undefined && t.day < dest) {
      quarantined.push(
        quarantine(
          id,
          'older_than_destination',
          `Dated ${t.day}, before ${dest}, the newest transaction QuickBooks already holds; QuickBooks refuses older ones.`,
        ),
      )
    } else if (t.day < feed.feedStartDate) {
      quarantined.push(
        quarantine(
          id,
          'before_feed_start',
          `Dated ${t.day}, before the feed start date ${feed.feedStartDate} the customer chose in QuickBooks.`,
        ),
      )
    } else if (t.day < oldestAllowed) {
      quarantined.push(
        quarantine(
          id,
          'outside_historic_window',
          `Dated ${t.day}, more than ${lim.historicDays} days before today (${today}); QuickBooks only takes the last ${lim.historicDays} days.`,
        ),
      )
    } else if (t.day > today) {
      held.push(
        hold(id, 'future_dated', `Dated ${t.day}, after today (${today}); sent once that day arrives.`),
      )
    } else if (lim.policy === 'end_of_day' && t.day === today) {
      held.push(
        hold(id, 'day_not_over', `Sent after the end of ${today}, with the rest of that day's transactions.`),
      )
    } else if (state.inFlight !== undefined) {
      held.push(
        hold(id, 'batch_in_flight', 'Waiting for the push already in progress for this account to finish.'),
      )
    } else {
      candidates.push(t)
    }
  }

  candidates.sort(byDateThenArrival)
  const decimals = state.account?.decimals ?? 2
  const lines: PlannedLine[] = []
  let running = state.pushedBalance
  for (let i = 0; i < candidates.length; i++) {
    const t = candidates[i] as Txn
    const after = running + t.amount
    if (t.balance !== undefined && t.balance !== after) {
      held.push(
        hold(
          t.id,
          'balance_mismatch',
          `The bank reports a balance of ${formatMinor(t.balance, decimals)} after this transaction, but the transactions sent so far give ${formatMinor(after, decimals)}; a transaction may be missing.`,
        ),
      )
      for (const later of candidates.slice(i + 1)) {
        held.push(
          hold(
            later.id,
            'waiting_for_earlier_transaction',
            `Waiting for transaction ${t.id}, dated earlier, whose balance does not match.`,
          ),
        )
      }
      break
    }
    running = after
    lines.push({
      transactionId: t.id,
      date: t.date,
      amount: formatMinor(t.amount, decimals),
      balance: formatMinor(after, decimals),
    })
  }

  const size = Math.max(1, Math.floor(lim.maxBatchSize))
  const batches: PlannedBatch[] = []
  for (let i = 0; i < lines.length; i += size) batches.push({ lines: lines.slice(i, i + size) })
  return { today, batches, held, quarantined, inFlight }
}
