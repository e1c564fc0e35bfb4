/**
 * Why a command was refused. One closed union of stable codes; no HTTP here (the server maps each
 * code to a status, and a new code does not compile there until it is mapped).
 */
export type FeedErrorCode =
  | 'account_not_registered'
  | 'account_already_registered'
  | 'invalid_account_id'
  | 'invalid_currency'
  | 'invalid_time_zone'
  | 'invalid_amount'
  | 'amount_too_precise'
  | 'invalid_balance'
  | 'balance_too_precise'
  | 'invalid_date'
  | 'invalid_transaction'
  | 'invalid_transaction_type'
  | 'currency_mismatch'
  | 'duplicate_conflict'
  | 'unknown_transaction'
  | 'transaction_voided'
  | 'transaction_already_pushed'
  | 'transaction_in_flight'
  | 'invalid_feed_start_date'
  | 'batch_in_flight'
  | 'unknown_batch'
  | 'batch_not_in_flight'
  | 'invalid_batch_outcome'
  /** A command's `at` (or `now`) is not an instant `Date.parse` can read. */
  | 'invalid_instant'
  /** `PlanBatch` limits the planner cannot work with (a batch size below 1, a window out of range…). */
  | 'invalid_limits'
  /** `RegisterAccount` names a destination this version does not know. */
  | 'unknown_destination'
  /** `DismissTransaction` of a line that is pending, replaced or already ended another way. */
  | 'not_dismissable'
  /** `RedateTransaction` of a line no date rule quarantines (nor `dismissed`, nor pending). */
  | 'not_redatable'
  /** `AcceptBankBalance` of a line the plan does not hold as `balance_mismatch`. */
  | 'no_balance_mismatch'
  /** `replacesPendingId` names no transaction of this account. */
  | 'replaced_transaction_not_found'
  /** `replacesPendingId` names one that is cleared, voided or already replaced. */
  | 'replaced_transaction_not_pending'
  /** The transaction was closed as replaced by a posted one; it can no longer be cleared or acted on. */
  | 'transaction_replaced'
  /** An operator action without a usable `by` (who) or with a `note` too long. */
  | 'invalid_note'
  /** `ChangeAccountSettings` with a value the account cannot take. */
  | 'invalid_settings'

/** A refused command: a stable `code` and a sentence that says what to fix. */
export interface FeedError {
  readonly code: FeedErrorCode
  readonly message: string
}

/** A `FeedError`. */
export function feedError(code: FeedErrorCode, message: string): FeedError {
  return { code, message }
}
