import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'

/**
 * The store's migrations, in code (no file-system scanning). Names sort in the order they run.
 * Append new ones; never edit one that has shipped.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-event-store': {
    async up(db: Kysely<unknown>): Promise<void> {
      // transaction_id + the visibility horizon make `readAll` gap-safe (see read-all.ts). The primary
      // key (transaction_id, global_position) is readAll's order; global_position alone is unique by
      // its identity sequence (`generated always`), so it needs no index of its own.
      await sql`
        create table store_events (
          global_position bigint generated always as identity,
          transaction_id xid8 not null default pg_current_xact_id(),
          stream text not null,
          version integer not null,
          type text not null,
          data jsonb not null,
          metadata jsonb not null default '{}'::jsonb,
          unique_key text,
          recorded_at timestamptz not null default now(),
          constraint store_events_pkey primary key (transaction_id, global_position),
          constraint store_events_stream_version_key unique (stream, version)
        )`.execute(db)
      await sql`
        create unique index store_events_stream_unique_key_key
          on store_events (stream, unique_key) where unique_key is not null`.execute(db)
      await sql`
        create table store_streams (
          stream text primary key,
          version integer not null
        )`.execute(db)
      await sql`
        create table store_snapshots (
          stream text primary key,
          version integer not null,
          state jsonb not null,
          saved_at timestamptz not null default now()
        )`.execute(db)
      await sql`
        create table store_leases (
          key text primary key,
          owner text not null,
          expires_at timestamptz not null
        )`.execute(db)
    },
  },
  '0002-unique-keys-table': {
    // The uniqueness guard moves to a table of its own, so that ONE event may carry several keys (a
    // bulk `TransactionsRecorded` of 1000 transactions is one row of `store_events` and 1000 keys
    // here). Existing keys move over; the column stays (nullable, no longer written or indexed).
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table store_unique_keys (
          stream text not null,
          unique_key text not null,
          constraint store_unique_keys_pkey primary key (stream, unique_key)
        )`.execute(db)
      await sql`
        insert into store_unique_keys (stream, unique_key)
        select stream, unique_key from store_events where unique_key is not null`.execute(db)
      await sql`drop index store_events_stream_unique_key_key`.execute(db)
    },
  },
  '0003-json-payloads': {
    // Payloads are written and read whole, never queried inside: `json` (the text, checked) costs
    // Postgres a third of what `jsonb` (parsed into a binary tree) does for a 150 kB bulk event.
    // TOAST compresses them with lz4 where the server is built with it (else the default, pglz).
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        alter table store_events
          alter column data type json using data::json,
          alter column metadata drop default,
          alter column metadata type json using metadata::json,
          alter column metadata set default '{}'::json`.execute(db)
      await sql`alter table store_snapshots alter column state type json using state::json`.execute(db)
      await sql`
        do $$
        begin
          if exists (select 1 from pg_settings
                     where name = 'default_toast_compression' and 'lz4' = any(enumvals)) then
            alter table store_events alter column data set compression lz4;
            alter table store_snapshots alter column state set compression lz4;
          end if;
        end $$`.execute(db)
    },
  },
  '0004-rate-buckets': {
    // Token buckets shared by every process on the database (a request budget: `takeTokens`,
    // `blockTokens`). One row per bucket; `store_take_tokens` refills, grants (ahead, within a
    // horizon) and reports in one call.
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table store_rate_buckets (
          key text primary key,
          tokens double precision not null,
          refilled_at timestamptz not null,
          blocked_until timestamptz not null default '-infinity'
        )`.execute(db)
      await sql`
        create function store_take_tokens(
          p_key text, p_want integer, p_capacity double precision, p_per_second double precision,
          p_reserve_ms double precision
        ) returns table (granted integer, wait_ms double precision, blocked boolean) language plpgsql as $fn$
        declare
          b store_rate_buckets%rowtype;
          t timestamptz;
          avail double precision;
          g integer;
        begin
          insert into store_rate_buckets (key, tokens, refilled_at)
            values (p_key, p_capacity, clock_timestamp()) on conflict (key) do nothing;
          select * into b from store_rate_buckets where key = p_key for update;
          -- Read after the row lock: a caller that waited for it must not refill from an older instant.
          t := greatest(b.refilled_at, clock_timestamp());
          avail := least(p_capacity, b.tokens + extract(epoch from (t - b.refilled_at))::double precision * p_per_second);
          if b.blocked_until > t then
            update store_rate_buckets set tokens = avail, refilled_at = t where key = p_key;
            return query select 0, extract(epoch from (b.blocked_until - t))::double precision * 1000, true;
            return;
          end if;
          -- Tokens due within p_reserve_ms may be granted ahead (the bucket goes below 0): the caller
          -- waits wait_ms before spending them, instead of asking again and again.
          g := greatest(0, least(p_want, floor(avail + p_per_second * p_reserve_ms / 1000)::integer));
          update store_rate_buckets set tokens = avail - g, refilled_at = t where key = p_key;
          return query select g, case when g = 0 then (1 - avail) / p_per_second * 1000
                                      else greatest(0, (g - avail) / p_per_second * 1000) end, false;
        end
        $fn$`.execute(db)
    },
  },
  '0005-due-work': {
    // Due work: each key (an account stream, say) has the instant its next piece of work is due, or
    // null when it has none. A worker claims due keys (oldest first, `for update skip locked`, a
    // claim that expires by the database's clock); a wake makes a key due at once and counts up
    // `wake`, so a settle computed from an older reading does not cancel it. `settled_version` is
    // the stream version the last settle was derived from (a start makes keys whose stream moved
    // since due). The `due_at` index makes a claim with nothing due one index probe.
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table store_due (
          key text primary key,
          due_at timestamptz,
          woken_at timestamptz not null default now(),
          wake bigint not null default 0,
          streak integer not null default 0,
          settled_version integer not null default 0,
          claimed_by text,
          claim_expires_at timestamptz
        )`.execute(db)
      await sql`create index store_due_due_at on store_due (due_at, woken_at) where due_at is not null`.execute(
        db,
      )
    },
  },
  '0006-streams-by-prefix': {
    // `listStreams({ prefix })` as an index range: the primary key's collation is the database's
    // (often en_US, where punctuation sorts loosely), so a byte-order ("C") index carries the range
    // `prefix <= stream < next(prefix)`. Before, every prefix listing (the outbox's endpoint list,
    // once a second) read every stream.
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create index store_streams_stream_c on store_streams ((stream collate "C"))`.execute(db)
    },
  },
  '0007-stream-rows': {
    // Read-model rows kept beside a stream (an account's folded transactions, say): one row per
    // (stream, key), written in the same transaction as the append that produced them (or upserted
    // by a backfill: the rows are a function of the log). `sort` orders them for paging; both orders
    // are byte order ("C"), which for ASCII keys is the order JavaScript's `<` gives.
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table store_rows (
          stream text not null,
          key text not null,
          sort text not null,
          data json not null,
          primary key (stream, key)
        )`.execute(db)
      await sql`create index store_rows_by_key on store_rows (stream, (key collate "C"))`.execute(db)
      await sql`create index store_rows_by_sort on store_rows (stream, (sort collate "C"), (key collate "C"))`.execute(
        db,
      )
    },
  },
}

const provider: MigrationProvider = {
  async getMigrations() {
    return migrations
  },
}

/**
 * Brings the schema (`schema`: the one `search_path` names, for a store in a schema of its own) to
 * the latest migration. Safe to run from several processes at once (kysely's
 * migration lock). Rejects with the first migration error.
 */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'store_migration',
    migrationLockTableName: 'store_migration_lock',
    // Named, not left to search_path: kysely looks its tables up by schema ('public' by default), so
    // a store in its own schema of a database whose public schema has a store would find the wrong ones.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  })
  const { error } = await migrator.migrateToLatest()
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error))
}
