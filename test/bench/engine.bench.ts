/**
 * The engine benchmark (issue 4 item 8), on Postgres:
 *  (a) ingest over HTTP, 1000 transactions per request (transactions/s), beside a raw batched
 *      `INSERT ... SELECT FROM unnest(...)` of the very rows the server wrote, through `pg`, same run;
 *  (b) end to end: 100,000 transactions over 100 accounts from ingest to QBO's view in the simulator
 *      (wall time, peak RSS of the server process), beside the time the simulator alone needs to accept
 *      the same pushes;
 *  (c) server start (spawn to `/readyz` 200) with 1,000,000 events in the store;
 *  (d) Codat requests per account-day with Codat's webhooks and without, and for an idle account
 *      (`bench/codat-requests.ts`). `BENCH_ONLY=codat` runs (d) alone; any other `BENCH_ONLY` but
 *      `engine` skips this benchmark (`BENCH_ONLY=scale` runs the scale benchmark alone, say).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @feedsync/test bench
 *
 * Without TEST_DATABASE_URL / DATABASE_URL it says it needs Postgres and exits 0.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { basic, fetchCaller, type HttpCaller } from '../src/support/api-client.js'
import { createPostgresDatabase, type TestDatabase } from '../src/support/database.js'
import { inFeedOrder } from '../src/support/feed-order.js'
import {
  type BankTransaction,
  checkingAccount,
  daysEndingOn,
  FeedScenario,
} from '../src/support/feed-scenario.js'
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
import { benchCodatRequests } from './codat-requests.js'

const E2E_ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100)
const PER_ACCOUNT = 1000
const INGEST_REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 100)
const START_EVENTS = Number(process.env.BENCH_START_EVENTS ?? 1_000_000)
const CONCURRENCY = 4

/** Clock ticks per second of /proc's CPU times (Linux: 100). */
const TICKS = 100

/** CPU time (user + system, ms) of a process, and of its reaped children, from /proc. */
function cpuMsOf(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the name: state(0) ... utime(11) stime(12) cutime(13) cstime(14).
    return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / TICKS
  } catch {
    return 0 // the process ended
  }
}

/** CPU ms of every Postgres process (the server's backends and the postmaster's reaped children). */
function postgresCpuMs(): number {
  let total = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuMsOf(pid)
    } catch {
      // gone meanwhile
    }
  }
  return total
}

/** CPU spent so far by the server process, this process (benchmark driver + simulator) and Postgres. */
function cpuNow(serverPid?: number): { server: number; driverAndSimulator: number; postgres: number } {
  const own = process.cpuUsage()
  return {
    server: serverPid === undefined ? 0 : cpuMsOf(serverPid),
    driverAndSimulator: (own.user + own.system) / 1000,
    postgres: postgresCpuMs(),
  }
}

function cpuSince(before: ReturnType<typeof cpuNow>, serverPid?: number) {
  const now = cpuNow(serverPid)
  return {
    server: now.server - before.server,
    driverAndSimulator: now.driverAndSimulator - before.driverAndSimulator,
    postgres: now.postgres - before.postgres,
  }
}

async function pool<T>(
  items: readonly T[],
  width: number,
  run: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (;;) {
        const i = next++
        const item = items[i]
        if (item === undefined) return
        await run(item, i)
      }
    }),
  )
}

/** `count` cleared transactions spread over `days`, ids unique per `prefix`. */
function transactions(prefix: string, days: readonly string[], count: number): BankTransaction[] {
  const out: BankTransaction[] = []
  for (let n = 0; n < count; n++) {
    const day = days[Math.floor((n * days.length) / count)] ?? days[0] ?? ''
    const cents = ((n * 7919) % 90_000) + 1
    out.push({
      id: `${prefix}-${n}`,
      date: `${day}T${String(8 + (n % 12)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00`,
      description: `Card payment ${n} at Coffee & Co`,
      amount: `${n % 3 === 0 ? '-' : ''}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      status: 'cleared',
    })
  }
  return out
}

/** Onboards `accounts` accounts in companies of at most 50 and links them all; answers one scenario per company. */
async function onboardAll(
  api: HttpCaller,
  sim: HttpCaller,
  accounts: readonly string[],
  feedStartDate: string,
) {
  const companies: { scenario: FeedScenario; accounts: string[] }[] = []
  for (let i = 0; i < accounts.length; i += 50) {
    const ids = accounts.slice(i, i + 50)
    const s = new FeedScenario(api, sim)
    await s.onboard(ids, `Bench company ${i / 50}`)
    await s.link(ids, feedStartDate)
    companies.push({ scenario: s, accounts: ids })
  }
  return companies
}

const serverEnv = (db: TestDatabase, own: Record<string, string> = {}) =>
  benchEnv(db, { FEEDSYNC_BODY_LIMIT_BYTES: String(8 * 1024 * 1024), ...own })

/** One start time for both simulators of the run. */
const simOptions = benchSimulatorOptions()

async function maxPosition(db: TestDatabase): Promise<string> {
  const c = new pg.Client({ connectionString: db.url })
  await c.connect()
  try {
    return (
      (await c.query<{ p: string }>('select coalesce(max(global_position), 0)::text as p from store_events'))
        .rows[0]?.p ?? '0'
    )
  } finally {
    await c.end()
  }
}

// ---------------------------------------------------------------------------------------------------------
// (a) ingest over HTTP beside a raw insert of the same rows

/** `bench/http-floor.mjs` in a process of its own: the cheapest HTTP service that takes the same requests. */
async function startHttpFloor(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./http-floor.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8')
      const m = /listening on (\S+)/.exec(out)
      if (m?.[1] !== undefined) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`http floor exited (code ${code})`)))
  })
  return { url, stop: () => child.kill('SIGTERM') }
}

async function benchIngest(sim: ListeningSimulator): Promise<Record<string, number>> {
  const db = await createPostgresDatabase(adminUrl)
  let server: ServerProcess | undefined
  const client = new pg.Client({ connectionString: db.url })
  try {
    server = await spawnServer({ codatBaseUrl: sim.url, env: serverEnv(db), entry: 'bundle' })
    const emptyStartMs = server.startMs
    const today = new Date().toISOString().slice(0, 10)
    const days = daysEndingOn(today, 6).slice(0, 5)
    const accounts = Array.from({ length: 10 }, (_, i) => `ing-${i}`)
    const [company] = await onboardAll(
      server.api,
      fetchCaller(sim.url, basic(CODAT_KEY)),
      accounts,
      days[0] ?? today,
    )
    if (company === undefined) throw new Error('no company')
    const requests = Array.from({ length: INGEST_REQUESTS }, (_, r) => ({
      account: accounts[r % accounts.length] ?? '',
      txns: transactions(`r${r}`, days, 1000),
    }))
    // Warm-up (JIT, connections, first snapshot paths) on its own account.
    await company.scenario.record(accounts[0] ?? '', transactions('warm', days, 1000))

    const before = await maxPosition(db)
    const t0 = performance.now()
    for (const r of requests) await company.scenario.record(r.account, r.txns)
    const httpSeq = (INGEST_REQUESTS * 1000) / ((performance.now() - t0) / 1000)
    const after = await maxPosition(db)

    const more = requests.map((r, i) => ({ account: r.account, txns: transactions(`c${i}`, days, 1000) }))
    const t1 = performance.now()
    await pool(accounts, CONCURRENCY, async (account) => {
      for (const r of more.filter((m) => m.account === account))
        await company.scenario.record(r.account, r.txns)
    })
    const httpConc = (INGEST_REQUESTS * 1000) / ((performance.now() - t1) / 1000)

    // The same requests to the HTTP floor (same client code), one client, then 4.
    const floor = await startHttpFloor()
    let floorSeq = 0
    let floorConc = 0
    try {
      const f = fetchCaller(floor.url, 'Bearer floor')
      const post = async (txns: readonly BankTransaction[]) => {
        const reply = await f.call<{ recorded: number }>('POST', '/ingest', { transactions: txns })
        if (reply.body.recorded !== txns.length) throw new Error('http floor: wrong answer')
      }
      await post(requests[0]?.txns ?? []) // warm-up
      const f0 = performance.now()
      for (const r of requests) await post(r.txns)
      floorSeq = (requests.length * 1000) / ((performance.now() - f0) / 1000)
      const f1 = performance.now()
      await pool(accounts, CONCURRENCY, async (account) => {
        for (const r of more.filter((m) => m.account === account)) await post(r.txns)
      })
      floorConc = (more.length * 1000) / ((performance.now() - f1) / 1000)
    } finally {
      floor.stop()
    }

    // The same transactions, inserted raw as rows (one per transaction), 1000 per
    // `INSERT ... SELECT FROM unnest(...)` statement through pg: the floor of any design that stores
    // them. Sequentially on one connection (beside the one HTTP client), and from 4 connections at
    // once, each inserting other accounts' rows (beside the 4 HTTP clients).
    await client.connect()
    const rawPool = new pg.Pool({ connectionString: db.url, max: CONCURRENCY })
    const insertRaw = (
      q: pg.ClientBase | pg.Pool,
      table: string,
      account: string,
      txns: readonly BankTransaction[],
    ) =>
      q.query(
        `insert into ${table} (account, id, date, description, amount, status)
         select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[])`,
        [
          account,
          txns.map((x) => x.id),
          txns.map((x) => x.date),
          txns.map((x) => x.description),
          txns.map((x) => x.amount),
          txns.map((x) => x.status),
        ],
      )
    const columns =
      'account text not null, id text not null, date text not null, description text not null, amount numeric not null, status text not null'
    const rawSeqInto = async (table: string) => {
      await client.query(
        `create table ${table} (${columns}${table.endsWith('_pk') ? ', primary key (account, id)' : ''})`,
      )
      const t = performance.now()
      for (const r of requests) await insertRaw(client, table, r.account, r.txns)
      return (requests.length * 1000) / ((performance.now() - t) / 1000)
    }
    const rawPlain = await rawSeqInto('bench_raw_plain')
    const rawIndexed = await rawSeqInto('bench_raw_pk')
    await client.query(`create table bench_raw_conc (${columns})`)
    const tc = performance.now()
    await pool(accounts, CONCURRENCY, async (account) => {
      for (const r of more.filter((m) => m.account === account))
        await insertRaw(rawPool, 'bench_raw_conc', account, r.txns)
    })
    const rawConc = (more.length * 1000) / ((performance.now() - tc) / 1000)
    await rawPool.end()
    const all = requests
    const written = await client.query<{ rows: string; keys: string }>(
      `select (select count(*) from store_events where global_position > $1 and global_position <= $2)::text as rows,
              (select count(*) from store_unique_keys)::text as keys`,
      [before, after],
    )
    return {
      rows: all.length * 1000,
      rawConc,
      floorSeq,
      floorConc,
      eventRows: Number(written.rows[0]?.rows ?? 0),
      keys: Number(written.rows[0]?.keys ?? 0),
      httpSeq,
      httpConc,
      rawPlain,
      rawIndexed,
      emptyStartMs,
    }
  } finally {
    await client.end().catch(() => {})
    await server?.stop()
    await db.dispose()
  }
}

// ---------------------------------------------------------------------------------------------------------
// (b) end to end, and the simulator alone

interface E2eResult {
  cpu: { server: number; driverAndSimulator: number; postgres: number }
  startRssMb: number
  wallMs: number
  /** Sum over the four clients of the time their record requests took. */
  recordMs: number
  /** Record + sync of every account (overlapped across accounts). */
  syncMs: number
  pullMs: number
  peakRssMb: number
  delivered: number
  db: TestDatabase
  server: ServerProcess
}

async function benchEndToEnd(sim: ListeningSimulator): Promise<E2eResult> {
  const db = await createPostgresDatabase(adminUrl)
  const server = await spawnServer({ codatBaseUrl: sim.url, env: serverEnv(db), entry: 'bundle' })
  const startRssMb = peakRssMb(server.pid)
  const simCaller = fetchCaller(sim.url, basic(CODAT_KEY))
  const today = new Date().toISOString().slice(0, 10)
  const days = daysEndingOn(today, 6).slice(0, 5)
  const accounts = Array.from({ length: E2E_ACCOUNTS }, (_, i) => `e2e-${i}`)
  const companies = await onboardAll(server.api, simCaller, accounts, days[0] ?? today)
  const work = companies.flatMap((c) => c.accounts.map((a) => ({ scenario: c.scenario, account: a })))

  // Per account, as a bank's backend would: record its 1000 transactions, then "sync now" until
  // settled; four accounts at a time, so one account's ingest overlaps another's pushes.
  const bodies = work.map(({ account }) => transactions(account, days, PER_ACCOUNT))
  let recordMs = 0
  const cpu0 = cpuNow(server.pid)
  const t0 = performance.now()
  await pool(work, CONCURRENCY, async ({ scenario, account }, i) => {
    const r0 = performance.now()
    await scenario.record(account, bodies[i] ?? [])
    recordMs += performance.now() - r0
    const feed = await scenario.syncUntilSettled(account, 300_000)
    if (feed.counts.pushed !== PER_ACCOUNT) throw new Error(`${account}: ${feed.counts.pushed} pushed`)
  })
  const t1 = performance.now()
  let delivered = 0
  for (const c of companies) {
    const view = await c.scenario.pull()
    for (const a of view) delivered += a.lines.filter((l) => !l.isTest).length
  }
  const t2 = performance.now()
  const cpu = cpuSince(cpu0, server.pid)
  return {
    cpu,
    startRssMb,
    wallMs: t2 - t0,
    recordMs,
    syncMs: t1 - t0,
    pullMs: t2 - t1,
    peakRssMb: peakRssMb(server.pid),
    delivered,
    db,
    server,
  }
}

/** The same 100 pushes of 1000 lines straight to a fresh simulator (same concurrency), then QBO pulls. */
async function benchSimulatorAlone(): Promise<{
  wallMs: number
  delivered: number
  cpu: { server: number; driverAndSimulator: number; postgres: number }
}> {
  const sim = await startSimulator(simOptions)
  try {
    const c = fetchCaller(sim.url, basic(CODAT_KEY))
    const today = new Date().toISOString().slice(0, 10)
    const days = daysEndingOn(today, 6).slice(0, 5)
    const accounts = Array.from({ length: E2E_ACCOUNTS }, (_, i) => `e2e-${i}`)
    const conns: { companyId: string; connectionId: string; accounts: string[] }[] = []
    for (let i = 0; i < accounts.length; i += 50) {
      const ids = accounts.slice(i, i + 50)
      const company = await c.call<{ id: string }>('POST', '/companies', { name: `Alone ${i}` })
      const conn = await c.call<{ id: string }>('POST', `/companies/${company.body.id}/connections`, {
        platformKey: 'hcws',
      })
      const base = `/companies/${company.body.id}/connections/${conn.body.id}/connectionInfo/bankFeedAccounts`
      for (const id of ids) {
        const a = checkingAccount(id)
        await c.call('POST', base, {
          id,
          accountName: a.accountName,
          accountType: 'Debit',
          accountNumber: a.accountNumber,
          currency: 'USD',
          balance: 1000,
        })
      }
      const creds = await c.call<{ username: string; password: string }>('POST', `${base}/credentials`)
      await c.call('POST', '/_sim/qbo/link', {
        companyId: company.body.id,
        connectionId: conn.body.id,
        username: creds.body.username,
        password: creds.body.password,
        accounts: ids.map((id) => ({ sourceAccountId: id, qboAccountName: id })),
        feedStartDate: days[0],
      })
      conns.push({ companyId: company.body.id, connectionId: conn.body.id, accounts: ids })
    }
    const work = conns.flatMap((k) => k.accounts.map((a) => ({ ...k, account: a })))
    const bodies = work.map(({ account }) => {
      let balance = 100_000n
      return {
        accountId: account,
        transactions: inFeedOrder(transactions(account, days, PER_ACCOUNT)).map((t) => {
          const [w, f = '00'] = t.amount.replace('-', '').split('.')
          const units = BigInt(w ?? '0') * 100n + BigInt(f.padEnd(2, '0'))
          balance += t.amount.startsWith('-') ? -units : units
          const abs = balance < 0n ? -balance : balance
          return {
            id: t.id,
            date: t.date,
            description: t.description,
            amount: t.amount,
            balance: `${balance < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`,
            transactionType: t.amount.startsWith('-') ? 'Debit' : 'Credit',
          }
        }),
      }
    })
    const cpu0 = cpuNow()
    const t0 = performance.now()
    await pool(work, CONCURRENCY, async (w, i) => {
      const res = await c.call<{ pushOperationKey: string; status: string }>(
        'POST',
        `/companies/${w.companyId}/connections/${w.connectionId}/push/bankAccounts/${w.account}/bankTransactions`,
        bodies[i],
        { 'idempotency-key': `alone-${i}` },
      )
      let op = res.body
      while (op.status === 'Pending') {
        op = (
          await c.call<{ pushOperationKey: string; status: string }>(
            'GET',
            `/companies/${w.companyId}/push/${op.pushOperationKey}`,
          )
        ).body
      }
      if (op.status !== 'Success') {
        const { data: _data, ...rest } = op as typeof op & { data?: unknown }
        throw new Error(`push ${i}: HTTP ${res.status} ${JSON.stringify(rest).slice(0, 600)}`)
      }
    })
    let delivered = 0
    for (const k of conns) {
      const v = await c.call<{ accounts: { lines: { isTest: boolean }[] }[] }>('POST', '/_sim/qbo/update', {
        companyId: k.companyId,
        connectionId: k.connectionId,
      })
      for (const a of v.body.accounts) delivered += a.lines.filter((l) => !l.isTest).length
    }
    const wallMs = performance.now() - t0
    return { wallMs, delivered, cpu: cpuSince(cpu0) }
  } finally {
    await sim.close()
  }
}

// ---------------------------------------------------------------------------------------------------------
// (c) start with 1,000,000 events

/**
 * Fills the store up to `target` events: after part (b)'s real events, single-transaction
 * `TransactionRecorded` events (the largest number of events a store holds for its transactions: one
 * per transaction, as `POST .../transactions` with one transaction writes) in streams of 1000
 * versions each, with their unique keys.
 */
async function fillTo(db: TestDatabase, target: number): Promise<number> {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    const count = async () =>
      Number(
        (await client.query<{ n: string }>('select count(*)::text as n from store_events')).rows[0]?.n ?? 0,
      )
    const missing = Math.max(0, target - (await count()))
    const streams = Math.ceil(missing / 1000)
    for (let s0 = 0; s0 < streams; s0 += 50) {
      const upTo = Math.min(streams, s0 + 50)
      await client.query(
        `with ev as (
           select 'company:fill/account:acc-' || s as stream, v as version, 'fill-' || s || '-' || v as id
             from generate_series($1::int, $2::int - 1) s, generate_series(1, 1000) v
            where (s * 1000 + v) <= $3::int
         ), inserted as (
           insert into store_events (stream, version, type, data)
           select stream, version, 'TransactionRecorded', json_build_object(
               'transactionId', id, 'date', '2026-11-20T08:15:00', 'description', 'Card payment ' || id || ' at Coffee & Co',
               'amount', '-12.30', 'status', 'cleared', 'at', '2026-11-20T09:00:00.000Z')
             from ev order by stream, version
         ), keyed as (
           insert into store_unique_keys (stream, unique_key) select stream, 'txn:' || id from ev
         )
         insert into store_streams (stream, version)
         select stream, max(version) from ev group by stream`,
        [s0, upTo, missing],
      )
    }
    await client.query('vacuum analyze store_events')
    return await count()
  } finally {
    await client.end()
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY
  if (only !== undefined && only !== 'codat' && only !== 'engine') return
  if (adminUrl === '') {
    log('engine benchmark: needs Postgres. Set TEST_DATABASE_URL (or DATABASE_URL), e.g.')
    log('  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @feedsync/test bench')
    return
  }
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: adminUrl })
    await c.connect()
    try {
      return (
        (await c.query<{ v: string }>('select current_setting($1) as v', ['server_version'])).rows[0]?.v ??
        '?'
      )
    } finally {
      await c.end()
    }
  })()
  log(`machine: ${machine()}, PostgreSQL ${pgVersion}`)
  log(`load average at start: ${loadAverage()}`)

  if (process.env.BENCH_ONLY === 'codat') {
    await benchCodatRequests(adminUrl, log)
    return
  }
  // The server runs as `pnpm server` starts it: the bundle, under plain node.
  await buildServerBundle()
  const sim = await startSimulator(simOptions)
  try {
    log('\n(a) ingest over HTTP, 1000 transactions per request')
    const a = await benchIngest(sim)
    log(`  HTTP, one client:            ${fmt(a.httpSeq ?? 0)} transactions/s`)
    log(`  HTTP, ${CONCURRENCY} clients (other accounts): ${fmt(a.httpConc ?? 0)} transactions/s`)
    log(
      `  raw unnest insert of the same transactions, plain table: ${fmt(a.rawPlain ?? 0)} rows/s (${fmt(a.rows ?? 0)} rows)`,
    )
    log(`  raw unnest insert, primary key (account, id): ${fmt(a.rawIndexed ?? 0)} rows/s`)
    log(`  raw unnest insert, ${CONCURRENCY} connections (other accounts): ${fmt(a.rawConc ?? 0)} rows/s`)
    log(
      `  the server wrote ${fmt(a.eventRows ?? 0)} event rows for the ${fmt(a.rows ?? 0)} sequential transactions (${fmt(a.keys ?? 0)} unique keys in all)`,
    )
    log(
      `  HTTP floor (node:http, JSON.parse, same answer, no validation, no database): ${fmt(a.floorSeq ?? 0)} transactions/s one client, ${fmt(a.floorConc ?? 0)} with ${CONCURRENCY}`,
    )
    log(
      `  ratio HTTP floor/raw: ${fmt((a.floorSeq ?? 0) / (a.rawPlain ?? 1), 2)} one client; ${fmt((a.floorConc ?? 0) / (a.rawConc ?? 1), 2)} with ${CONCURRENCY}. feedsync/HTTP floor: ${fmt((a.httpSeq ?? 0) / (a.floorSeq ?? 1), 2)}; ${fmt((a.httpConc ?? 0) / (a.floorConc ?? 1), 2)}`,
    )
    log(
      `  ratio HTTP/raw, one client / one connection: ${fmt((a.httpSeq ?? 0) / (a.rawPlain ?? 1), 2)} (target >= 0.5); with primary key: ${fmt((a.httpSeq ?? 0) / (a.rawIndexed ?? 1), 2)}`,
    )
    log(
      `  ratio HTTP/raw, ${CONCURRENCY} clients / ${CONCURRENCY} connections: ${fmt((a.httpConc ?? 0) / (a.rawConc ?? 1), 2)} (target >= 0.5)`,
    )
    log(`  server start on an empty database: ${fmt(a.emptyStartMs ?? 0)} ms`)

    log(`\n(b) end to end: ${fmt(E2E_ACCOUNTS * PER_ACCOUNT)} transactions over ${E2E_ACCOUNTS} accounts`)
    const b = await benchEndToEnd(sim)
    log(
      `  wall ${fmt(b.wallMs)} ms = record + sync, per account, ${CONCURRENCY} at a time ${fmt(b.syncMs)} (record requests ${fmt(b.recordMs / CONCURRENCY)} per client) + pull ${fmt(b.pullMs)}; delivered ${fmt(b.delivered)}`,
    )
    log(
      `  server peak RSS (VmHWM): ${fmt(b.peakRssMb, 1)} MB (target < 300); right after start: ${fmt(b.startRssMb, 1)} MB`,
    )
    await b.server.stop()
    const alone = await benchSimulatorAlone()
    log(`  simulator alone, same pushes: ${fmt(alone.wallMs)} ms; delivered ${fmt(alone.delivered)}`)
    const cpuLine = (c: E2eResult['cpu']) =>
      `server ${fmt(c.server)} + driver and simulator ${fmt(c.driverAndSimulator)} + Postgres ${fmt(c.postgres)} = ${fmt(c.server + c.driverAndSimulator + c.postgres)} ms CPU`
    log(`  CPU, end to end:      ${cpuLine(b.cpu)}`)
    log(`  CPU, simulator alone: ${cpuLine(alone.cpu)}`)
    const cores = cpus().length
    log(
      `  lower bound of the end-to-end wall on ${cores} cores (CPU / cores): ${fmt((b.cpu.server + b.cpu.driverAndSimulator + b.cpu.postgres) / cores)} ms = ${fmt((b.cpu.server + b.cpu.driverAndSimulator + b.cpu.postgres) / cores / alone.wallMs, 2)} x the simulator alone`,
    )
    log(
      `  ratio end-to-end/simulator alone: ${fmt(b.wallMs / alone.wallMs, 2)} (target <= 1.5); record + sync alone: ${fmt(b.syncMs / alone.wallMs, 2)}`,
    )

    log(`\n(c) server start with ${fmt(START_EVENTS)} events`)
    try {
      const events = await fillTo(b.db, START_EVENTS)
      const starts: number[] = []
      for (let i = 0; i < 3; i++) {
        const s = await spawnServer({
          codatBaseUrl: sim.url,
          env: serverEnv(b.db, { LOG_LEVEL: 'info' }),
          entry: 'bundle',
        })
        starts.push(s.startMs)
        const own = s.output.map((l) => /"startMs":(\d+)/.exec(l)?.[1]).find((x) => x !== undefined)
        log(
          `  run ${i + 1}: spawn to /readyz 200 in ${fmt(s.startMs)} ms (main() to listening: ${own ?? '?'} ms); ${fmt(events)} events`,
        )
        await s.stop()
      }
      log(`  best ${fmt(Math.min(...starts))} ms (target <= 2000)`)
    } finally {
      await b.db.dispose()
    }
  } finally {
    await sim.close()
  }
  await benchCodatRequests(adminUrl, log)
  log(`\nload average at end: ${loadAverage()}`)
}

runBenchmark('engine', main)
