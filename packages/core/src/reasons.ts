/**
 * Why the planner holds a transaction back. A hold can clear by itself (time passes, the feed is
 * linked, the batch in flight ends); a quarantine cannot: the transaction will never be pushed.
 * Each reason is a stable code plus a sentence a bank operator would understand.
 */
export type HoldCode =
  | 'pending'
  | 'feed_not_linked'
  | 'feed_disconnected'
  | 'future_dated'
  | 'day_not_over'
  | 'batch_in_flight'
  | 'balance_mismatch'
  | 'waiting_for_earlier_transaction'

/** Why a transaction will never be pushed. */
export type QuarantineCode =
  | 'voided'
  | 'older_than_destination'
  | 'before_feed_start'
  | 'outside_historic_window'
  | 'rejected_by_destination'

/** The quarantine codes of the date rules: the ones a `redate` (or `latePostings: 'redate'`) moves on. */
export type DateQuarantineCode = 'older_than_destination' | 'before_feed_start' | 'outside_historic_window'

/** Every date quarantine code. */
export const DATE_QUARANTINE_CODES: readonly DateQuarantineCode[] = [
  'older_than_destination',
  'before_feed_start',
  'outside_historic_window',
]

/** True when `code` is a date rule's quarantine code. */
export function isDateQuarantine(code: string): code is DateQuarantineCode {
  return (DATE_QUARANTINE_CODES as readonly string[]).includes(code)
}

/**
 * Why a line is closed without being pushed: the operator dismissed it, or the bank posted the
 * pending line under a new id (`replacesPendingId`).
 */
export type ClosedCode = 'dismissed' | 'replaced'

/** A stable code and a sentence an operator understands. */
export interface Reason<C extends string = HoldCode | QuarantineCode> {
  readonly code: C
  readonly message: string
}

/** Every hold code. */
export const HOLD_CODES: readonly HoldCode[] = [
  'pending',
  'feed_not_linked',
  'feed_disconnected',
  'future_dated',
  'day_not_over',
  'batch_in_flight',
  'balance_mismatch',
  'waiting_for_earlier_transaction',
]

/** Every quarantine code. */
export const QUARANTINE_CODES: readonly QuarantineCode[] = [
  'voided',
  'older_than_destination',
  'before_feed_start',
  'outside_historic_window',
  'rejected_by_destination',
]

/** True when `code` is a quarantine code. */
export function isQuarantine(code: string): code is QuarantineCode {
  return (QUARANTINE_CODES as readonly string[]).includes(code)
}
