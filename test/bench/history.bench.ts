/**
 * The history benchmark (issue 13, scope 2), on Postgres: one account whose store already holds
 * 10k / 100k / 1M pushed transactions (built fast: bulk `TransactionsRecorded` + `BatchPlanned` +
 * `BatchSucceeded` events of 1000 transactions each, written through SQL with their unique keys, as the
 * server would have written them), then, against the simulator in this process and the server as
 * `pnpm server` runs it (the bundle, its own process):
 *  - recording a new day (10 transactions, one request) and syncing it ("sync now" until settled), the
 *    first time after the server started (cold: the account's state is loaded) and once more (warm);
 *  - the server's peak RSS (VmHWM) and the bytes of the account's snapshot after that (written by one
 *    more server start that snapshots at its first append; the measured server snapshots by default).
 * The smallest size is the baseline of the same run: every other size is printed as a ratio to it.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @feedsync/test bench:history
 *   BENCH_HISTORY_SIZES=10000,100000 (default 10000,100000,1000000)
 *
 * `BENCH_ONLY` set to anything but `history` skips it. Without TEST_DATABASE_URL / DATABASE_URL it says it
 * needs Postgres and exits 0.
 */
import pg from 'pg'
import { basic, fetchCaller } from '../src/support/api-client.js'
import { createPostgresDatabase, type TestDatabase } from '../src/support/database.js'
import { type BankTransaction, daysEndingOn, FeedScenario } from '../src/support/feed-scenario.js'
import { CODAT_KEY } from '../src/support/keys.js'
import { buildServerBundle, type ServerProcess, spawnServer } from '../src/support/server-process.js'
import { type ListeningSimulator, startSimulator } from '../src/support/simulator.js'
import {
  adminUrl,
  benchEnv,
  benchSimulatorOptions,
  fmt,
  loadAverage,
  log,
  machine,
  peakRssMb,
  runBenchmark,
} from './bench-common.js'

const SIZES = (process.env.BENCH_HISTORY_SIZES ?? '10000,100000,1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
const NEW_DAY = 10
const ACCOUNT = 'hist-1'

// The measured server snapshots as in production (a tail of FEEDSYNC_SNAPSHOT_EVERY, default 1000,
// events: none within the run); the snapshot measured is written by a last server that snapshots at
// its first append (a third day recorded), so it holds what the syncs left.
const serverEnv = (db: TestDatabase, own: Record<string, string> = {}) => benchEnv(db, own)
const SNAPSHOT_AT_ONCE = { FEEDSYNC_SNAPSHOT_EVERY: '1' }

/** `NEW_DAY` cleared transactions on `day`, ids unique per `prefix`. */
function newDay(prefix: string, day: string): BankTransaction[] {
  return Array.from({ length: NEW_DAY }, (_, n) => ({
    id: `${prefix}-${n}`,
    date: `${day}T${String(9 + n).padStart(2, '0')}:00:00`,
    description: `Card payment ${n} at Coffee & Co`,
    amount: n % 2 === 0 ? '-4.20' : '12.00',
    status: 'cleared' as const,
  }))
}

/**
 * Appends `count` pushed transactions to `stream` (after its current version): per 1000, one
 * `TransactionsRecorded`, one `BatchPlanned` and one `BatchSucceeded`, with the unique keys the server
 * writes (`txn:<id>`). Amounts 1.00 each, balances running from `opening` (minor units); days spread
 * over the year before `lastDay`.
 */
async function buildHistory(url: string, stream: string, count: number, lastDay: string, opening: number) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const v0 = Number(
      (
        await client.query<{ v: string }>('select version::text as v from store_streams where stream = $1', [
          stream,
        ])
      ).rows[0]?.v ?? Number.NaN,
    )
    if (!Number.isFinite(v0)) throw new Error(`no stream ${stream}`)
    const chunks = Math.ceil(count / 1000)
    for (let c0 = 0; c0 < chunks; c0 += 50) {
      const c1 = Math.min(chunks, c0 + 50)
      // Dated over the same year at every size (the transaction's rank spread over 365 days, 08:00-19:00):
      // what grows between sizes is the count of transactions, not the calendar.
      await client.query(
        `with tx as (
           select c, n, 'h-' || n as id,
                  to_char($5::date - ((($3::bigint - 1 - n) * 365) / $3::bigint)::int, 'YYYY-MM-DD')
                    || 'T' || lpad((8 + n % 12)::text, 2, '0') || ':00:00' as date,
                  ($6::bigint + n + 100) as bal
             from generate_series($1::int, $2::int - 1) c, generate_series(c * 1000, c * 1000 + 999) n
            where n < $3::int and c < $4::int
         ), per as (
           select c,
                  json_agg(json_build_object('transactionId', id, 'date', date, 'description',
                    'Card payment ' || id || ' at Coffee & Co', 'amount', '1.00', 'status', 'cleared') order by n) as txns,
                  json_agg(json_build_object('transactionId', id, 'date', date, 'amount', '1.00',
                    'balance', (bal / 100)::text || '.' || lpad((bal % 100)::text, 2, '0')) order by n) as lines
             from tx group by c
         ), ev as (
           select $7::int + c * 3 + 1 as version, 'TransactionsRecorded' as type,
                  json_build_object('transactions', txns, 'at', '2026-01-01T00:00:00.000Z') as data from per
           union all
           select $7::int + c * 3 + 2, 'BatchPlanned',
                  json_build_object('batchId', 'hist-b' || c, 'lines', lines, 'at', '2026-01-01T00:00:00.000Z') from per
           union all
           select $7::int + c * 3 + 3, 'BatchSucceeded',
                  json_build_object('batchId', 'hist-b' || c, 'at', '2026-01-01T00:00:00.000Z') from per
         ), inserted as (
           insert into store_events (stream, version, type, data)
           select $8, version, type, data from ev order by version
         ), keyed as (
           insert into store_unique_keys (stream, unique_key) select $8, 'txn:' || id from tx
         )
         update store_streams set version = (select max(version) from ev) where stream = $8`,
        [c0, c1, count, chunks, lastDay, opening, v0, stream],
      )
    }
    // As a server from before the projection left it: its snapshots were schema 1 (a folding server
    // ignores them), so the stream is folded from its start once.
    await client.query('delete from store_snapshots where stream = $1', [stream])
    await client.query('vacuum analyze store_events')
  } finally {
    await client.end()
  }
}

async function snapshotBytes(url: string, stream: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const r = await client.query<{ b: string | null }>(
      'select octet_length(state::text)::text as b from store_snapshots where stream = $1 order by version desc limit 1',
      [stream],
    )
    return Number(r.rows[0]?.b ?? 0)
  } finally {
    await client.end()
  }
}

interface Row {
  size: number
  recordColdMs?: number
  syncColdMs?: number
  recordWarmMs?: number
  syncWarmMs?: number
  rssMb: number
  snapshotBytes: number
  /** The one-time first load of a history written without the projection (fold + backfill), and its server's peak RSS. */
  backfillMs: number
  backfillRssMb: number
  /** Why the size stopped early (a step past the 60 s request timeout). */
  failed?: string
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

async function runSize(sim: ListeningSimulator, size: number): Promise<Row> {
  const db = await createPostgresDatabase(adminUrl)
  let server: ServerProcess | undefined
  try {
    const url = db.url ?? ''
    const today = new Date().toISOString().slice(0, 10)
    const [historyEnd = today, day1 = today, day2 = today, day3 = today] = daysEndingOn(today, 4)
    const simCaller = fetchCaller(sim.url, basic(CODAT_KEY))
    server = await spawnServer({ codatBaseUrl: sim.url, env: serverEnv(db), entry: 'bundle' })
    const s = new FeedScenario(server.api, simCaller)
    await s.onboard([ACCOUNT], `History ${size}`)
    await s.link([ACCOUNT], historyEnd)
    await server.stop()
    server = undefined
    const stream = `account:${s.companyId}:${ACCOUNT}`
    await buildHistory(url, stream, size, historyEnd, 100_000)
    // The history was written as a server before the projection wrote it (events only): the first
    // load folds the log and backfills the projection once (measured apart), then snapshots.
    const upgrade = await spawnServer({
      codatBaseUrl: sim.url,
      env: serverEnv(db, SNAPSHOT_AT_ONCE),
      entry: 'bundle',
    })
    server = upgrade
    const backfillMs = await timed(() => s.through(upgrade.api).feed(ACCOUNT))
    const backfillRssMb = peakRssMb(upgrade.pid)
    await upgrade.stop() // graceful: the snapshot write finishes
    server = await spawnServer({ codatBaseUrl: sim.url, env: serverEnv(db), entry: 'bundle' })
    const api = s.through(server.api)
    // "Sync now" until nothing is ready or in flight, polling 10 ms apart (a benchmark, not a test).
    const settle = async () => {
      const end = Date.now() + 600_000
      for (;;) {
        const r = await api.sync(ACCOUNT)
        if (r.status !== 200 && r.status !== 409) throw new Error(`sync: HTTP ${r.status}`)
        const feed = await api.feed(ACCOUNT)
        if (r.status === 200 && feed.counts.ready === 0 && feed.counts.inFlight === 0) return
        if (Date.now() > end) throw new Error(`${size}: not settled`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
    const row: Row = { size, rssMb: Number.NaN, snapshotBytes: Number.NaN, backfillMs, backfillRssMb }
    const srv = server
    try {
      row.recordColdMs = await timed(() => api.record(ACCOUNT, newDay('d1', day1)))
      row.syncColdMs = await timed(settle)
      row.recordWarmMs = await timed(() => api.record(ACCOUNT, newDay('d2', day2)))
      row.syncWarmMs = await timed(settle)
      const view = await api.feed(ACCOUNT)
      if (view.counts.pushed !== size + 2 * NEW_DAY)
        throw new Error(`${view.counts.pushed} pushed, expected ${size + 2 * NEW_DAY}`)
    } catch (error) {
      // A step past the client's 60 s timeout is a result, not a crash of the benchmark.
      row.failed = error instanceof Error ? error.message : String(error)
    }
    row.rssMb = peakRssMb(srv.pid)
    await srv.stop()
    server = undefined
    const last = await spawnServer({
      codatBaseUrl: sim.url,
      env: serverEnv(db, SNAPSHOT_AT_ONCE),
      entry: 'bundle',
    })
    server = last
    await s.through(last.api).record(ACCOUNT, newDay('d3', day3))
    await last.stop() // graceful: the snapshot write finishes
    server = undefined
    row.snapshotBytes = await snapshotBytes(url, stream)
    return row
  } finally {
    await server?.stop()
    await db.dispose()
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY !== undefined && process.env.BENCH_ONLY !== 'history') return
  if (adminUrl === '') {
    log('history benchmark: needs Postgres. Set TEST_DATABASE_URL (or DATABASE_URL).')
    return
  }
  log(`machine: ${machine()}; load ${loadAverage()}`)
  await buildServerBundle()
  const sim = await startSimulator(benchSimulatorOptions())
  const rows: Row[] = []
  try {
    log(`\n(h) history: one account, ${NEW_DAY} transactions a new day; ms; baseline = ${fmt(SIZES[0] ?? 0)}`)
    log(
      '  pushed     record cold  sync cold  record warm  sync warm  peak RSS MB  snapshot bytes  | once: backfill ms, its RSS MB',
    )
    for (const size of SIZES) {
      const r = await runSize(sim, size)
      rows.push(r)
      const base = rows[0] ?? r
      const x = (a: number | undefined, b: number | undefined, digits = 0) =>
        a === undefined ? '-' : `${fmt(a, digits)}${b !== undefined && b > 0 ? ` (${fmt(a / b, 1)}x)` : ''}`
      log(
        `  ${fmt(r.size).padStart(9)}  ${x(r.recordColdMs, base.recordColdMs)}  ${x(r.syncColdMs, base.syncColdMs)}  ${x(r.recordWarmMs, base.recordWarmMs)}  ${x(r.syncWarmMs, base.syncWarmMs)}  ${x(r.rssMb, base.rssMb, 1)}  ${x(r.snapshotBytes, base.snapshotBytes)}  | ${x(r.backfillMs, base.backfillMs)}, ${x(r.backfillRssMb, base.backfillRssMb, 1)}${r.failed === undefined ? '' : `  FAILED: ${r.failed}`}`,
      )
    }
    log(
      '  targets: record and sync <= 100 ms at every size, peak RSS < 300 MB, snapshot independent of history',
    )
  } finally {
    await sim.close()
  }
}

runBenchmark('history', main)
