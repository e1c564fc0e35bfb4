import { type Kysely, sql } from 'kysely'
import { appendToStream } from './append.js'
import { claimDue, markDue, markMovedDue, readDue, releaseDue, settleDue } from './due.js'
import type {
  AppendOptions,
  AppendResult,
  DueClaim,
  DueReading,
  DueSettlement,
  EventStore,
  ExpectedVersion,
  ListStreamsOptions,
  NewEvent,
  PageRowsOptions,
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
import { releaseLease, renewLease, tryAcquireLease } from './leases.js'
import { underPrefix } from './prefix-range.js'
import { blockTokens, takeTokens } from './rate-buckets.js'
import { readAll } from './read-all.js'
import { readStream } from './read-stream.js'
import { pageRows, readRows, writeRows } from './rows.js'
import type { StoreDatabase } from './schema.js'
import { loadSnapshot, saveSnapshot } from './snapshots.js'

/** The `EventStore` over a migrated kysely database (either dialect). */
export class KyselyEventStore implements EventStore {
  private closing: Promise<void> | undefined

  constructor(private readonly db: Kysely<StoreDatabase>) {}

  appendToStream(
    stream: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return appendToStream(this.db, stream, expectedVersion, events, options)
  }

  putRows(stream: string, rows: readonly StreamRow[]): Promise<void> {
    return writeRows(this.db, stream, rows)
  }

  readRows(stream: string, keys: readonly string[]): Promise<StreamRow[]> {
    return readRows(this.db, stream, keys)
  }

  pageRows(stream: string, options: PageRowsOptions): Promise<StreamRow[]> {
    return pageRows(this.db, stream, options)
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return readStream(this.db, stream, options)
  }

  readAll(options: ReadAllOptions): Promise<ReadAllResult> {
    return readAll(this.db, options)
  }

  async listStreams(options: ListStreamsOptions = {}): Promise<StreamInfo[]> {
    let query = this.db
      .selectFrom('store_streams')
      .select(['stream', 'version'])
      .orderBy(sql`(stream collate "C")`)
    // A range the byte-order index `store_streams_stream_c` answers (migration 0006).
    if (options.prefix !== undefined && options.prefix !== '')
      query = query.where(underPrefix(sql`stream`, options.prefix))
    if (options.after !== undefined)
      query = query.where(sql<boolean>`(stream collate "C") > ${options.after}`)
    if (options.limit !== undefined) {
      if (!Number.isSafeInteger(options.limit) || options.limit < 1)
        throw new RangeError(`limit must be an integer >= 1, got ${options.limit}`)
      query = query.limit(options.limit)
    }
    return query.execute()
  }

  saveSnapshot(stream: string, version: number, state: unknown): Promise<void> {
    return saveSnapshot(this.db, stream, version, state)
  }

  loadSnapshot(stream: string): Promise<Snapshot | undefined> {
    return loadSnapshot(this.db, stream)
  }

  tryAcquireLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return tryAcquireLease(this.db, key, owner, ttlMs)
  }

  renewLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return renewLease(this.db, key, owner, ttlMs)
  }

  releaseLease(key: string, owner: string): Promise<void> {
    return releaseLease(this.db, key, owner)
  }

  takeTokens(key: string, want: number, limits: TokenBucketLimits): Promise<TokensTaken> {
    return takeTokens(this.db, key, want, limits)
  }

  blockTokens(key: string, forMs: number): Promise<void> {
    return blockTokens(this.db, key, forMs)
  }

  markDue(keys: readonly string[]): Promise<void> {
    return markDue(this.db, keys)
  }

  markMovedDue(prefix: string): Promise<number> {
    return markMovedDue(this.db, prefix)
  }

  claimDue(options: {
    readonly owner: string
    readonly now: string
    readonly limit: number
    readonly claimTtlMs: number
    readonly prefix?: string
  }): Promise<DueClaim[]> {
    return claimDue(this.db, options)
  }

  readDue(key: string): Promise<DueReading> {
    return readDue(this.db, key)
  }

  settleDue(settlement: DueSettlement): Promise<void> {
    return settleDue(this.db, settlement)
  }

  releaseDue(key: string, owner: string): Promise<void> {
    return releaseDue(this.db, key, owner)
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db)
  }

  close(): Promise<void> {
    this.closing ??= this.db.destroy()
    return this.closing
  }
}
