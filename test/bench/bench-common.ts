/**
 * What the benchmarks of this folder (`engine`, `history`, `scale`) share: the admin URL they create
 * their databases through, number formatting and printing, /proc readings of the server process, the
 * server environment they all start from, the simulator they run against, the machine line and the
 * failure exit.
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import type { SimulatorOptions } from '@feedsync/simulator'
import type { TestDatabase } from '../src/support/database.js'

/** Where the benchmarks create their databases; '' when neither variable is set (they say so, exit 0). */
export const adminUrl = (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '').trim()

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

export const log = (m: string) => process.stdout.write(`${m}\n`)

/** A size field of /proc/<pid>/status (`VmRSS`, `VmHWM`) in MB; NaN once the process is gone. */
export function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? Number.NaN : Number(kb) / 1024
  } catch {
    return Number.NaN
  }
}

/** Peak resident set (VmHWM) of a process, in MB. */
export const peakRssMb = (pid: number): number => procStatusMb(pid, 'VmHWM')

/**
 * The server's environment in every benchmark: the database, the system clock, no scheduled cycle
 * within a run (an hour), a 20 ms push poll, the request budget lifted, warnings only; `own` adds or
 * overrides what one benchmark needs.
 */
export function benchEnv(db: TestDatabase, own: Record<string, string> = {}): Record<string, string> {
  return {
    ...db.env,
    FEEDSYNC_CLOCK: 'system',
    FEEDSYNC_SYNC_INTERVAL_MS: '3600000',
    FEEDSYNC_POLL_INTERVAL_MS: '20',
    // The bench simulator completes pushes at once (`pushLatencyMs: 0`), not after a ledger's usual
    // Pending time: the first status read need not wait for it (QBO 2 s).
    FEEDSYNC_POLL_FIRST_MS: '0',
    FEEDSYNC_RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    ...own,
  }
}

/** The simulator every benchmark runs against: running clock from now, pushes complete at once, no rate limit. */
export const benchSimulatorOptions = (): Partial<SimulatorOptions> => ({
  clock: 'running',
  now: Date.now(),
  pushLatencyMs: 0,
  rateLimit: { dailyQuota: 1_000_000_000, perMinute: 1_000_000_000 },
})

/** `2 x <cpu model>, 7.8 GiB, Node v20.19.0`. */
export const machine = (): string =>
  `${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`

/** The 1, 5 and 15 minute load averages, `0.52 0.61 0.70`. */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** Runs a benchmark's main; a failure prints `<name> benchmark failed: <stack>` and exits 1. */
export function runBenchmark(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${name} benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  })
}
