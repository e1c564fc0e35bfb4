import type { FeedEvent } from '@feedsync/core'
import type { NewEvent, StoredEvent } from '@feedsync/store'

/** The store gives events back as `{ type, data }` rows; the account stream only ever holds `FeedEvent`s. */
export function toFeedEvent(e: StoredEvent): FeedEvent {
  return { type: e.type, data: e.data } as FeedEvent
}

/** Each recorded transaction id is guarded by the store: once per account stream. */
export function toNewEvent(e: FeedEvent): NewEvent {
  switch (e.type) {
    case 'TransactionRecorded':
      return { type: e.type, data: e.data, uniqueKey: `txn:${e.data.transactionId}` }
    case 'TransactionsRecorded':
      return {
        type: e.type,
        data: e.data,
        uniqueKey: e.data.transactions.map((t) => `txn:${t.transactionId}`),
      }
    case 'AccountRegistered':
    case 'FeedLinked':
    case 'FeedDisconnected':
    case 'TransactionCleared':
    case 'TransactionVoided':
    case 'BatchPlanned':
    case 'BatchSubmitted':
    case 'BatchSucceeded':
    case 'BatchFailed':
    case 'BatchTimedOut':
    case 'TransactionsQuarantined':
    case 'TransactionDismissed':
    case 'TransactionRedated':
    case 'AccountSettingsChanged':
    case 'BankBalanceAccepted':
      return { type: e.type, data: e.data }
    default: {
      // A new event type must say here whether it records transactions (and so needs their guard).
      const unknown: never = e
      return unknown
    }
  }
}
