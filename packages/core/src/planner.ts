import { addDays, type Day, dayIn } from './dates.js'
import { deliveryDay } from './destinations/delivery.js'
import type { Destination, PlanContext, PlanLimits, Verdict } from './destinations/destination.js'
import { destinationOf } from './destinations/destinations.js'
import { qbo } from './destinations/qbo.js'
import type { PlannedLine } from './events.js'
import { formatMinor } from './money.js'
import {
  type ClosedCode,
  type HoldCode,
  isDateQuarantine,
  type QuarantineCode,
  type Reason,
} from './reasons.js'
import type { AccountState, Txn } from './state.js'

export type { PlanLimits } from './destinations/destination.js'

/** QBO's defaults (BEHAVIOUR.md §8.1 and §14): 1000 lines a push, 7 days back, end of day. */
export const DEFAULT_LIMITS: PlanLimits = qbo.defaults

/** One push: at most `maxBatchSize` lines, in the order they are sent. */
export interface PlannedBatch {
  readonly lines: readonly PlannedLine[]
}

/** A transaction held back for now, with why. */
export interface Held {
  readonly transactionId: string
  readonly reason: Reason<HoldCode>
}

/** A transaction that will never be pushed, with why. */
export interface Quarantined {
  readonly transactionId: string
  readonly reason: Reason<QuarantineCode>
}

/** A transaction closed without being pushed: dismissed by the operator, or replaced by a posted one. */
export interface Closed {
  readonly transactionId: string
  readonly reason: Reason<ClosedCode>
}

/** A transaction the plan redates: pushed (or held, for a later reason) on `date` instead of `originalDate`. */
export interface Redated {
  readonly transactionId: string
  /** The bank's date. */
  readonly originalDate: string
  /** The day it goes on: the earliest the destination accepts (`Destination.earliestDay`). */
  readonly date: Day
  /** True when redated by the account's `latePostings: 'redate'`, false when by `RedateTransaction`. */
  readonly automatic: boolean
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
  /** Transactions closed without being pushed (dismissed, replaced). */
  readonly closed: readonly Closed[]
  /** Transactions the plan redates (in `batches` with an `originalDate`, or held for a later reason). */
  readonly redated: readonly Redated[]
}

/**
 * Decides, for one account at instant `now`, which transactions to push in which batches, and
 * gives every transaction held back a reason, by the rules of the destination the account
 * registered with. Pure: same state, `now` and limits, same plan. Throws a `RangeError` on a `now`
 * that is not an instant or an unknown time zone (`decide` checks both first and refuses instead).
 *
 * @example
 * const plan = planBatches(state, '2026-11-25T09:00:00Z', DEFAULT_LIMITS)
 * plan.batches[0]?.lines // => [{ transactionId, date, amount, balance }, ...]
 */
export function planBatches(state: AccountState, now: string, limits: Partial<PlanLimits> = {}): Plan {
  return planFor(destinationOf(state), state, now, limits)
}

/**
 * `planBatches` by the rules of a given destination: every transaction not yet pushed nor in flight
 * goes through the destination's line rules in order (the first that stops it gives its reason),
 * then the ones that passed through its batch rules in order.
 */
export function planFor(
  destination: Destination,
  state: AccountState,
  now: string,
  limits: Partial<PlanLimits> = {},
): Plan {
  const lim: PlanLimits = { ...destination.defaults, ...limits }
  const zone = lim.timeZone ?? state.account?.timeZone ?? 'UTC'
  const today = dayIn(now, zone)
  const ctx: PlanContext = {
    state,
    destination,
    limits: lim,
    today,
    oldestAllowed: addDays(today, -lim.historicDays),
    decimals: state.account?.decimals ?? 2,
    now,
    deliveryDay: deliveryDay(destination.delivery, now, zone),
  }
  const held: Held[] = []
  const quarantined: Quarantined[] = []
  const inFlight: string[] = []
  const closed: Closed[] = []
  const redated: Redated[] = []
  const candidates: Txn[] = []
  const autoRedate = state.settings.latePostings === 'redate'

  for (const t of state.txns.values()) {
    if (t.pushed) continue
    if (t.batchId !== undefined) {
      inFlight.push(t.id)
      continue
    }
    const close = closedReason(t)
    if (close !== undefined) {
      closed.push({ transactionId: t.id, reason: close })
      continue
    }
    let line = t
    let verdict = firstVerdict(destination, t, ctx)
    if (verdict?.kind === 'quarantine' && isDateQuarantine(verdict.code)) {
      if (t.redated !== undefined || autoRedate) {
        const date = destination.earliestDay(ctx)
        redated.push({ transactionId: t.id, originalDate: t.date, date, automatic: t.redated === undefined })
        line = { ...t, date, day: date, local: date }
        verdict = firstVerdict(destination, line, ctx)
      } else if (t.quarantine !== undefined && isDateQuarantine(t.quarantine.code)) {
        // The reason it was first quarantined with stays (a later rule would relabel it).
        verdict = { kind: 'quarantine', code: t.quarantine.code, message: t.quarantine.message }
      }
    }
    if (verdict === undefined) {
      candidates.push(line)
      continue
    }
    switch (verdict.kind) {
      case 'hold':
        held.push({ transactionId: t.id, reason: { code: verdict.code, message: verdict.message } })
        break
      case 'quarantine':
        quarantined.push({ transactionId: t.id, reason: { code: verdict.code, message: verdict.message } })
        break
      default: {
        // Exhaustive: a new kind of verdict does not compile until it is handled here.
        const unknown: never = verdict
        void unknown
      }
    }
  }

  const hold = (t: Txn, code: HoldCode, message: string) => {
    held.push({ transactionId: t.id, reason: { code, message } })
  }
  let shaped: Txn[][] = [candidates]
  for (const rule of destination.batchRules) shaped = rule.apply(shaped, ctx, hold)

  const batches: PlannedBatch[] = []
  let running = state.pushedBalance
  for (const batch of shaped) {
    if (batch.length === 0) continue
    const lines: PlannedLine[] = []
    for (const t of batch) {
      running += t.amount
      const line: PlannedLine = {
        transactionId: t.id,
        date: t.date,
        amount: formatMinor(t.amount, ctx.decimals),
        balance: formatMinor(running, ctx.decimals),
      }
      const original = state.txns.get(t.id)
      if (original !== undefined && original.date !== t.date) line.originalDate = original.date
      lines.push(line)
    }
    batches.push({ lines })
  }
  return { today, batches, held, quarantined, inFlight, closed, redated }
}

/** The first line rule's verdict on a transaction, if one stops it. */
function firstVerdict(destination: Destination, t: Txn, ctx: PlanContext): Verdict | undefined {
  for (const rule of destination.lineRules) {
    const verdict = rule.check(t, ctx)
    if (verdict !== undefined) return verdict
  }
  return undefined
}

/** Why a transaction is closed without being pushed, if it is. */
function closedReason(t: Txn): Reason<ClosedCode> | undefined {
  if (t.replacedBy !== undefined) {
    return {
      code: 'replaced',
      message: `The bank posted this pending transaction as ${t.replacedBy}; that one is sent instead.`,
    }
  }
  if (t.dismissed !== undefined) {
    const d = t.dismissed
    return {
      code: 'dismissed',
      message: `Dismissed by ${d.by} at ${d.at}: it will not be sent.${d.note === '' ? '' : ` Note: ${d.note}`}`,
    }
  }
  return undefined
}
