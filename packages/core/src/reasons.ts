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
