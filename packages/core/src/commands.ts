import type { DestinationId } from './destinations/destination-id.js'
import type { LineRejection } from './events.js'
import type { PlanLimits } from './planner.js'

/** A transaction as the bank reports it. Amounts as decimal strings (finite JSON numbers accepted). */
export interface TransactionInput {
  readonly id: string
  readonly date: string
  readonly description: string
  readonly amount: string | number
  readonly balance?: string | number
  readonly type?: string
  readonly status: 'pending' | 'cleared'
  /** When given, must be the account's currency. */
  readonly currency?: string
}

/**
 * Commands for one account stream. `at` / `now` are ISO instants supplied by the caller (`decide`
 * refuses one it cannot read with `invalid_instant`).
 */
export type Command =
  | {
      type: 'RegisterAccount'
      accountId: string
      currency: string
      openingBalance: string | number
      timeZone?: string
      /** The ledger the account feeds; `'qbo'` when absent. */
      destination?: DestinationId
      at: string
    }
  | { type: 'LinkFeed'; feedStartDate: string; at: string }
  | { type: 'DisconnectFeed'; at: string }
  | { type: 'RecordTransaction'; transaction: TransactionInput; at: string }
  | { type: 'ClearTransaction'; transactionId: string; date?: string; at: string }
  | { type: 'VoidTransaction'; transactionId: string; at: string }
  | { type: 'PlanBatch'; batchId: string; now: string; limits?: Partial<PlanLimits> }
  | { type: 'SubmitBatch'; batchId: string; pushOperationKey: string; at: string }
  | { type: 'RecordBatchSucceeded'; batchId: string; at: string }
  | { type: 'RecordBatchFailed'; batchId: string; rejections: LineRejection[]; message: string; at: string }
  | { type: 'RecordBatchTimedOut'; batchId: string; at: string }

/** The name of a command. */
export type CommandType = Command['type']
