import type { ColumnType, Generated } from 'kysely'

/** The store's tables as kysely sees them (internal). */
export interface StoreDatabase {
  store_events: EventsTable
  store_streams: StreamsTable
  store_snapshots: SnapshotsTable
  store_leases: LeasesTable
  store_unique_keys: UniqueKeysTable
  store_due: DueTable
  store_rows: RowsTable
}

/** The uniqueness guard: each key once per stream (migration 0002). */
export interface UniqueKeysTable {
  stream: string
  unique_key: string
}

export interface EventsTable {
  /** bigint identity; always selected as `::text`. */
  global_position: Generated<string>
  /** xid8, default `pg_current_xact_id()`; always selected as `::text`. */
  transaction_id: Generated<string>
  stream: string
  version: number
  type: string
  data: ColumnType<unknown, string, string>
  metadata: ColumnType<Record<string, unknown>, string, string>
  /** Written by migration 0001 only; keys live in `store_unique_keys` since 0002. */
  unique_key: string | null
  recorded_at: Generated<Date>
}

export interface StreamsTable {
  stream: string
  version: number
}

export interface SnapshotsTable {
  stream: string
  version: number
  state: ColumnType<unknown, string, string>
  saved_at: Generated<Date>
}

export interface LeasesTable {
  key: string
  owner: string
  expires_at: Date
}

/** Due work per key (migration 0004); written with raw SQL in `due.ts`. */
export interface DueTable {
  key: string
  due_at: Date | null
  woken_at: Generated<Date>
  wake: Generated<string>
  streak: Generated<number>
  settled_version: Generated<number>
  claimed_by: string | null
  claim_expires_at: Date | null
}

/** Read-model rows beside a stream (migration 0007); written with raw SQL in `rows.ts`. */
export interface RowsTable {
  stream: string
  key: string
  sort: string
  data: ColumnType<unknown, string, string>
}
