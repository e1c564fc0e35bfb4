export {
  createEventStore,
  type EventStoreOptions,
  type PgliteStoreOptions,
  type PostgresStoreOptions,
} from './create-event-store.js'
export { UniqueKeyConflictError, WrongExpectedVersionError } from './errors.js'
export type {
  AppendOptions,
  AppendResult,
  BesideRows,
  DueClaim,
  DueReading,
  DueSettlement,
  EventStore,
  ExpectedVersion,
  ListStreamsOptions,
  NewEvent,
  PageRowsOptions,
  Position,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  Snapshot,
  StoredEvent,
  StreamInfo,
  StreamRow,
  TokenBucketLimits,
  TokensTaken,
} from './event-store.js'
export { migrations } from './migrations.js'
export { comparePositions } from './position.js'
