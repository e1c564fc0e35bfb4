import { type FeedError, feedError } from './errors.js'
import type { FeedEvent } from './events.js'

/** The events a command produces (none when it changes nothing, such as a replay), or why it was refused. */
export type Decision =
  | { readonly ok: true; readonly events: FeedEvent[] }
  | { readonly ok: false; readonly error: FeedError }

/** An accepted decision with these events. */
export const ok = (...events: FeedEvent[]): Decision => ({ ok: true, events })

/** A refused decision. */
export const fail = (...args: Parameters<typeof feedError>): Decision => ({
  ok: false,
  error: feedError(...args),
})

/** The refusal of anything but `RegisterAccount` on a stream with no account yet. */
export const notRegistered = (): FeedError =>
  feedError(
    'account_not_registered',
    'Register the account (currency and opening balance) before anything else.',
  )
