/**
 * The scale benchmark (issue 13, scope 5), on Postgres: what one worker cycle costs with N accounts
 * (10 per company), idle and with 1% of the accounts getting new transactions. Per size, on a fresh
 * database: one template company is onboarded and linked through the API, then cloned in SQL and in
 * the simulator's state to N accounts (`scale-seed.ts`); the server (the bundle, its own process, as
 * `pnpm server` runs it) is started on it against the simulator in this process (running clock,
 * pushes complete at once, rate limits lifted), and its worker cycles are observed from outside:
 *  - a cycle's end is `feedsync_sync_cycles_total` moving on `GET /metrics`; its end instant is the
 *    scrape's instant minus `feedsync_sync_lag_seconds`; the next cycle starts `INTERVAL_MS` later
 *    (the worker's pause), so wall = end - previous end - interval;
 *  - server CPU is `process_cpu_seconds_total` (process.cpuUsage, microseconds) from the same scrape,
 *    RSS is /proc/<pid>/status; Codat requests are the simulator's own request log;
 *  - Postgres work is `pg_stat_database` of the bench database (xact_commit + xact_rollback and the
 *    tup_* counters), read from another database's connection. `pg_stat_statements` is not loaded on
 *    this Postgres (not in shared_preload_libraries), so transactions are counted, not statements.
 *    Postgres 15 flushes a backend's counters at most once a second and, once it is idle, within 10 s:
 *    each window closes `FLUSH_MS` after its cycle's end and opens just before the cycle starts.
 *  - the pause between two idle cycles is measured as a background window (the outbox's round, the
 *    scrapes): figures are printed as measured and net of that background rate.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @feedsync/test bench:scale
 *   BENCH_SCALE_SIZES=1000,10000 (default 1000,10000,100000)  BENCH_SCALE_INTERVAL_MS (default 30000)
 *   BENCH_SCALE_CYCLE_TIMEOUT_MS (default 240000: a cycle still running then is printed as a timeout
 *   with its figures so far, and the size ends); BENCH_SCALE_ACTIVE_WAVES (default 2, 1 from 100k). `sim CPU` is this
 *   process's CPU (the simulator, the ingest client, the probes). `BENCH_ONLY=scale pnpm bench` runs it alone.
 *
 * Without TEST_DATABASE_URL / DATABASE_URL it says it needs Postgres and exits 0.
 */
import { loadavg } from 'node:os'
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
  fmt as fmtNumber,
  loadAverage,
  log,
  machine,
  procStatusMb,
  runBenchmark,
} from './bench-common.js'
import { cloneServerRows, cloneSimulatorCompanies, newIds } from './scale-seed.js'

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '1000,10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 10)
const PER_COMPANY = 10
const INTERVAL_MS = Number(process.env.BENCH_SCALE_INTERVAL_MS ?? 30_000)
const CYCLE_TIMEOUT_MS = Number(process.env.BENCH_SCALE_CYCLE_TIMEOUT_MS ?? 240_000)
/** Postgres 15: an idle backend's counters reach pg_stat_database within 10 s (PGSTAT_IDLE_INTERVAL). */
const FLUSH_MS = 11_000
const IDLE_CYCLES = 2
/** The worker is quiet once no cycle ends within this of the last one's end. */
const QUIET_MS = Math.min(5000, INTERVAL_MS / 2)
/** 1% waves per size: 2, or 1 from 100k accounts (a wave there takes minutes of simulator CPU). */
const activeWaves = (size: number) =>
  Number(process.env.BENCH_SCALE_ACTIVE_WAVES ?? (size >= 100_000 ? 1 : 2))
/** Active cycles: every 100th account (1%) gets this many new transactions, one request each. */
const ACTIVE_EVERY = 100
const NEW_PER_ACCOUNT = 5

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? fmtNumber(n, digits) : '-')
const ownCpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)))

/** One reading of everything a window is the difference of. */
interface Sample {
  at: number
  cycles: number
  /** Epoch ms of the last cycle's end (NaN before the first). */
  lastEnd: number
  cpuMs: number
  errors: number
  pushed: number
  succeeded: number
  xacts: number
  rowsRead: number
  rowsWritten: number
  codat: number
  /** CPU of this process: the simulator, the ingest client, the probes (ms). */
  simCpuMs: number
  rssMb: number
}

const metric = (text: string, name: string): number => {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([^\\s]+)`, 'm').exec(text)?.[1]
  return m === undefined ? Number.NaN : Number(m)
}

class Probe {
  constructor(
    private readonly server: ServerProcess,
    private readonly stats: pg.Client,
    private readonly database: string,
    private readonly sim: ListeningSimulator,
  ) {}

  /** The cycle counter, the last end and the CPU from one scrape (no Postgres read). */
  async scrape(): Promise<
    Pick<Sample, 'at' | 'cycles' | 'lastEnd' | 'cpuMs' | 'errors' | 'pushed' | 'succeeded'>
  > {
    const t0 = Date.now()
    const text = await (await fetch(`${this.server.url}/metrics`)).text()
    const at = (t0 + Date.now()) / 2
    const lag = metric(text, 'feedsync_sync_lag_seconds')
    return {
      at,
      cycles: metric(text, 'feedsync_sync_cycles_total'),
      lastEnd: lag < 0 ? Number.NaN : at - lag * 1000,
      cpuMs: metric(text, 'process_cpu_seconds_total') * 1000,
      errors: metric(text, 'feedsync_sync_errors_total'),
      pushed: metric(text, 'feedsync_batches_pushed_total'),
      succeeded: metric(text, 'feedsync_batches_succeeded_total'),
    }
  }

  async sample(): Promise<Sample> {
    const s = await this.scrape()
    return {
      ...s,
      ...(await pgCounters(this.stats, this.database)),
      codat: this.sim.codatRequests().length,
      simCpuMs: ownCpuMs(),
      rssMb: procStatusMb(this.server.pid, 'VmRSS'),
    }
  }

  /** Polls the counter (50 ms, doubling to 2 s) until it passes `count` or `deadline`; the scrape that saw it. */
  async waitCycle(count: number, deadline: number) {
    let pause = 50
    for (;;) {
      const s = await this.scrape()
      if (s.cycles > count) return s
      if (Date.now() > deadline) return undefined
      await sleep(Math.min(pause, deadline - Date.now()))
      pause = Math.min(pause * 2, 2000)
    }
  }
}

/** What one window cost (after - before). */
interface Figures {
  kind: string
  wallMs: number
  windowMs: number
  cpuMs: number
  xacts: number
  rowsRead: number
  rowsWritten: number
  codat: number
  simCpuMs: number
  pushed: number
  succeeded: number
  errors: number
  rssMb: number
  /** Active windows: the ingest requests' wall time. */
  recordMs?: number
  timedOut?: boolean
}

function diff(kind: string, a: Sample, b: Sample, wallMs: number): Figures {
  return {
    kind,
    wallMs,
    windowMs: b.at - a.at,
    cpuMs: b.cpuMs - a.cpuMs,
    xacts: b.xacts - a.xacts,
    rowsRead: b.rowsRead - a.rowsRead,
    rowsWritten: b.rowsWritten - a.rowsWritten,
    codat: b.codat - a.codat,
    simCpuMs: b.simCpuMs - a.simCpuMs,
    pushed: b.pushed - a.pushed,
    succeeded: b.succeeded - a.succeeded,
    errors: b.errors - a.errors,
    rssMb: b.rssMb,
  }
}

/** `f` less `bg`'s rate over `f`'s window (CPU, transactions, rows; Codat requests are left as counted). */
function net(f: Figures, bg: Figures | undefined): Figures {
  if (bg === undefined || bg.windowMs <= 0) return f
  const k = f.windowMs / bg.windowMs
  return {
    ...f,
    cpuMs: Math.max(0, f.cpuMs - bg.cpuMs * k),
    xacts: Math.max(0, f.xacts - bg.xacts * k),
    rowsRead: Math.max(0, f.rowsRead - bg.rowsRead * k),
    rowsWritten: Math.max(0, f.rowsWritten - bg.rowsWritten * k),
  }
}

const serverEnv = (db: TestDatabase) =>
  benchEnv(db, {
    FEEDSYNC_SYNC_INTERVAL_MS: String(INTERVAL_MS),
    // One hour, not the default 10 min: no link re-read (main) or linked re-check (due work) falls
    // inside a size's windows, for every size alike; the steady-state re-check load is reasoned in
    // SCALE-RESULTS.md from the defaults.
    FEEDSYNC_LINK_REFRESH_MS: '3600000',
  })

interface SizeResult {
  size: number
  seedMs: number
  seedRows: number
  dbMb: number
  first?: Figures
  idle: Figures[]
  active: Figures[]
  background?: Figures
  peakRssMb: number
  failed?: string
}

async function runSize(size: number): Promise<SizeResult> {
  const result: SizeResult = {
    size,
    seedMs: 0,
    seedRows: 0,
    dbMb: 0,
    idle: [],
    active: [],
    peakRssMb: Number.NaN,
  }
  const sim = await startSimulator(benchSimulatorOptions())
  const db = await createPostgresDatabase(adminUrl)
  const dbName = decodeURIComponent(new URL(db.url ?? '').pathname.slice(1))
  const stats = new pg.Client({ connectionString: adminUrl })
  await stats.connect()
  let server: ServerProcess | undefined
  try {
    // The template: one company of PER_COMPANY accounts, onboarded and linked as the server does it.
    const t0 = performance.now()
    const today = new Date().toISOString().slice(0, 10)
    const [feedStart = today, , yesterday = today] = daysEndingOn(today, 4)
    const simCaller = fetchCaller(sim.url, basic(CODAT_KEY))
    server = await spawnServer({ codatBaseUrl: sim.url, env: serverEnv(db), entry: 'bundle' })
    const s = new FeedScenario(server.api, simCaller)
    const accountIds = Array.from({ length: PER_COMPANY }, (_, i) => `acct-${i}`)
    await s.onboard(accountIds, 'Scale template company')
    await s.link(accountIds, feedStart)
    for (const a of accountIds) {
      const feed = await s.syncUntilSettled(a)
      if (feed.link !== 'linked') throw new Error(`template ${a}: ${feed.link}`)
    }
    await server.stop()
    server = undefined
    const template = { companyId: s.companyId, connectionId: s.connectionId }
    const clones = newIds(size / PER_COMPANY - 1)
    result.seedRows = await cloneServerRows(db.url ?? '', template, clones)
    cloneSimulatorCompanies(sim, template, clones)
    result.seedMs = performance.now() - t0
    result.dbMb =
      Number(
        (await stats.query<{ b: string }>('select pg_database_size($1)::text as b', [dbName])).rows[0]?.b ??
          0,
      ) /
      2 ** 20
    const companies = [template, ...clones]

    // The measured server: start + first cycle, idle cycles, active cycles.
    const startAt = Date.now()
    const pgBefore = await pgCounters(stats, dbName)
    const codatBefore = sim.codatRequests().length
    server = await spawnServer({ codatBaseUrl: sim.url, env: serverEnv(db), entry: 'bundle' })
    const probe = new Probe(server, stats, dbName, sim)
    const srv = server
    const zero: Sample = {
      at: startAt,
      cycles: 0,
      lastEnd: Number.NaN,
      cpuMs: 0,
      errors: 0,
      pushed: 0,
      succeeded: 0,
      ...pgBefore,
      codat: codatBefore,
      simCpuMs: ownCpuMs(),
      rssMb: 0,
    }
    // Start, then cycles until the worker is quiet: no cycle within QUIET_MS of the last one's end
    // (a worker with more due work than one cycle takes runs its next cycle at once).
    let lastEnd = Number.NaN
    let count = 0
    let cycles = 0
    for (;;) {
      const seen = await probe.waitCycle(count, Date.now() + CYCLE_TIMEOUT_MS)
      if (seen === undefined) {
        const f = diff(`start + ${cycles} cycles`, zero, await probe.sample(), Date.now() - startAt)
        result.first = { ...f, timedOut: true }
        result.failed = `the worker was not quiet ${fmt(CYCLE_TIMEOUT_MS / 1000)} s after its last cycle`
        return result
      }
      cycles += seen.cycles - count
      lastEnd = seen.lastEnd
      count = seen.cycles
      await sleep(lastEnd + QUIET_MS - Date.now())
      if ((await probe.scrape()).cycles === count) break
    }
    await sleep(lastEnd + FLUSH_MS - Date.now())
    let closing = await probe.sample()
    result.first = diff(`start + ${cycles} cycle${cycles === 1 ? '' : 's'}`, zero, closing, lastEnd - startAt)

    // Idle cycles: a window from just before the cycle starts (the pause's end) to FLUSH_MS after it
    // ended; the pause before it (from the last window's close) is the background.
    for (let n = 0; n < IDLE_CYCLES; n++) {
      const pauseStart = closing
      await sleep(lastEnd + INTERVAL_MS - 400 - Date.now())
      const opening = await probe.sample()
      if (opening.cycles !== count) throw new Error('a cycle started before its window opened')
      const bg = diff('background', pauseStart, opening, 0)
      if (result.background === undefined || bg.windowMs > result.background.windowMs) result.background = bg
      const cycleStart = lastEnd + INTERVAL_MS
      const seen = await probe.waitCycle(count, cycleStart + CYCLE_TIMEOUT_MS)
      if (seen === undefined) {
        const f = diff('idle', opening, await probe.sample(), Date.now() - cycleStart)
        result.idle.push({ ...f, timedOut: true })
        result.failed = `an idle cycle did not end within ${fmt(CYCLE_TIMEOUT_MS / 1000)} s`
        return result
      }
      const wall = seen.lastEnd - cycleStart
      lastEnd = seen.lastEnd
      count = seen.cycles
      await sleep(lastEnd + FLUSH_MS - Date.now())
      closing = await probe.sample()
      result.idle.push(
        diff(
          `idle${seen.cycles - opening.cycles > 1 ? ` (${seen.cycles - opening.cycles} cycles)` : ''}`,
          opening,
          closing,
          wall,
        ),
      )
    }

    // Active: 1% of the accounts get transactions (ingest over HTTP, which may itself wake the worker),
    // then the window runs until every one of them is pushed and the cycle that pushed the last one
    // has ended, plus FLUSH_MS. It holds the ingest and every cycle in between; wall = first ingest
    // request to that cycle's end.
    for (let wave = 0; wave < activeWaves(size); wave++) {
      const opening = closing
      const t0 = Date.now()
      const recorded = await recordWave(srv, companies, wave, yesterday)
      const recordMs = Date.now() - t0
      const deadline = Date.now() + CYCLE_TIMEOUT_MS
      let before = await probe.scrape()
      let pushedAt: number | undefined
      for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
        const now = await probe.scrape()
        if (pushedAt === undefined && now.pushed - opening.pushed >= recorded) pushedAt = before.at
        if (pushedAt !== undefined && now.lastEnd > pushedAt) {
          lastEnd = now.lastEnd
          break
        }
        before = now
        if (Date.now() > deadline) break
        await sleep(pause)
      }
      const done = pushedAt !== undefined && lastEnd > pushedAt
      if (done) await sleep(lastEnd + FLUSH_MS - Date.now())
      closing = await probe.sample()
      count = closing.cycles
      const f = diff(
        `1%: ${recorded} acc, ${closing.cycles - opening.cycles} cyc`,
        opening,
        closing,
        (done ? lastEnd : Date.now()) - t0,
      )
      result.active.push({ ...f, recordMs, ...(done ? {} : { timedOut: true }) })
      if (!done) {
        result.failed = `wave ${wave}: not every account pushed within ${fmt(CYCLE_TIMEOUT_MS / 1000)} s`
        return result
      }
    }
    return result
  } finally {
    if (server !== undefined) {
      result.peakRssMb = procStatusMb(server.pid, 'VmHWM')
      await server.stop()
    }
    await stats.end()
    await db.dispose()
    await sim.close()
  }
}

async function pgCounters(stats: pg.Client, database: string) {
  const r = await stats.query<{ x: string; rr: string; rw: string }>(
    `select (xact_commit + xact_rollback)::text as x, (tup_returned + tup_fetched)::text as rr,
            (tup_inserted + tup_updated + tup_deleted)::text as rw
       from pg_stat_database where datname = $1`,
    [database],
  )
  const row = r.rows[0]
  return { xacts: Number(row?.x ?? 0), rowsRead: Number(row?.rr ?? 0), rowsWritten: Number(row?.rw ?? 0) }
}

/** Wave `wave`'s 1%: account `i` of the N (company i / 10) when i % 100 is the wave's residue. */
async function recordWave(
  server: ServerProcess,
  companies: readonly { companyId: string }[],
  wave: number,
  day: string,
): Promise<number> {
  const residue = (wave * 37 + 13) % ACTIVE_EVERY
  const targets: { companyId: string; accountId: string }[] = []
  for (let i = residue; i < companies.length * PER_COMPANY; i += ACTIVE_EVERY) {
    const company = companies[Math.floor(i / PER_COMPANY)]
    if (company !== undefined)
      targets.push({ companyId: company.companyId, accountId: `acct-${i % PER_COMPANY}` })
  }
  let next = 0
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let t = targets[next++]; t !== undefined; t = targets[next++]) {
        const transactions: BankTransaction[] = Array.from({ length: NEW_PER_ACCOUNT }, (_, n) => ({
          id: `w${wave}-${n}`,
          date: `${day}T${String(9 + n).padStart(2, '0')}:00:00`,
          description: `Card payment ${n} at Coffee & Co`,
          amount: n % 2 === 0 ? '-4.20' : '12.00',
          status: 'cleared',
        }))
        const r = await server.api.call(
          'POST',
          `/v1/companies/${t.companyId}/accounts/${t.accountId}/transactions`,
          { transactions },
        )
        if (r.status !== 200) throw new Error(`record ${t.companyId}/${t.accountId}: HTTP ${r.status}`)
      }
    }),
  )
  return targets.length
}

const HEADER =
  '  window                             wall ms   server CPU ms   PG xacts   PG rows read  PG rows written  Codat req  pushed/ok  errors  RSS MB  sim CPU ms'

function row(f: Figures, bg: Figures | undefined): string {
  const n = net(f, bg)
  const pair = (a: number, b: number, w: number) =>
    `${fmt(a)}${bg === undefined || f.kind.startsWith('start') ? '' : ` (${fmt(b)})`}`.padStart(w)
  const kind = f.recordMs === undefined ? f.kind : `${f.kind}, ingest ${fmt(f.recordMs)} ms`
  return `  ${kind.padEnd(32)} ${fmt(f.wallMs).padStart(9)} ${pair(f.cpuMs, n.cpuMs, 15)} ${pair(f.xacts, n.xacts, 10)} ${pair(f.rowsRead, n.rowsRead, 14)} ${pair(f.rowsWritten, n.rowsWritten, 16)} ${fmt(f.codat).padStart(10)} ${`${fmt(f.pushed)}/${fmt(f.succeeded)}`.padStart(10)} ${fmt(f.errors).padStart(7)} ${fmt(f.rssMb, 1).padStart(7)} ${fmt(f.simCpuMs).padStart(11)}${f.timedOut === true ? '  FAILED: timeout, figures so far' : ''}`
}

function printSize(r: SizeResult): void {
  log(
    `\n  ${fmt(r.size)} accounts (${fmt(r.size / PER_COMPANY)} companies): seeded in ${fmt(r.seedMs / 1000, 1)} s (${fmt(r.seedRows)} rows cloned), database ${fmt(r.dbMb, 1)} MB`,
  )
  log(HEADER)
  const bg = r.background
  if (r.first !== undefined) log(row(r.first, undefined))
  for (const f of [...r.idle, ...r.active]) log(row(f, bg))
  if (bg !== undefined)
    log(
      `  background (no cycle): ${fmt(bg.windowMs)} ms window, ${fmt(bg.cpuMs)} ms server CPU, ${fmt(bg.xacts)} PG xacts, ${fmt(bg.codat)} Codat requests; (in brackets: net of it)`,
    )
  log(`  peak RSS (VmHWM) ${fmt(r.peakRssMb, 1)} MB${r.failed === undefined ? '' : `; FAILED: ${r.failed}`}`)
}

/** The mean of the idle cycles, net of the background unless `raw` (undefined when none completed). */
function idleCost(r: SizeResult, raw = false): Figures | undefined {
  const done = r.idle.filter((f) => f.timedOut !== true).map((f) => (raw ? f : net(f, r.background)))
  if (done.length === 0) return undefined
  const mean = (k: 'wallMs' | 'cpuMs' | 'xacts' | 'rowsRead' | 'rowsWritten' | 'codat') =>
    done.reduce((sum, f) => sum + f[k], 0) / done.length
  return {
    ...(done[0] as Figures),
    wallMs: mean('wallMs'),
    cpuMs: mean('cpuMs'),
    xacts: mean('xacts'),
    rowsRead: mean('rowsRead'),
    rowsWritten: mean('rowsWritten'),
    codat: mean('codat'),
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY !== undefined && process.env.BENCH_ONLY !== 'scale') return
  if (adminUrl === '') {
    log('scale benchmark: needs Postgres. Set TEST_DATABASE_URL (or DATABASE_URL).')
    return
  }
  log(`machine: ${machine()}; load ${loadAverage()}`)
  await buildServerBundle()
  log(
    `\n(s) scale: N accounts, ${PER_COMPANY} per company; worker pause ${fmt(INTERVAL_MS)} ms; ${IDLE_CYCLES} idle cycles, then ${process.env.BENCH_SCALE_ACTIVE_WAVES ?? '2 (1 from 100k accounts)'} with 1% of the accounts getting ${NEW_PER_ACCOUNT} transactions each`,
  )
  const results: SizeResult[] = []
  for (const size of SIZES) {
    const t0 = performance.now()
    const r = await runSize(size)
    results.push(r)
    printSize(r)
    log(`  size done in ${fmt((performance.now() - t0) / 1000)} s; load ${loadavg()[0]?.toFixed(2)}`)
  }
  const small = results[0]
  const large = results[results.length - 1]
  for (const raw of [false, true]) {
    const a = small === undefined ? undefined : idleCost(small, raw)
    const b = large === undefined ? undefined : idleCost(large, raw)
    if (small === undefined || large === undefined || a === undefined || b === undefined || small === large) {
      log('\n  idle cycle ratio: not available (a size without a completed idle cycle, or one size)')
      break
    }
    const ratio = (x: number, y: number) => (y > 0 ? fmt(x / y, 2) : `${fmt(x)}/${fmt(y)}`)
    log(
      `${raw ? '' : '\n'}  idle cycle, ${fmt(large.size)} / ${fmt(small.size)} accounts (${raw ? 'as measured, background in' : 'net of background'}; target <= 2): wall ${ratio(b.wallMs, a.wallMs)}, server CPU ${ratio(b.cpuMs, a.cpuMs)}, PG xacts ${ratio(b.xacts, a.xacts)}, PG rows read ${ratio(b.rowsRead, a.rowsRead)}, Codat ${ratio(b.codat, a.codat)}`,
    )
  }
  for (const r of results) {
    const c = idleCost(r)
    if (c !== undefined)
      log(
        `  Codat requests per idle account per cycle at ${fmt(r.size)}: ${fmt(c.codat / r.size, 4)} (target 0)`,
      )
  }
  log(`\nload average at end: ${loadAverage()}`)
}

runBenchmark('scale', main)
