import { type Day, parseLocalDateTime } from './dates.js'
import { type DestinationId, LEGACY_DESTINATION } from './destinations/destination-id.js'
import type { FeedEvent, LineRejection, PlannedLine, RecordedTransaction } from './events.js'
import { applyOperatorEvent, type OperatorEvent } from './evolve-actions.js'
import { currencyDecimals } from './money.js'
import { cloneSettled, emptySettled, foldInto, openDays, type Settled } from './settled.js'
import {
  type AccountSettings,
  type BalanceAcceptance,
  type Batch,
  minorOf as minor,
  newTxn,
  type Txn,
} from './txn.js'

export type { AccountSettings, BalanceAcceptance, Batch, BatchStatus, Txn } from './txn.js'

/** Whether the customer linked the feed in the ledger, and from which day. */
export type FeedLink =
  | { readonly status: 'not_linked' }
  | { readonly status: 'linked'; readonly feedStartDate: Day; readonly linkedAt: string }
  | { readonly status: 'disconnected'; readonly feedStartDate: Day; readonly disconnectedAt: string }

/**
 * The folded state of one account stream.
 *
 * `evolve` updates a state in place and returns it: a state is a linear value, owned by whoever
 * folds it. Keep an older state with `cloneState` (or a snapshot) before evolving further.
 */
export interface AccountState {
  /** Number of events folded. */
  version: number
  account:
    | {
        readonly accountId: string
        readonly currency: string
        readonly decimals: number
        readonly openingBalance: bigint
        readonly timeZone: string
        readonly registeredAt: string
        /** The ledger the account feeds (QBO for accounts registered before destinations). */
        readonly destination: DestinationId
      }
    | undefined
  feed: FeedLink
  /**
   * The transactions not yet settled (and, when `foldSettled` is off, every pushed one too). A
   * folding state moves a pushed transaction into `settled` once no unpushed line shares its day.
   */
  readonly txns: Map<string, Txn>
  readonly batches: Map<string, Batch>
  /** Whether pushed transactions leave `txns` for `settled` (and succeeded batches drop their lines). */
  readonly foldSettled: boolean
  /** Whether a folding state also drops ended batches that no longer matter (`endedBatchesToDrop`). */
  readonly foldBatches: boolean
  /** The pushed transactions folded out of `txns`, per bank day. */
  readonly settled: Settled
  /** The batch between intent and outcome, if any (at most one per account). */
  inFlight: string | undefined
  /** Newest day among lines the destination holds from us (QBO rule Q4). */
  destinationNewestDay: Day | undefined
  /** Opening balance plus every pushed amount, in push order. */
  pushedBalance: bigint
  pushedCount: number
  nextSeq: number
  settings: AccountSettings
  /** Every accepted bank balance, in the order accepted. */
  readonly balanceAcceptances: BalanceAcceptance[]
}

/** How a state folds: `foldSettled` keeps it bounded by what is unsettled (off by default). */
export interface StateOptions {
  readonly foldSettled?: boolean
  /** With `foldSettled`: drop ended batches at `BatchPlanned` once they no longer matter (off by default). */
  readonly foldBatches?: boolean
}

/** The state of a stream with no events. */
export function initialState(options: StateOptions = {}): AccountState {
  return {
    version: 0,
    account: undefined,
    feed: { status: 'not_linked' },
    txns: new Map(),
    batches: new Map(),
    foldSettled: options.foldSettled === true,
    foldBatches: options.foldSettled === true && options.foldBatches === true,
    settled: emptySettled(),
    inFlight: undefined,
    destinationNewestDay: undefined,
    pushedBalance: 0n,
    pushedCount: 0,
    nextSeq: 0,
    settings: { latePostings: 'quarantine' },
    balanceAcceptances: [],
  }
}

/** Adds one recorded transaction (a replay of a known id changes nothing). */
function record(state: AccountState, d: RecordedTransaction): void {
  if (state.txns.has(d.transactionId)) return
  const decimals = state.account?.decimals ?? 2
  state.txns.set(d.transactionId, newTxn(d, state.nextSeq++, decimals, state.txns))
}

/**
 * Applies one event. Total: an event that does not fit the state (which `decide` never produces)
 * is counted and otherwise ignored.
 */
export function evolve(state: AccountState, event: FeedEvent): AccountState {
  state.version++
  switch (event.type) {
    case 'AccountRegistered': {
      const d = event.data
      if (state.account !== undefined) return state
      const decimals = currencyDecimals(d.currency)
      state.account = {
        accountId: d.accountId,
        currency: d.currency,
        decimals,
        openingBalance: minor(d.openingBalance, decimals),
        timeZone: d.timeZone,
        registeredAt: d.at,
        destination: d.destination ?? LEGACY_DESTINATION,
      }
      if (state.pushedCount === 0) state.pushedBalance = state.account.openingBalance
      return state
    }
    case 'FeedLinked':
      state.feed = { status: 'linked', feedStartDate: event.data.feedStartDate, linkedAt: event.data.at }
      return state
    case 'FeedDisconnected':
      if (state.feed.status === 'linked') {
        state.feed = {
          status: 'disconnected',
          feedStartDate: state.feed.feedStartDate,
          disconnectedAt: event.data.at,
        }
      }
      return state
    case 'TransactionRecorded':
      record(state, event.data)
      return state
    case 'TransactionsRecorded':
      for (const t of event.data.transactions) record(state, t)
      return state
    case 'TransactionCleared': {
      const t = state.txns.get(event.data.transactionId)
      if (t === undefined || t.replacedBy !== undefined) return state
      t.cleared = true
      const newDate = event.data.date
      const when = newDate === undefined ? undefined : parseLocalDateTime(newDate)
      if (newDate !== undefined && when !== undefined) {
        t.date = newDate
        t.day = when.day
        t.local = when.local
      }
      return state
    }
    case 'TransactionVoided': {
      const t = state.txns.get(event.data.transactionId)
      if (t === undefined || t.pushed || t.batchId !== undefined) return state
      t.voided = true
      return state
    }
    case 'BatchPlanned': {
      const d = event.data
      if (state.batches.has(d.batchId)) return state
      state.batches.set(d.batchId, {
        id: d.batchId,
        lines: d.lines,
        plannedAt: d.at,
        status: 'planned',
        pushOperationKey: undefined,
        completedAt: undefined,
        message: undefined,
        rejections: [],
      })
      state.inFlight = d.batchId
      for (const line of d.lines) {
        const t = state.txns.get(line.transactionId)
        if (t !== undefined) t.batchId = d.batchId
      }
      if (state.foldBatches) dropEndedBatches(state, d.at)
      return state
    }
    case 'BatchSubmitted': {
      const b = state.batches.get(event.data.batchId)
      if (b !== undefined && b.status === 'planned') {
        b.status = 'submitted'
        b.pushOperationKey = event.data.pushOperationKey
      }
      return state
    }
    case 'BatchSucceeded': {
      const days = new Map<Day, number>()
      const b = endBatch(state, event.data.batchId, 'succeeded', event.data.at, (t, line) => {
        days.set(t.day, (days.get(t.day) ?? 0) + 1)
        t.pushed = true
        t.pushedDate = line.date
        state.pushedBalance += t.amount
        state.pushedCount++
        // The day the destination holds (a redated line's, not the bank's).
        const day = parseLocalDateTime(line.date)?.day ?? t.day
        if (state.destinationNewestDay === undefined || day > state.destinationNewestDay) {
          state.destinationNewestDay = day
        }
      })
      if (b !== undefined && state.foldSettled) {
        b.lineCount = b.lines.length
        b.lineDays = [...days.entries()]
        b.lines = []
        foldSettledTxns(state)
      }
      return state
    }
    case 'BatchFailed': {
      const finals = new Map<string, LineRejection>()
      for (const r of event.data.rejections) if (r.final) finals.set(r.transactionId, r)
      const b = endBatch(state, event.data.batchId, 'failed', event.data.at, (t) => {
        const r = finals.get(t.id)
        if (r !== undefined) t.rejection = { code: r.code, message: r.message }
      })
      if (b !== undefined) {
        b.message = event.data.message
        b.rejections = event.data.rejections
      }
      return state
    }
    case 'BatchTimedOut':
      endBatch(state, event.data.batchId, 'timed_out', event.data.at, () => {})
      return state
    case 'TransactionsQuarantined':
    case 'TransactionDismissed':
    case 'TransactionRedated':
    case 'AccountSettingsChanged':
    case 'BankBalanceAccepted':
      applyOperatorEvent(state, event satisfies OperatorEvent)
      return state
    default: {
      // Exhaustive: a new event type does not compile until it is handled here. At run time an
      // unknown type (say, written by a newer version) is ignored rather than thrown.
      const unknown: never = event
      void unknown
      return state
    }
  }
}

/**
 * Ends the batch in flight with an outcome: each of its transactions leaves the batch and gets
 * `settle` applied. A batch that is unknown or already ended is left alone (returns undefined).
 */
function endBatch(
  state: AccountState,
  batchId: string,
  status: 'succeeded' | 'failed' | 'timed_out',
  at: string,
  settle: (t: Txn, line: PlannedLine) => void,
): Batch | undefined {
  const b = state.batches.get(batchId)
  if (b === undefined || (b.status !== 'planned' && b.status !== 'submitted')) return undefined
  b.status = status
  b.completedAt = at
  for (const line of b.lines) {
    const t = state.txns.get(line.transactionId)
    if (t === undefined) continue
    t.batchId = undefined
    settle(t, line)
  }
  if (state.inFlight === batchId) state.inFlight = undefined
  return b
}

/** How long a folding state keeps a batch after it ended (by event time): two days, see the README. */
export const ENDED_BATCH_KEEP_MS = 2 * 24 * 60 * 60 * 1000
/** How many batches that ended longer ago than `ENDED_BATCH_KEEP_MS` a folding state still keeps (the newest). */
export const OLD_BATCHES_KEPT = 10

/**
 * The ended batches of a folding state that no longer matter at `at` (see the README, "Settled
 * transactions are folded"): every batch that ended `ENDED_BATCH_KEEP_MS` or more before `at`,
 * except the newest `OLD_BATCHES_KEPT` of them (by completion, then id). Never the open batch.
 * A function of the batches and `at` alone, so replay and snapshot agree.
 */
export function endedBatchesToDrop(state: AccountState, at: string): Batch[] {
  const cutoff = Date.parse(at) - ENDED_BATCH_KEEP_MS
  if (Number.isNaN(cutoff)) return []
  const old: Batch[] = []
  for (const b of state.batches.values()) {
    if (b.id === state.inFlight || b.completedAt === undefined) continue
    if (b.status === 'planned' || b.status === 'submitted') continue
    if (Date.parse(b.completedAt) <= cutoff) old.push(b)
  }
  if (old.length <= OLD_BATCHES_KEPT) return []
  const ended = (b: Batch): number => Date.parse(b.completedAt ?? '')
  old.sort((x, y) => ended(y) - ended(x) || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0))
  return old.slice(OLD_BATCHES_KEPT)
}

/** Drops `endedBatchesToDrop(state, at)` from `state.batches`. */
function dropEndedBatches(state: AccountState, at: string): void {
  for (const b of endedBatchesToDrop(state, at)) state.batches.delete(b.id)
}

/**
 * Moves every pushed transaction whose bank day no unpushed line of the bank's ledger (nor a
 * pending one) shares out of `txns` into `settled`.
 */
function foldSettledTxns(state: AccountState): void {
  const open = openDays(state.txns.values())
  let offsets: Map<string, bigint> | undefined
  for (const [id, t] of state.txns) {
    if (!t.pushed || open.has(t.day)) continue
    if (offsets === undefined) {
      offsets = new Map()
      for (const a of state.balanceAcceptances)
        offsets.set(a.transactionId, (offsets.get(a.transactionId) ?? 0n) + a.offset)
    }
    const offset = offsets.get(id)
    foldInto(state.settled, t, offset ?? 0n, offset !== undefined)
    state.txns.delete(id)
  }
}

/** Folds events onto a state (a fresh one by default). */
export function fold(events: Iterable<FeedEvent>, state: AccountState = initialState()): AccountState {
  for (const e of events) evolve(state, e)
  return state
}

/** A deep copy, so that the original can be evolved without touching the copy. */
export function cloneState(state: AccountState): AccountState {
  const txns = new Map<string, Txn>()
  for (const [id, t] of state.txns) txns.set(id, { ...t })
  const batches = new Map<string, Batch>()
  for (const [id, b] of state.batches) batches.set(id, { ...b })
  return {
    ...state,
    txns,
    batches,
    settled: cloneSettled(state.settled),
    settings: { ...state.settings },
    balanceAcceptances: [...state.balanceAcceptances],
  }
}
