import type { DestinationId } from './destinations/destination-id.js'
import type { LatePostings, LineRejection } from './events.js'
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
  /**
   * On a cleared transaction: the id of the pending one the bank posts under this new id. The
   * pending one must be on the account, pending, and not already replaced.
   */
  readonly replacesPendingId?: string
}

/** Who acts and why: `by` (1–200 characters, say an operator's e-mail) and a `note` (≤ 1000). */
export interface OperatorInput {
  readonly note: string
  readonly by: string
  readonly at: string
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
  /**
   * Records the reason of every line a date rule newly quarantines at `now` (nothing when there is
   * none). `PlanBatch` does the same beside a batch; call this when there is nothing to push.
   */
  | { type: 'RecordQuarantines'; now: string; limits?: Partial<PlanLimits> }
  /** The operator accepts that a cleared line not pushed nor in flight will not be pushed. */
  | ({ type: 'DismissTransaction'; transactionId: string } & OperatorInput)
  /**
   * Push a line quarantined for its date (plan at `at` with `limits`) dated on the earliest day the
   * destination accepts.
   */
  | ({ type: 'RedateTransaction'; transactionId: string; limits?: Partial<PlanLimits> } & OperatorInput)
  /** Accept the bank's balance after a line held as `balance_mismatch` (plan at `at` with `limits`). */
  | ({ type: 'AcceptBankBalance'; transactionId: string; limits?: Partial<PlanLimits> } & OperatorInput)
  /** Change the account's settings (fields left out stay as they are). */
  | { type: 'ChangeAccountSettings'; latePostings?: LatePostings; by: string; at: string }

/** The name of a command. */
export type CommandType = Command['type']
