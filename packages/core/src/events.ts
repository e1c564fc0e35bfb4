/**
 * The events of one account's feed stream. Past tense, each `{ type, data }` with a literal type.
 * Amounts and balances are exact decimal strings in the account's currency (`'-12.30'`).
 * Instants are ISO-8601 strings; days are `YYYY-MM-DD`.
 */
import type { DestinationId } from './destinations/destination-id.js'

/**
 * The transaction types a bank may send: the ones QBO accepts (BEHAVIOUR §8.3), which Xero and Sage
 * take too (they take any of Codat's values, PLATFORMS.md §5).
 */
export type TransactionType = 'Credit' | 'Debit' | 'Unknown'
/** The transaction types QBO takes, in the order messages list them. */
export const TRANSACTION_TYPES: readonly TransactionType[] = ['Credit', 'Debit', 'Unknown']

/**
 * An account joined the feed, with the ledger it feeds. `destination` is absent from events written
 * before destinations existed: those accounts feed QuickBooks Online (`'qbo'`).
 */
export type AccountRegistered = {
  type: 'AccountRegistered'
  data: {
    accountId: string
    currency: string
    openingBalance: string
    timeZone: string
    destination?: DestinationId
    at: string
  }
}

/**
 * The SMB linked the account in its ledger, from a feed start date: the one it picked (QBO, Xero)
 * or the day it connected (Sage, S7).
 */
export type FeedLinked = { type: 'FeedLinked'; data: { feedStartDate: string; at: string } }

/** The SMB switched the feed off in its ledger (or Codat reports the account disconnected). */
export type FeedDisconnected = { type: 'FeedDisconnected'; data: { at: string } }

/** The bank recorded one transaction (pending or cleared). */
export type TransactionRecorded = {
  type: 'TransactionRecorded'
  data: {
    transactionId: string
    /** Date as the bank gave it (local date or date-time; any offset is ignored). */
    date: string
    description: string
    amount: string
    /** Balance after this transaction, when the bank supplied one. */
    balance?: string
    transactionType?: TransactionType
    status: 'pending' | 'cleared'
    /**
     * On a cleared transaction: the id of the pending one it posts under a new id (a new amount or
     * date, even). That pending one is closed as `replaced`: never pushed, never counted.
     */
    replacesPendingId?: string
    at: string
  }
}

/** One transaction of a `TransactionsRecorded`: the `TransactionRecorded` data without its instant. */
export type RecordedTransaction = Omit<TransactionRecorded['data'], 'at'>

/**
 * Several transactions recorded by one request (bulk ingest). Applying it is applying one
 * `TransactionRecorded` per element, in order, each at the event's `at`; it is ONE event, so a
 * request of 1000 transactions is one stored row (the store guards each transaction id once per
 * stream all the same).
 */
export type TransactionsRecorded = {
  type: 'TransactionsRecorded'
  data: { transactions: RecordedTransaction[]; at: string }
}

/** A pending transaction cleared, optionally on a new date (QBO orders by cleared date). */
export type TransactionCleared = {
  type: 'TransactionCleared'
  data: { transactionId: string; date?: string; at: string }
}

/** The bank withdrew a transaction before it was pushed. */
export type TransactionVoided = { type: 'TransactionVoided'; data: { transactionId: string; at: string } }

/**
 * One line of a planned push: the transaction, its date, amount and the running balance after it.
 * `originalDate` is there when the line is redated: `date` is then the day the destination accepts
 * and `originalDate` the bank's date, for the shell to write into the description ("(bank date …)").
 */
export type PlannedLine = {
  transactionId: string
  date: string
  amount: string
  balance: string
  originalDate?: string
}

/** Intent: written before any call to Codat. Its lines are in flight until an outcome is recorded. */
export type BatchPlanned = {
  type: 'BatchPlanned'
  data: { batchId: string; lines: PlannedLine[]; at: string }
}

/** The batch was sent to Codat, which answered with its push operation key. */
export type BatchSubmitted = {
  type: 'BatchSubmitted'
  data: { batchId: string; pushOperationKey: string; at: string }
}

/** The destination stored every line of the batch. */
export type BatchSucceeded = { type: 'BatchSucceeded'; data: { batchId: string; at: string } }

/**
 * A line the destination refused. `final: true` means it can never be pushed (quarantined with the
 * message); `final: false` lines simply become pushable again, like lines with no rejection at all.
 */
export type LineRejection = { transactionId: string; code: string; message: string; final: boolean }

/** The destination stored none of the batch; some lines may be refused for good. */
export type BatchFailed = {
  type: 'BatchFailed'
  data: { batchId: string; rejections: LineRejection[]; message: string; at: string }
}

/** The push operation timed out without storing its lines; they become pushable again. */
export type BatchTimedOut = { type: 'BatchTimedOut'; data: { batchId: string; at: string } }

/** How a quarantined line's reason was first given: the stable reason the report keeps showing. */
export type QuarantinedLine = { transactionId: string; code: string; message: string }

/**
 * Lines a date rule quarantined for the first time (older than the destination's newest, before
 * the feed start, outside the historic window), each with the reason it had then: the planner
 * reports a recorded reason as recorded, so `before_feed_start` never turns `older_than_destination`.
 */
export type TransactionsQuarantined = {
  type: 'TransactionsQuarantined'
  data: { transactions: QuarantinedLine[]; at: string }
}

/** Who did an operator action, when and why: every way out of a stuck line carries one. */
export type OperatorNote = { note: string; by: string; at: string }

/**
 * The operator accepts that a cleared line (held or quarantined, never pushed nor in flight) will
 * not be pushed; it stays in the reconciliation report as `dismissed`.
 */
export type TransactionDismissed = {
  type: 'TransactionDismissed'
  data: { transactionId: string } & OperatorNote
}

/**
 * A line quarantined for its date is to be pushed dated on the earliest day the destination accepts
 * at plan time (the planner decides the day at each plan; the bank's date stays as `originalDate`).
 */
export type TransactionRedated = {
  type: 'TransactionRedated'
  data: { transactionId: string } & OperatorNote
}

/** What an account does with a line whose date the destination would refuse. */
export type LatePostings = 'quarantine' | 'redate'

/** The account's settings changed (only the fields given). Default: `latePostings: 'quarantine'`. */
export type AccountSettingsChanged = {
  type: 'AccountSettingsChanged'
  data: { latePostings?: LatePostings; by: string; at: string }
}

/**
 * The operator accepts the bank's balance after a line held as `balance_mismatch`. `offset` (exact
 * decimal) is the gap: the bank's balance minus the balance the check expected; the check adds it
 * to every line from this one on (in the bank's order). Pushed balances stay the computed ones.
 */
export type BankBalanceAccepted = {
  type: 'BankBalanceAccepted'
  data: { transactionId: string; offset: string } & OperatorNote
}

/** Every event of an account stream. */
export type FeedEvent =
  | AccountRegistered
  | FeedLinked
  | FeedDisconnected
  | TransactionRecorded
  | TransactionsRecorded
  | TransactionCleared
  | TransactionVoided
  | BatchPlanned
  | BatchSubmitted
  | BatchSucceeded
  | BatchFailed
  | BatchTimedOut
  | TransactionsQuarantined
  | TransactionDismissed
  | TransactionRedated
  | AccountSettingsChanged
  | BankBalanceAccepted

/** The name of an event. */
export type FeedEventType = FeedEvent['type']
