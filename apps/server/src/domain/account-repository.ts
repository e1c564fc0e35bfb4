import {
  type AccountState,
  evolve,
  type FeedEvent,
  fromSnapshot,
  initialState,
  type Snapshot,
  toSnapshot,
} from '@feedsync/core'
import type { EventStore, NewEvent, StoredEvent } from '@feedsync/store'
import type { Metrics } from '../metrics.js'

/** An account stream's folded state and the version of its latest snapshot. */
export interface LoadedAccount {
  readonly stream: string
  state: AccountState
  snapshotVersion: number
}

/** The store gives events back as `{ type, data }` rows; the account stream only ever holds `FeedEvent`s. */
function toFeedEvent(e: StoredEvent): FeedEvent {
  return { type: e.type, data: e.data } as FeedEvent
}

function toNewEvent(e: FeedEvent): NewEvent {
  return e.type === 'TransactionRecorded'
    ? { type: e.type, data: e.data, uniqueKey: `txn:${e.data.transactionId}` }
    : { type: e.type, data: e.data }
}

function isSnapshot(x: unknown): x is Snapshot {
  return typeof x === 'object' && x !== null && 'schema' in x && x.schema === 1
}

/**
 * Loads and appends one core account stream: state = snapshot + tail; a snapshot is saved every
 * `snapshotEvery` events. Appends carry the expected version (the loaded state's), so two writers
 * never both commit a decision made on the same state.
 */
export class AccountRepository {
  constructor(
    private readonly store: EventStore,
    private readonly snapshotEvery: number,
    private readonly metrics: Metrics,
  ) {}

  async load(stream: string): Promise<LoadedAccount> {
    const snap = await this.store.loadSnapshot(stream)
    const state = snap !== undefined && isSnapshot(snap.state) ? fromSnapshot(snap.state) : initialState()
    const snapshotVersion = state.version
    const tail = await this.store.readStream(stream, { fromVersion: state.version + 1 })
    for (const e of tail) evolve(state, toFeedEvent(e))
    return { stream, state, snapshotVersion }
  }

  /**
   * Appends `events` at the loaded version and evolves `loaded.state` with them. Rejects with the
   * store's `WrongExpectedVersionError` / `UniqueKeyConflictError` (the state is then untouched).
   */
  /** Re-reads the stream into `loaded` (after a conflict). */
  async reload(loaded: LoadedAccount): Promise<void> {
    const fresh = await this.load(loaded.stream)
    loaded.state = fresh.state
    loaded.snapshotVersion = fresh.snapshotVersion
  }

  async append(
    loaded: LoadedAccount,
    events: readonly FeedEvent[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    if (events.length === 0) return
    const rows = events.map((e) => (metadata === undefined ? toNewEvent(e) : { ...toNewEvent(e), metadata }))
    await this.store.appendToStream(loaded.stream, loaded.state.version, rows)
    this.metrics.eventsAppended += events.length
    for (const e of events) evolve(loaded.state, e)
    if (loaded.state.version - loaded.snapshotVersion >= this.snapshotEvery) {
      await this.store.saveSnapshot(loaded.stream, loaded.state.version, toSnapshot(loaded.state))
      loaded.snapshotVersion = loaded.state.version
    }
  }
}
