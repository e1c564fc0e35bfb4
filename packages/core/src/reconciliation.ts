/**
 * The reconciliation report: the bank's ledger against what the destination holds, with every
 * line behind the difference, its reason and what moves it on. Pure: a function of the state, a
 * plan of that state and the instant `now` (for what the ledger has not pulled yet).
 */
import type { Day } from './dates.js'
import { lastDeliveryAt } from './destinations/delivery.js'
import { destinationOf } from './destinations/destinations.js'
import { formatMinor } from './money.js'
import type { Plan } from './planner.js'
import type { HoldCode, QuarantineCode } from './reasons.js'
import type { AccountState } from './state.js'
import { bankOrder, inBankLedger, type Txn } from './txn.js'
import { syncStatuses } from './views.js'

/** Where a line behind the difference stands. */
export type ItemState = 'ready' | 'held' | 'quarantined' | 'dismissed' | 'in_flight'

/**
 * What moves an item on: `wait` (time passes, or the push under way ends), `link_feed` (the
 * customer links, or links again, the feed in the ledger), `redate` (`RedateTransaction`),
 * `accept_balance` (`AcceptBankBalance`), `dismiss` (`DismissTransaction`).
 */
export type ItemAction = 'wait' | 'link_feed' | 'redate' | 'accept_balance' | 'dismiss'

/** One line behind the difference: cleared, not voided, not replaced, not pushed. */
export interface ReconciliationItem {
  readonly transactionId: string
  /** The bank's date. */
  readonly date: string
  /** Exact decimal in the account's decimals. */
  readonly amount: string
  readonly state: ItemState
  /** The reason code (`ready`, `in_flight` and `dismissed` are their own codes). */
  readonly code: HoldCode | QuarantineCode | 'ready' | 'in_flight' | 'dismissed'
  readonly message: string
  /** Never empty for a `held` or `quarantined` item; empty for a `dismissed` one. */
  readonly actions: readonly ItemAction[]
  /** The day the plan pushes it on, when it redates it. */
  readonly redatedTo?: string
}

/** One bank balance the operator accepted, and the gap it explains. */
export interface AcceptedGap {
  readonly transactionId: string
  readonly offset: string
  readonly note: string
  readonly by: string
  readonly at: string
}

/**
 * The report. Every amount is an exact decimal string in the account's decimals. Both sides count
 * a line by the bank's date (a redated line too), so that `unexplained` is zero under any `asOf`.
 *
 * @example
 * const r = reconcile(state, planBatches(state, now), { now })
 * r.difference // => '826.80', r.unexplained // => '0.00', r.items.map((i) => i.code) // => ['before_feed_start', …]
 */
export interface Reconciliation {
  /** The last day counted, or null for every day. */
  readonly asOf: Day | null
  readonly currency: string
  readonly bank: {
    /** Opening balance + every cleared, not voided, not replaced transaction dated ≤ asOf. */
    readonly balance: string
    /** The bank's latest per-line balance (≤ asOf, in the bank's order), if it sent any. */
    readonly reportedBalance: string | null
    /** The sum of the gaps the operator accepted (lines ≤ asOf): `reportedBalance − balance` when they explain it all. */
    readonly acceptedGap: string
    readonly acceptedGaps: readonly AcceptedGap[]
  }
  readonly destination: {
    /** Opening balance + every pushed amount dated ≤ asOf: what the ledger shows once it pulled. */
    readonly balance: string
    readonly pushedCount: number
    /** Pushed lines accepted after the ledger's last scheduled pull at or before `now`. */
    readonly awaitingPull: number
  }
  /** bank.balance − destination.balance. */
  readonly difference: string
  /** In the bank's order. */
  readonly items: readonly ReconciliationItem[]
  /** difference − Σ items.amount: always zero. */
  readonly unexplained: string
}

/** The actions that move on a line held or quarantined for `code`. */
export function actionsFor(code: HoldCode | QuarantineCode): readonly ItemAction[] {
  switch (code) {
    case 'feed_not_linked':
    case 'feed_disconnected':
      return ['link_feed', 'dismiss']
    case 'pending':
    case 'future_dated':
    case 'day_not_over':
    case 'batch_in_flight':
    case 'waiting_for_earlier_transaction':
      return ['wait', 'dismiss']
    case 'balance_mismatch':
      return ['accept_balance', 'dismiss']
    case 'older_than_destination':
    case 'before_feed_start':
    case 'outside_historic_window':
      return ['redate', 'dismiss']
    case 'rejected_by_destination':
    case 'voided':
      return ['dismiss']
    default: {
      const unknown: never = code
      return unknown
    }
  }
}

/**
 * Reconciles one account: `plan` must be a plan of `state` (at `now`); `asOf` bounds both sides
 * by the bank's date. Undefined for a stream with no account.
 */
export function reconcile(
  state: AccountState,
  plan: Plan,
  options: { readonly now: string; readonly asOf?: Day },
): Reconciliation | undefined {
  const account = state.account
  if (account === undefined) return undefined
  const { asOf } = options
  const fmt = (m: bigint) => formatMinor(m, account.decimals)
  const counted = (t: Txn) => asOf === undefined || t.day <= asOf
  const statuses = syncStatuses(state, plan)
  const ledger = [...state.txns.values()].filter((t) => inBankLedger(t) && counted(t)).sort(bankOrder)

  let bank = account.openingBalance
  let destination = account.openingBalance
  let pushedCount = 0
  // A folding state's settled days count on both sides; the latest balance a folded line carried is
  // the reported one unless a later line in `txns` carries one.
  let last: { local: string; seq: number; balance: bigint } | undefined
  for (const [day, f] of state.settled.days) {
    if (asOf !== undefined && day > asOf) continue
    bank += f.sum
    destination += f.sum
    pushedCount += f.count
    const b = f.lastBalance
    if (b !== undefined && (last === undefined || bankOrder(last as Txn, b as Txn) < 0)) last = b
  }
  let explained = 0n
  const items: ReconciliationItem[] = []
  for (const t of ledger) {
    bank += t.amount
    if (t.balance !== undefined && (last === undefined || bankOrder(last as Txn, t) < 0))
      last = { local: t.local, seq: t.seq, balance: t.balance }
    if (t.pushed) {
      destination += t.amount
      pushedCount++
      continue
    }
    explained += t.amount
    items.push(itemOf(t, statuses.get(t.id), fmt, destinationOf(state).name))
  }
  const reported = last?.balance
  const acceptedGaps: AcceptedGap[] = []
  let gap = 0n
  for (const a of state.balanceAcceptances) {
    const t = state.txns.get(a.transactionId)
    const foldedDay = t === undefined ? state.settled.acceptedDays.get(a.transactionId) : undefined
    if (foldedDay !== undefined) {
      if (asOf !== undefined && foldedDay > asOf) continue
    } else if (t === undefined || !inBankLedger(t) || !counted(t)) continue
    gap += a.offset
    acceptedGaps.push({ ...a, offset: fmt(a.offset) })
  }
  const difference = bank - destination
  return {
    asOf: asOf ?? null,
    currency: account.currency,
    bank: {
      balance: fmt(bank),
      reportedBalance: reported === undefined ? null : fmt(reported),
      acceptedGap: fmt(gap),
      acceptedGaps,
    },
    destination: { balance: fmt(destination), pushedCount, awaitingPull: awaitingPull(state, options) },
    difference: fmt(difference),
    items,
    unexplained: fmt(difference - explained),
  }
}

const waiting = {
  state: 'held',
  code: 'batch_in_flight',
  message: 'Waiting for the next plan.',
  actions: ['wait'],
} as const

type Status = ReturnType<typeof syncStatuses> extends Map<string, infer S> ? S : never

function itemOf(t: Txn, s: Status | undefined, fmt: (m: bigint) => string, name: string): ReconciliationItem {
  const base = { transactionId: t.id, date: t.date, amount: fmt(t.amount) }
  const redatedTo = s?.redatedTo === undefined ? {} : { redatedTo: s.redatedTo }
  const redatedNote = s?.redatedTo === undefined ? '' : `, dated ${s.redatedTo} (bank date ${t.date})`
  if (s === undefined) return { ...base, ...waiting }
  switch (s.status) {
    case 'held':
    case 'quarantined': {
      const reason = s.reason as { code: HoldCode | QuarantineCode; message: string }
      return {
        ...base,
        state: s.status,
        code: reason.code,
        message: reason.message,
        actions: actionsFor(reason.code),
        ...redatedTo,
      }
    }
    case 'dismissed':
      return {
        ...base,
        state: 'dismissed',
        code: 'dismissed',
        message: s.reason?.message ?? 'Dismissed.',
        actions: [],
      }
    case 'in_flight':
      return {
        ...base,
        state: 'in_flight',
        code: 'in_flight',
        message: `Being sent to ${name} right now.`,
        actions: ['wait'],
      }
    case 'ready':
      return {
        ...base,
        state: 'ready',
        code: 'ready',
        message: `Sent to ${name} with the next push${redatedNote}.`,
        actions: ['wait'],
        ...redatedTo,
      }
    // A line of the bank's ledger is never pushed here (counted above) nor replaced; a plan of
    // another state could still say so: shown as held, waiting for the next plan.
    case 'pushed':
    case 'replaced':
      return { ...base, ...waiting }
    default: {
      const unknown: never = s.status
      return unknown
    }
  }
}

/** Pushed lines (dated ≤ asOf) accepted after the destination's last scheduled delivery ≤ now. */
function awaitingPull(state: AccountState, options: { readonly now: string; readonly asOf?: Day }): number {
  const zone = state.account?.timeZone ?? 'UTC'
  const last = lastDeliveryAt(destinationOf(state).delivery, options.now, zone)
  let n = 0
  for (const b of state.batches.values()) {
    if (b.status !== 'succeeded' || b.completedAt === undefined || !(Date.parse(b.completedAt) > last))
      continue
    for (const l of b.lines) {
      const t = state.txns.get(l.transactionId)
      if (t !== undefined && (options.asOf === undefined || t.day <= options.asOf)) n++
    }
    for (const [day, count] of b.lineDays ?? [])
      if (options.asOf === undefined || day <= options.asOf) n += count
  }
  return n
}
