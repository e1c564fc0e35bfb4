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

export type QuarantineCode =
  | 'voided'
  | 'older_than_destination'
  | 'before_feed_start'
  | 'outside_historic_window'
  | 'rejected_by_destination'

export interface Reason<C extends string = HoldCode | QuarantineCode> {
  readonly code: C
  readonly message: string
}

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

export const QUARANTINE_CODES: readonly QuarantineCode[] = [
  'voided',
  'older_than_destination',
  'before_feed_start',
  'outside_historic_window',
  'rejected_by_destination',
]

export function isQuarantine(code: string): code is QuarantineCode {
  return (QUARANTINE_CODES as readonly string[]).includes(code)
}
