export type { Command, CommandType, TransactionInput } from './commands.js'
export { addDays, type Day, dayIn, isDay, isTimeZone, parseLocalDateTime } from './dates.js'
export {
  type Decision,
  decide,
  decideRecordTransactions,
  normaliseTransaction,
  type RecordOutcome,
} from './decide.js'
export type {
  BatchRule,
  Destination,
  HoldLine,
  LineRule,
  PlanContext,
  RuleInfo,
  RuleNumber,
  Verdict,
} from './destinations/destination.js'
export { DESTINATION_IDS, type DestinationId, isDestinationId } from './destinations/destination-id.js'
export { destinationOf, destinations } from './destinations/destinations.js'
export { qbo } from './destinations/qbo.js'
export { type FeedError, type FeedErrorCode, feedError } from './errors.js'
export type {
  AccountRegistered,
  BatchFailed,
  BatchPlanned,
  BatchSubmitted,
  BatchSucceeded,
  BatchTimedOut,
  FeedDisconnected,
  FeedEvent,
  FeedEventType,
  FeedLinked,
  LineRejection,
  PlannedLine,
  RecordedTransaction,
  TransactionCleared,
  TransactionRecorded,
  TransactionsRecorded,
  TransactionType,
  TransactionVoided,
} from './events.js'
export { TRANSACTION_TYPES } from './events.js'
export { currencyDecimals, formatMinor, isCurrencyCode, type ParsedDecimal, parseDecimal } from './money.js'
export {
  DEFAULT_LIMITS,
  type Held,
  type Plan,
  type PlanLimits,
  type PlannedBatch,
  planBatches,
  planFor,
  type Quarantined,
} from './planner.js'
export {
  HOLD_CODES,
  type HoldCode,
  isQuarantine,
  QUARANTINE_CODES,
  type QuarantineCode,
  type Reason,
} from './reasons.js'
export { fromSnapshot, type Snapshot, toSnapshot } from './snapshot.js'
export {
  type AccountState,
  type Batch,
  type BatchStatus,
  cloneState,
  evolve,
  type FeedLink,
  fold,
  initialState,
  type Txn,
} from './state.js'
export { type FeedSummary, type SyncStatus, summarise, syncStatuses, type TransactionSync } from './views.js'
