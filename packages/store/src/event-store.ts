/**
 * The event-store port: what the rest of feedsync needs from durable storage.
 *
 * The store knows events only as `{ type, data, metadata }` rows in named streams; it holds no
 * domain rules. Versions in a stream start at 1 for the first event; a stream that does not exist
 * has version 0.
 */

/**
 * What an append expects the stream's current version to be.
 *
 * - a number: the stream's current version must be exactly this (0 means "the stream does not exist",
 *   the same as `'no_stream'`);
 * - `'no_stream'`: the stream must not exist yet;
 * - `'any'`: no check (the append still happens atomically after any concurrent one).
 *
 * @example
 * await store.appendToStream('account-1', 'no_stream', [{ type: 'AccountRegistered', data: {} }])
 * await store.appendToStream('account-1', 1, [{ type: 'FeedLinked', data: {} }])
 */
export type ExpectedVersion = number | 'no_stream' | 'any'

/**
 * An event to append.
 *
 * `uniqueKey`, when given (one key, or several for an event that records several things), may be
 * stored only once per stream: appending an event whose key is already in the stream (or twice in
 * one batch) rejects the whole append with a `UniqueKeyConflictError`.
 *
 * @example
 * const event: NewEvent = {
 *   type: 'TransactionRecorded',
 *   data: { id: 'tx-1', amount: '12.50' },
 *   metadata: { requestId: 'req-9' },
 *   uniqueKey: 'txn:tx-1',
 * }
 */
export interface NewEvent {
  readonly type: string
  /** Any JSON value (stored as `json` text; keep exact decimals as strings). */
  readonly data: unknown
  /** A JSON object; `{}` when absent. */
  readonly metadata?: Readonly<Record<string, unknown>>
  readonly uniqueKey?: string | readonly string[]
}

/**
 * Where an event sits in the global log read by `readAll`: the id of the transaction that wrote it
 * and its global sequence number, both bigints written as decimal strings. Positions are ordered by
 * `transactionId`, then `globalPosition`.
 *
 * @example
 * const position: Position = { transactionId: '7431', globalPosition: '120045' }
 */
export interface Position {
  readonly transactionId: string
  readonly globalPosition: string
}

/**
 * An event as stored.
 *
 * @example
 * const [first] = await store.readStream('account-1')
 * // first: { stream: 'account-1', version: 1, globalPosition: '1', transactionId: '745',
 * //          type: 'AccountRegistered', data: {}, metadata: {}, recordedAt: Date }
 */
export interface StoredEvent {
  readonly stream: string
  /** 1 for the first event of the stream, then 2, 3, ... without gaps. */
  readonly version: number
  /** Global sequence number (a bigint as a decimal string). Unique, increasing, but with gaps. */
  readonly globalPosition: string
  /** Id of the database transaction that appended the event (an xid8 as a decimal string). */
  readonly transactionId: string
  readonly type: string
  readonly data: unknown
  readonly metadata: Readonly<Record<string, unknown>>
  /** The database's clock when the event was appended. */
  readonly recordedAt: Date
}

/**
 * The outcome of a successful append.
 *
 * @example
 * const { nextExpectedVersion } = await store.appendToStream('account-1', 3, events)
 * await store.appendToStream('account-1', nextExpectedVersion, moreEvents)
 */
export interface AppendResult {
  /** The stream's version after the append: pass it as the expected version of the next append. */
  readonly nextExpectedVersion: number
  /** One position per appended event, in the order given. */
  readonly positions: readonly Position[]
}

/** @example await store.readStream('account-1', { fromVersion: 11, maxCount: 100 }) */
export interface ReadStreamOptions {
  /** First version to return (inclusive); default 1. */
  readonly fromVersion?: number
  /** At most this many events; default all. */
  readonly maxCount?: number
}

/** @example await store.readAll({ after: checkpoint, limit: 500 }) */
export interface ReadAllOptions {
  /** Return events strictly after this position; default the beginning of the log. */
  readonly after?: Position
  /** At most this many events (a positive integer). */
  readonly limit: number
}

/**
 * One page of the global log.
 *
 * @example
 * let after: Position | undefined
 * for (;;) {
 *   const page = await store.readAll({ after, limit: 500 })
 *   for (const event of page.events) project(event)
 *   after = page.position
 *   if (page.events.length === 0) break
 * }
 */
export interface ReadAllResult {
  readonly events: readonly StoredEvent[]
  /** Where the next read continues: the last event's position, or `after` when the page is empty. */
  readonly position: Position | undefined
}

/** @example const streams: StreamInfo[] = await store.listStreams({ prefix: 'account-' }) */
export interface StreamInfo {
  readonly stream: string
  readonly version: number
}

/** @example await store.listStreams({ prefix: 'account-', after: 'account-41', limit: 100 }) */
export interface ListStreamsOptions {
  /** Only streams whose name starts with this string. */
  readonly prefix?: string
  /** Only streams whose name comes after this one (byte order): the cursor of a paged listing. */
  readonly after?: string
  /** At most this many (an integer >= 1); default all. */
  readonly limit?: number
}

/**
 * The latest snapshot of a stream's folded state.
 *
 * @example
 * const snapshot = await store.loadSnapshot('account-1')
 * const tail = await store.readStream('account-1', { fromVersion: (snapshot?.version ?? 0) + 1 })
 */
export interface Snapshot {
  /** The stream version the state was folded up to (inclusive). */
  readonly version: number
  readonly state: unknown
}

/**
 * A key claimed for work by `claimDue`: `wake` is the key's wake count at the claim (hand it back
 * to `settleDue`), `streak` what the last settle stored (a back-off's step, say).
 *
 * @example
 * const [first] = await store.claimDue({ owner: 'worker-1', now: '2026-12-02T10:00:00Z', limit: 50, claimTtlMs: 120_000 })
 * // first: { key: 'account-c1-a1', wake: '3', streak: 0 }
 */
export interface DueClaim {
  readonly key: string
  /** A bigint as a decimal string. */
  readonly wake: string
  readonly streak: number
}

/** A key's wake count and streak read outside a claim (`readDue`): the same shape as a claim. */
export type DueReading = DueClaim

/**
 * How a piece of work on a key ended: when the key is next due (an instant of the caller's clock,
 * `null`: nothing to do until woken), the streak to keep, the wake count read when the work began,
 * and the stream version the due time was derived from.
 *
 * @example
 * await store.settleDue({ key, wake: claim.wake, dueAt: '2026-12-03T00:00:00.000Z', streak: 0, version: 12 })
 */
export interface DueSettlement {
  readonly key: string
  readonly wake: string
  readonly dueAt: string | null
  readonly streak: number
  readonly version: number
}

/**
 * The event-store port.
 *
 * @example
 * const store = await createEventStore({ kind: 'pglite' })
 * const { nextExpectedVersion } = await store.appendToStream('account-1', 'no_stream', [
 *   { type: 'AccountRegistered', data: { name: 'Main' } },
 * ])
 * const events = await store.readStream('account-1')
 * await store.close()
 */
/** A token bucket's shape: `capacity` tokens at most, refilled at `perSecond`. */
export interface TokenBucketLimits {
  readonly capacity: number
  readonly perSecond: number
  /**
   * Tokens due within this many ms may be granted ahead (default 0: only tokens there now); the
   * answer's `waitMs` then says when they may be spent.
   */
  readonly reserveMs?: number
}

/** What {@link EventStore.takeTokens} granted, and when to ask again if it granted none. */
export interface TokensTaken {
  readonly granted: number
  /**
   * With tokens granted: milliseconds before they may be spent (0 unless granted ahead). With none:
   * milliseconds until one is due or the bucket's block ends.
   */
  readonly waitMs: number
  /** True when nothing was granted because the bucket is blocked (`blockTokens`). */
  readonly blocked: boolean
}

/**
 * A read-model row kept beside a stream: `key` unique in the stream, `sort` the text pages are
 * ordered by (byte order), `data` any JSON value.
 *
 * @example
 * const row: StreamRow = { key: 'tx-1', sort: '2026-12-01T09:00:00|000000000004', data: { amount: '12.50' } }
 */
export interface StreamRow {
  readonly key: string
  readonly sort: string
  readonly data: unknown
}

/**
 * Rows an append writes beside ANOTHER stream (a second projection of the appended stream, say),
 * in the append's transaction.
 *
 * @example
 * const beside: BesideRows = { stream: 'account-1:ops', rows: [row] }
 */
export interface BesideRows {
  readonly stream: string
  readonly rows: readonly StreamRow[]
}

/**
 * What an append does besides the events, in the same database transaction: `rows` upserted beside
 * the stream (a projection that can never disagree with the log), `beside` rows upserted beside
 * other streams (as `putRows(b.stream, b.rows)` each; only rows: the other stream's events and
 * version are not touched), `markDue` the stream made due at once (as `markDue([stream])`: a wake a
 * crash cannot lose). A refused append writes none of them.
 *
 * @example
 * await store.appendToStream('account-1', 7, events, { rows: [row], markDue: true })
 * await store.appendToStream('account-1', 8, events, { beside: [{ stream: 'account-1:ops', rows: [op] }] })
 */
export interface AppendOptions {
  readonly rows?: readonly StreamRow[]
  readonly beside?: readonly BesideRows[]
  readonly markDue?: boolean
}

/** @example await store.pageRows('account-1', { order: 'sort', descending: true, offset: 0, limit: 50 }) */
export interface PageRowsOptions {
  readonly order: 'key' | 'sort'
  readonly descending?: boolean
  readonly offset: number
  readonly limit: number
}

export interface EventStore {
  /**
   * Appends `events` to `stream` atomically (all or nothing) if the stream's version matches
   * `expectedVersion`. The events get versions current+1, current+2, ...
   *
   * Rejects with `WrongExpectedVersionError` when the version does not match (including when a
   * concurrent append won the race) and with `UniqueKeyConflictError` when a `uniqueKey` is already
   * in the stream or repeated in the batch. An empty `events` list only checks the version (and
   * writes nothing else). `options` are written in the same transaction (see `AppendOptions`).
   */
  appendToStream(
    stream: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>

  /** Upserts read-model rows beside `stream` outside an append (a backfill from the log). */
  putRows(stream: string, rows: readonly StreamRow[]): Promise<void>

  /** The rows of `stream` with these keys (absent keys are left out; no particular order). */
  readRows(stream: string, keys: readonly string[]): Promise<StreamRow[]>

  /** A page of `stream`'s rows ordered by `sort` (then key) or by key, byte order. */
  pageRows(stream: string, options: PageRowsOptions): Promise<StreamRow[]>

  /** The stream's events in version order (empty when the stream does not exist). */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>

  /**
   * Events of all streams, after `after`, in the order of the global log (by transaction id, then
   * global position). Only events of transactions older than every transaction still running are
   * returned, so a reader following the log never skips an event that commits late; within a
   * stream the order follows the versions.
   */
  readAll(options: ReadAllOptions): Promise<ReadAllResult>

  /** Streams and their current versions, ordered by name (byte order). */
  listStreams(options?: ListStreamsOptions): Promise<StreamInfo[]>

  /** Stores `state` (any JSON value) as the stream's snapshot at `version`, unless a newer one exists. */
  saveSnapshot(stream: string, version: number, state: unknown): Promise<void>

  /** The stream's latest snapshot, or `undefined`. */
  loadSnapshot(stream: string): Promise<Snapshot | undefined>

  /**
   * Takes the lease on `key` for `owner` for `ttlMs` milliseconds of the DATABASE's clock. True when
   * the lease is free, expired, or already held by `owner` (then it is extended); false when another
   * owner holds an unexpired lease.
   */
  tryAcquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>

  /**
   * Extends `owner`'s unexpired lease on `key` to `ttlMs` from now. False when `owner` does not hold it
   * any more (expired or taken): the caller must stop working on `key`.
   */
  renewLease(key: string, owner: string, ttlMs: number): Promise<boolean>

  /** Gives up `owner`'s lease on `key` (no effect when `owner` does not hold it). */
  releaseLease(key: string, owner: string): Promise<void>

  /**
   * Takes up to `want` tokens from the bucket `key` (created full on first use), which refills at
   * `limits.perSecond` up to `limits.capacity`, on the DATABASE's clock, atomically for every process on
   * the database. `granted` may be fewer than `want` (0 when empty or blocked); `waitMs` is then how
   * long until a token is due (or the block ends). With `limits.reserveMs`, tokens due within it are
   * granted ahead, in the order takers reach the row, and `waitMs` says when they may be spent. One statement.
   */
  takeTokens(key: string, want: number, limits: TokenBucketLimits): Promise<TokensTaken>

  /** Grants nothing from `key` for `forMs` from now (a longer block already set stays). */
  blockTokens(key: string, forMs: number): Promise<void>

  /**
   * Due work. Makes `keys` due at once (before any instant; first woken first) and counts up each
   * one's wake count, so that a settle derived from a reading older than the wake keeps it due.
   */
  markDue(keys: readonly string[]): Promise<void>

  /**
   * At start: makes due at once every stream under `prefix` with no due row yet and every one whose
   * version moved past the version its last settle was derived from. Returns how many.
   */
  markMovedDue(prefix: string): Promise<number>

  /**
   * Claims up to `limit` keys due at `now` (an instant of the caller's clock), oldest due first,
   * that no unexpired claim holds, for `owner` for `claimTtlMs` of the DATABASE's clock. Two
   * claimers never get the same key while its claim lasts (`for update skip locked`). Nothing due:
   * an empty list, one index probe. `prefix`: only keys that start with it (one queue of several
   * sharing the table: the sync worker's accounts, the outbox's deliveries).
   */
  claimDue(options: {
    readonly owner: string
    readonly now: string
    readonly limit: number
    readonly claimTtlMs: number
    readonly prefix?: string
  }): Promise<DueClaim[]>

  /** A key's wake count and streak, for work that did not start from a claim ("sync now"). */
  readDue(key: string): Promise<DueReading>

  /** Ends work on a key: next due instant or `null`, streak, version; any claim released. A wake since `wake` wins. */
  settleDue(settlement: DueSettlement): Promise<void>

  /** Gives up `owner`'s claim on `key`, leaving it due as it was. */
  releaseDue(key: string, owner: string): Promise<void>

  /** Resolves when the database answers a query (for readiness probes). */
  ping(): Promise<void>

  /** Closes the connections (and the embedded database). Calling it again returns the same promise. */
  close(): Promise<void>
}
