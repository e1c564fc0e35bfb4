import { type AccountState, type Snapshot, toSnapshot } from '@feedsync/core'
import type { EventStore } from '@feedsync/store'
import type { Metrics } from '../metrics.js'

/** What the writer snapshots: the repository's `LoadedAccount` (its `snapshotVersion` is moved on). */
interface LoadedAccount {
  readonly stream: string
  readonly state: AccountState
  snapshotVersion: number
}

/** Where the repository reports a snapshot it could not save (a pino logger fits). */
export interface SnapshotLog {
  warn(fields: Record<string, unknown>, message: string): void
}

/**
 * Writes the account snapshots of a repository: when due (`maybe`) or at once (`now`), each taken
 * synchronously and written in the background, one at a time per stream; a failure is counted and
 * logged, never thrown.
 */
export class SnapshotWriter {
  private readonly saving = new Set<string>()
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly store: Pick<EventStore, 'saveSnapshot'>,
    private readonly snapshotEvery: number,
    private readonly metrics: Pick<Metrics, 'snapshotsSaved' | 'snapshotFailures'>,
    private readonly log?: SnapshotLog,
  ) {}

  /**
   * Saves a snapshot once the tail since the last one reaches `snapshotEvery` events for a folding
   * state (its snapshot is bounded by what is unsettled, so it is cheap to write often), and
   * `max(snapshotEvery, version / 2)` for a full one: a full snapshot holds every transaction (for an
   * ingest-heavy account about as large as its events), so past `snapshotEvery` the snapshotted
   * version doubles each time and the sizes written sum to about twice the final state, while a cold
   * load still reads at most half the stream as tail.
   */
  maybe(loaded: LoadedAccount): void {
    const version = loaded.state.version
    const due = loaded.state.foldSettled
      ? this.snapshotEvery
      : Math.max(this.snapshotEvery, Math.floor(version / 2))
    if (version - loaded.snapshotVersion < due) return
    this.now(loaded)
  }

  /** Takes a snapshot of `loaded` now and writes it in the background (unless one is being written). */
  now(loaded: LoadedAccount): void {
    const version = loaded.state.version
    if (this.saving.has(loaded.stream)) return
    const stream = loaded.stream
    // Failed or not, the next attempt waits for the next due tail (no retry on every append).
    loaded.snapshotVersion = version
    let snapshot: Snapshot
    try {
      snapshot = toSnapshot(loaded.state)
    } catch (error) {
      // The events are appended already: a snapshot that cannot be taken must not fail the append.
      this.snapshotFailed(stream, version, error)
      return
    }
    const write = this.store
      .saveSnapshot(stream, version, snapshot)
      .then(
        () => this.metrics.snapshotsSaved.inc(),
        // A lost snapshot only makes the next cold load read a longer tail: reported, not thrown.
        (error: unknown) => this.snapshotFailed(stream, version, error),
      )
      .finally(() => {
        this.saving.delete(stream)
        this.pending.delete(write)
      })
    this.saving.add(stream)
    this.pending.add(write)
  }

  /** Counts and logs a snapshot that was not saved (the error's name and message only: no data). */
  private snapshotFailed(stream: string, version: number, error: unknown): void {
    this.metrics.snapshotFailures.inc()
    this.log?.warn(
      {
        stream,
        version,
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      },
      'account snapshot not saved',
    )
  }

  /** Waits for the snapshot writes in progress. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending])
  }
}
