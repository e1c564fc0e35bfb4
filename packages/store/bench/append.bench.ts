/**
 * Append throughput: 200,000 events in 1000-event batches through `EventStore.appendToStream`,
 * beside a raw batched `INSERT ... SELECT FROM unnest(...)` of the same rows into a plain table
 * (no index, no constraint) in the same run. Postgres when TEST_DATABASE_URL or DATABASE_URL is set
 * (raw insert through `pg`), else in-memory PGlite (raw insert through PGlite).
 *
 *   pnpm --filter @feedsync/store bench
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @feedsync/store bench
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { createEventStore } from '../src/create-event-store.js'
import type { EventStore, NewEvent } from '../src/event-store.js'

const totalEvents = 200_000
const batchSize = 1000
const streams = 100

interface RawTarget {
  query(text: string, params: unknown[]): Promise<unknown>
  close(): Promise<void>
}

function batchOf(b: number): { stream: string; events: NewEvent[] } {
  const events: NewEvent[] = []
  for (let i = 0; i < batchSize; i++) {
    const n = b * batchSize + i
    events.push({
      type: 'TransactionRecorded',
      data: {
        id: `txn-${n}`,
        date: `2026-0${1 + (n % 9)}-1${n % 10}`,
        description: `Card payment ${n} at Coffee & Co`,
        amount: `${(n % 9973) - 4000}.${String(n % 100).padStart(2, '0')}`,
        status: n % 3 === 0 ? 'pending' : 'cleared',
      },
      metadata: { requestId: `req-${b}` },
      uniqueKey: `txn:txn-${n}`,
    })
  }
  return { stream: `account-${b % streams}`, events }
}

const rawSql = `insert into bench_raw (stream, version, type, data, metadata, unique_key)
  select $1, $2::integer + u.n::integer, u.type, u.data::jsonb, u.metadata::jsonb, u.unique_key
  from unnest($3::text[], $4::text[], $5::text[], $6::text[]) with ordinality as u(type, data, metadata, unique_key, n)`

function rawParams(stream: string, version: number, events: readonly NewEvent[]): unknown[] {
  return [
    stream,
    version,
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata ?? {})),
    events.map((e) => e.uniqueKey ?? null),
  ]
}

async function timeStore(store: EventStore, batches: number, offset: number): Promise<number> {
  const versions = new Map<string, number>()
  const started = performance.now()
  for (let b = offset; b < offset + batches; b++) {
    const { stream, events } = batchOf(b)
    const result = await store.appendToStream(stream, versions.get(stream) ?? 'any', events)
    versions.set(stream, result.nextExpectedVersion)
  }
  return performance.now() - started
}

/** Per raw table, each stream's version so far (kept across calls, like the store's own). */
const rawVersions = new Map<string, Map<string, number>>()

async function timeRaw(
  raw: RawTarget,
  batches: number,
  offset: number,
  table = 'bench_raw',
): Promise<number> {
  const text = rawSql.replace('bench_raw', table)
  const versions = rawVersions.get(table) ?? new Map<string, number>()
  rawVersions.set(table, versions)
  const started = performance.now()
  for (let b = offset; b < offset + batches; b++) {
    const { stream, events } = batchOf(b)
    const version = versions.get(stream) ?? 0
    await raw.query(text, rawParams(stream, version, events))
    versions.set(stream, version + events.length)
  }
  return performance.now() - started
}

const createRaw = `create table bench_raw (stream text, version integer, type text, data jsonb, metadata jsonb,
  unique_key text)`

/** A second raw target with the store's indexes, to tell the cost of the indexes from the store's code. */
const createIndexed = [
  `create table bench_indexed (global_position bigint generated always as identity,
    transaction_id xid8 not null default pg_current_xact_id(), stream text not null, version integer not null,
    type text not null, data jsonb not null, metadata jsonb not null, unique_key text,
    recorded_at timestamptz not null default now(), primary key (transaction_id, global_position),
    unique (stream, version))`,
  'create unique index on bench_indexed (stream, unique_key) where unique_key is not null',
]

async function open(): Promise<{
  label: string
  store: EventStore
  raw: RawTarget
  cleanup(): Promise<void>
}> {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
  if (url === undefined || url === '') {
    const store = await createEventStore({ kind: 'pglite' })
    const pglite = new PGlite()
    for (const ddl of [createRaw, ...createIndexed]) await pglite.exec(ddl)
    return {
      label: 'PGlite (in memory, fsync off), raw insert through PGlite',
      store,
      raw: { query: (text, params) => pglite.query(text, params), close: () => pglite.close() },
      cleanup: async () => {},
    }
  }
  const schema = `store_bench_${randomUUID().replaceAll('-', '')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const store = await createEventStore({ kind: 'postgres', url, schema })
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` })
  for (const ddl of [createRaw, ...createIndexed]) await pool.query(ddl)
  const { rows } = await admin.query<{ v: string }>("select current_setting('server_version') as v")
  return {
    label: `Postgres ${rows[0]?.v ?? '?'} on ${new URL(url).host}, raw insert through pg`,
    store,
    raw: { query: (text, params) => pool.query(text, params), close: () => pool.end() },
    cleanup: async () => {
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}

const { label, store, raw, cleanup } = await open()
try {
  const warmup = 5
  const batches = totalEvents / batchSize
  await timeStore(store, warmup, 10_000)
  await timeRaw(raw, warmup, 10_000)
  await timeRaw(raw, warmup, 10_000, 'bench_indexed')
  // Interleave quarters so changing background load affects every side alike.
  const quarter = batches / 4
  let storeMs = 0
  let rawMs = 0
  let indexedMs = 0
  for (let q = 0; q < 4; q++) {
    storeMs += await timeStore(store, quarter, q * quarter)
    rawMs += await timeRaw(raw, quarter, q * quarter)
    indexedMs += await timeRaw(raw, quarter, q * quarter, 'bench_indexed')
  }
  const storeRate = (totalEvents / storeMs) * 1000
  const rawRate = (totalEvents / rawMs) * 1000
  const indexedRate = (totalEvents / indexedMs) * 1000
  console.log(`database: ${label}`)
  console.log(`machine: ${availableParallelism()} cpus, node ${process.version}`)
  console.log(
    `store.appendToStream: ${totalEvents} events in ${batchSize}-event batches: ${(storeMs / 1000).toFixed(2)} s, ${Math.round(storeRate)} events/s`,
  )
  console.log(
    `raw INSERT ... unnest: ${totalEvents} rows in ${batchSize}-row statements: ${(rawMs / 1000).toFixed(2)} s, ${Math.round(rawRate)} rows/s`,
  )
  console.log(`ratio store/raw: ${(storeRate / rawRate).toFixed(2)}`)
  console.log(
    `(for reference) raw INSERT ... unnest into a table with the store's indexes: ${(indexedMs / 1000).toFixed(2)} s, ${Math.round(indexedRate)} rows/s; store/indexed ${(storeRate / indexedRate).toFixed(2)}`,
  )
} finally {
  await raw.close()
  await store.close()
  await cleanup()
}
