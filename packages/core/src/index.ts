export { type BalancePoint, balanceSeries, MAX_SERIES_DAYS } from './balance-series.js'
export { bankLedger, expectedBankBalances } from './bank-ledger.js'
export type { Command, CommandType, OperatorInput, TransactionInput } from './commands.js'
export { addDays, type Day, dayIn, isDay, isTimeZone, parseLocalDateTime, zonedInstant } from './dates.js'
export {
  type Decision,
  decide,
  decideRecordTransactions,
  normaliseTransaction,
  type RecordOutcome,
} from './decide.js'
export { type Delivery, deliveryDay, lastDeliveryAt } from './destinations/delivery.js'
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
export {
  type CodatPlatformKey,
  DESTINATION_IDS,
  DESTINATION_PLATFORMS,
  type DestinationId,
  destinationIdOfPlatformKey,
  isDestinationId,
} from './destinations/destination-id.js'
export { destinationOf, destinations } from './destinations/destinations.js'
export { typeOrSign } from './destinations/ledger-rules.js'
export { qbo } from './destinations/qbo.js'
export { sage } from './destinations/sage.js'
export { xero } from './destinations/xero.js'
export { type FeedError, type FeedErrorCode, feedError } from './errors.js'
export type {
  AccountRegistered,
  AccountSettingsChanged,
  BankBalanceAccepted,
  BatchFailed,
  BatchPlanned,
  BatchSubmitted,
  BatchSucceeded,
  BatchTimedOut,
  FeedDisconnected,
  FeedEvent,
  FeedEventType,
  FeedLinked,
  LatePostings,
  LineRejection,
  OperatorNote,
  PlannedLine,
  QuarantinedLine,
  RecordedTransaction,
  TransactionCleared,
  TransactionDismissed,
  TransactionRecorded,
  TransactionRedated,
  TransactionsQuarantined,
  TransactionsRecorded,
  TransactionType,
  TransactionVoided,
} from './events.js'
export { TRANSACTION_TYPES } from './events.js'
export { type IngestWarning, ingestWarnings } from './ingest-warnings.js'
export { currencyDecimals, formatMinor, isCurrencyCode, type ParsedDecimal, parseDecimal } from './money.js'
export { MAX_NOTE, newQuarantines } from './operator-decisions.js'
export {
  type Closed,
  DEFAULT_LIMITS,
  type Held,
  type Plan,
  type PlanLimits,
  type PlannedBatch,
  planBatches,
  planFor,
  type Quarantined,
  type Redated,
} from './planner.js'
export {
  type ClosedCode,
  DATE_QUARANTINE_CODES,
  type DateQuarantineCode,
  HOLD_CODES,
  type HoldCode,
  isDateQuarantine,
  isQuarantine,
  QUARANTINE_CODES,
  type QuarantineCode,
  type Reason,
} from './reasons.js'
export {
  type AcceptedGap,
  actionsFor,
  type ItemAction,
  type ItemState,
  type Reconciliation,
  type ReconciliationItem,
  reconcile,
} from './reconciliation.js'
export { NO_SETTLED, type Settled, type SettledDay, type SettledLookup } from './settled.js'
export { fromSnapshot, type Snapshot, type TxnJson, toSnapshot, txnFromJson, txnToJson } from './snapshot.js'
export {
  type AccountSettings,
  type AccountState,
  type BalanceAcceptance,
  type Batch,
  type BatchStatus,
  cloneState,
  ENDED_BATCH_KEEP_MS,
  endedBatchesToDrop,
  evolve,
  type FeedLink,
  fold,
  initialState,
  OLD_BATCHES_KEPT,
  type StateOptions,
  type Txn,
} from './state.js'
export { inBankLedger } from './txn.js'
export {
  type FeedSummary,
  SYNC_STATUSES,
  type SyncStatus,
  summarise,
  syncStatuses,
  type TransactionSync,
} from './views.js'
