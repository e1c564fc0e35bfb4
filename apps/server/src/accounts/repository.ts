import {
  type AccountState,
  cloneState,
  evolve,
  type FeedEvent,
  fromSnapshot,
  initialState,
  type SettledLookup,
  type Snapshot,
  type Txn,
} from '@feedsync/core'
import type { EventStore, StoredEvent } from '@feedsync/store'
import type { Metrics } from '../metrics.js'
import {
  OPERATION_ROWS_LISTED,
  type OperationRow,
  operationRow,
  operationsStream,
  rowOperation,
} from './operation-rows.js'
import { evolveLeaving, leftRows, mayFold, rowTxn, settledLookup, settledRow } from './settled-rows.js'
import { type SnapshotLog, SnapshotWriter } from './snapshot-writer.js'
import { ByteBoundedCache, estimateStateBytes } from './state-cache.js'
import { toFeedEvent, toNewEvent } from './stream-events.js'

export type { SnapshotLog } from './snapshot-writer.js'

/** Events read per page when a stream is loaded (from its start or its snapshot; a bulk event holds up to 1000 lines). */
const LOAD_PAGE = 50
/** Projection rows per backfill statement. */
const ROWS_PER_WRITE = 2000

/** The repository's default cache budget: 256 MiB of estimated state. */
export const DEFAULT_ACCOUNT_CACHE_BYTES = 256 * 1024 * 1024

/** An account stream's folded state and the version of its latest snapshot. */
export interface LoadedAccount {
  readonly stream: string
  state: AccountState
  snapshotVersion: number
}

/**
 * A snapshot of the shape this repository folds (schema 2 folding, 1 not; a schema 2 one says
 * `foldBatches: true` when it drops ended batches, absent when it keeps them); any other is ignored
 * (the log is folded again, see `load`): a snapshot that kept every batch is never read as one whose
 * dropped batches went to the projection, nor the other way round.
 */
function isSnapshot(x: unknown, foldSettled: boolean, foldBatches: boolean): x is Snapshot {
  if (typeof x !== 'object' || x === null || !('schema' in x) || x.schema !== (foldSettled ? 2 : 1))
    return false
  const drops = 'foldBatches' in x && x.foldBatches === true
  return drops === (foldSettled && foldBatches)
}

/** Which settled transactions `settledPage` reads. */
export interface SettledPageQuery {
  readonly order: 'date' | 'id'
  readonly descending: boolean
  readonly offset: number
  readonly limit: number
}

/**
 * How the repository folds: `foldSettled` (default true) keeps states bounded by what is unsettled;
 * `foldBatches` (default true, only with `foldSettled`) also drops ended batches that no longer
 * matter (their rows go to `operationsStream`, see `operation-rows.ts`).
 */
export interface RepositoryOptions {
  readonly foldSettled?: boolean
  readonly foldBatches?: boolean
}

/**
 * Loads and appends one core account stream: state = snapshot + tail; a snapshot is saved every
 * `snapshotEvery` events. Appends carry the expected version (the loaded state's), so two writers
 * never both commit a decision made on the same state.
 */
export class AccountRepository {
  /** Latest known state per stream (most recently used last), owned by `withAccount` callers one at a time. */
  private readonly cache: ByteBoundedCache<LoadedAccount>
  private readonly locks = new Map<string, Promise<unknown>>()
  private readonly snapshots: SnapshotWriter
  /**
   * Whether states fold settled transactions into totals (`initialState({ foldSettled })`); the
   * folded ones are then rows of the store's projection (`settled-rows.ts`), written in the append's
   * transaction.
   */
  readonly foldSettled: boolean
  /**
   * Whether folding states also drop ended batches (`initialState({ foldBatches })`); the dropped
   * ones are then rows beside `operationsStream(stream)`, written in the append's transaction.
   */
  readonly foldBatches: boolean

  constructor(
    private readonly store: EventStore,
    snapshotEvery: number,
    private readonly metrics: Pick<Metrics, 'eventsAppended' | 'snapshotsSaved' | 'snapshotFailures'>,
    /**
     * The state cache's budget in estimated heap bytes (`FEEDSYNC_ACCOUNT_CACHE_BYTES`; least recently
     * used out first; a state heavier than the budget is not kept): memory stays bounded however many
     * accounts the process serves; an evicted account is loaded again (snapshot + tail).
     */
    cacheBytes: number = DEFAULT_ACCOUNT_CACHE_BYTES,
    /** Where a failed snapshot save is reported (besides `feedsync_snapshot_failures_total`). */
    log?: SnapshotLog,
    options: RepositoryOptions = {},
  ) {
    this.foldSettled = options.foldSettled !== false
    this.foldBatches = this.foldSettled && options.foldBatches !== false
    this.snapshots = new SnapshotWriter(store, snapshotEvery, metrics, log)
    this.cache = new ByteBoundedCache(cacheBytes, (loaded) => estimateStateBytes(loaded.state))
  }

  /**
   * Runs `fn` on the stream's state, one caller at a time per stream in this process. The state
   * comes from the in-process cache caught up with the store's tail (other processes may have
   * appended), or from snapshot + tail. `fn` may evolve the state in place: when it throws, the state
   * is dropped from the cache (it may hold events that were never appended).
   */
  async withAccount<T>(stream: string, fn: (loaded: LoadedAccount) => Promise<T>): Promise<T> {
    return this.locked(stream, async () => {
      const loaded = await this.take(stream)
      const result = await fn(loaded)
      this.keep(loaded)
      return result
    })
  }

  /**
   * Takes the stream's state OUT of the cache (caught up with the store), or loads it, for an owner
   * that holds it across slow calls without blocking `withAccount` callers: the sync worker under its
   * lease. Meanwhile a `withAccount` caller of the same stream loads a copy of its own (appends carry
   * expected versions, so the two never both commit on one state). Hand it back with `giveBack` once
   * it is consistent with the store (every event in it appended); otherwise just drop it.
   */
  borrow(stream: string): Promise<LoadedAccount> {
    return this.locked(stream, () => this.take(stream))
  }

  /** Returns a borrowed state to the cache, unless a caller has cached a copy of its own meanwhile. */
  giveBack(loaded: LoadedAccount): void {
    if (!this.cache.has(loaded.stream)) this.keep(loaded)
  }

  /** Runs `fn` after the previous holder of the stream's lock in this process. */
  private locked<T>(stream: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(stream) ?? Promise.resolve()
    const run = previous.then(fn)
    const settled = run.catch(() => {})
    this.locks.set(stream, settled)
    void settled.then(() => {
      if (this.locks.get(stream) === settled) this.locks.delete(stream)
    })
    return run
  }

  private async take(stream: string): Promise<LoadedAccount> {
    const cached = this.cache.take(stream)
    if (cached === undefined) return this.load(stream)
    await this.catchUp(cached)
    return cached
  }

  private keep(loaded: LoadedAccount): void {
    this.cache.put(loaded.stream, loaded)
  }

  private async catchUp(loaded: LoadedAccount): Promise<void> {
    const tail = await this.store.readStream(loaded.stream, { fromVersion: loaded.state.version + 1 })
    await this.evolveTail(loaded.stream, loaded.state, tail)
  }

  /**
   * Evolves `state` with events its appenders wrote. Their ops rows went with them, unless an
   * appender did not drop batches (a process of a version before batch folding, during a rolling
   * deploy): the rows of what this state drops are written again (idempotent: a function of the log).
   */
  private async evolveTail(stream: string, state: AccountState, tail: readonly StoredEvent[]): Promise<void> {
    if (!state.foldBatches || !tail.some((e) => e.type === 'BatchPlanned')) {
      for (const e of tail) evolve(state, toFeedEvent(e))
      return
    }
    const { dropped } = evolveLeaving(state, tail.map(toFeedEvent))
    if (dropped.length > 0) await this.store.putRows(operationsStream(stream), dropped.map(operationRow))
  }

  /**
   * A fresh, uncached load: snapshot + tail. Without a snapshot of this repository's shape (a stream
   * from before folding, or one never snapshotted) the whole log is folded, and what it folds is
   * written to the projection (a backfill: the rows are a function of the log, so writing them again
   * changes nothing) and snapshotted at once, so the next cold load starts from there.
   */
  async load(stream: string): Promise<LoadedAccount> {
    const snap = await this.store.loadSnapshot(stream)
    const own = snap !== undefined && isSnapshot(snap.state, this.foldSettled, this.foldBatches)
    const state = own
      ? fromSnapshot(snap.state as Snapshot)
      : initialState({ foldSettled: this.foldSettled, foldBatches: this.foldBatches })
    const loaded = { stream, state, snapshotVersion: state.version }
    // Page by page, so that a long history (a million transactions) is never in memory at once.
    let backfilled = false
    for (;;) {
      const page = await this.store.readStream(stream, {
        fromVersion: state.version + 1,
        maxCount: LOAD_PAGE,
      })
      if (own) {
        await this.evolveTail(stream, state, page)
      } else {
        const { folded, dropped } = evolveLeaving(state, page.map(toFeedEvent))
        for (let i = 0; i < folded.length; i += ROWS_PER_WRITE) {
          await this.store.putRows(stream, folded.slice(i, i + ROWS_PER_WRITE).map(settledRow))
          backfilled = true
        }
        for (let i = 0; i < dropped.length; i += ROWS_PER_WRITE) {
          const rows = dropped.slice(i, i + ROWS_PER_WRITE).map(operationRow)
          await this.store.putRows(operationsStream(stream), rows)
          backfilled = true
        }
      }
      if (page.length < LOAD_PAGE) break
    }
    // A backfill is snapshotted at once; a long tail as soon as it is due (not at the next append).
    if (backfilled) this.snapshots.now(loaded)
    else this.snapshots.maybe(loaded)
    return loaded
  }

  /**
   * A page of the stream's settled (folded) transactions from the projection, in the bank's order
   * (local date-time, then recording order) or by id.
   */
  async settledPage(stream: string, page: SettledPageQuery): Promise<Txn[]> {
    const rows = await this.store.pageRows(stream, {
      order: page.order === 'id' ? 'key' : 'sort',
      descending: page.descending,
      offset: page.offset,
      limit: page.limit,
    })
    return rows.map(rowTxn)
  }

  /**
   * The newest `OPERATION_ROWS_LISTED` (500) batches the stream's state dropped (latest planned first),
   * from the projection: the operations list merges them with the state's own.
   */
  async pastOperations(stream: string): Promise<OperationRow[]> {
    const rows = await this.store.pageRows(operationsStream(stream), {
      order: 'sort',
      descending: true,
      offset: 0,
      limit: OPERATION_ROWS_LISTED,
    })
    return rows.map(rowOperation)
  }

  /** The settled (folded) transactions among `ids` that `loaded.state` no longer holds, for `decide`. */
  settledOf(loaded: LoadedAccount, ids: Iterable<string>): Promise<SettledLookup> {
    return settledLookup(this.store, loaded.stream, loaded.state, ids)
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
    // Transactions these events fold and batches they drop leave the state: their rows go in the same
    // transaction as the events (worked out on a copy, so that a refused append leaves the state as
    // it was and writes no row).
    const options = mayFold(loaded.state, events)
      ? leftRows(loaded.stream, evolveLeaving(cloneState(loaded.state), events))
      : undefined
    await this.store.appendToStream(loaded.stream, loaded.state.version, rows, options)
    this.metrics.eventsAppended.inc(events.length)
    for (const e of events) evolve(loaded.state, e)
    this.snapshots.maybe(loaded)
  }

  /** Waits for the snapshot writes in progress (before closing the store). */
  async flush(): Promise<void> {
    await this.snapshots.flush()
  }
}
