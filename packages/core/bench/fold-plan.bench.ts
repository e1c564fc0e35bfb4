/**
 * Benchmark: fold and plan 1,000,000 events over 1,000 accounts, against a baseline loop that only
 * parses the same events and sums amounts per account (exactly, as BigInt). Prints events/s of each,
 * the ratio, and memory. Usage: `pnpm --filter @feedsync/core bench` (env BENCH_EVENTS to scale).
 */
import { cpus, totalmem } from 'node:os'
import {
  type AccountState,
  decide,
  evolve,
  type FeedEvent,
  fold,
  initialState,
  planBatches,
} from '../src/index.js'

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000)
const PER_ACCOUNT = Math.floor(TOTAL / ACCOUNTS)
const DAY0 = Date.parse('2026-10-01T00:00:00Z')
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10)

/** Realistic streams made by the decider itself: daily transactions, some pending then cleared, a few voided, a batch per day. */
function generate(): string[] {
  const lines: string[] = []
  for (let a = 0; a < ACCOUNTS; a++) {
    const stream = `acc-${a}`
    const state = initialState()
    let n = 0
    const emit = (c: Parameters<typeof decide>[0]) => {
      const d = decide(c, state)
      if (!d.ok) throw new Error(`${d.error.code}: ${d.error.message}`)
      for (const e of d.events) {
        evolve(state, e)
        lines.push(JSON.stringify({ stream, type: e.type, data: e.data }))
        n++
      }
    }
    emit({
      type: 'RegisterAccount',
      accountId: stream,
      currency: 'USD',
      openingBalance: '1000.00',
      at: `${day(0)}T00:00:00Z`,
    })
    emit({ type: 'LinkFeed', feedStartDate: day(0), at: `${day(0)}T00:00:00Z` })
    let d = 0
    let t = 0
    while (n < PER_ACCOUNT - 50) {
      const at = `${day(d)}T12:00:00Z`
      for (let k = 0; k < 20; k++, t++) {
        const pending = t % 10 === 3
        const cents = ((t * 7919 + a * 104729) % 200_001) - 100_000
        emit({
          type: 'RecordTransaction',
          transaction: {
            id: `t${t}`,
            date: day(d),
            description: `Card payment ${t}`,
            amount: (cents / 100).toFixed(2),
            status: pending ? 'pending' : 'cleared',
          },
          at,
        })
        if (pending) emit({ type: 'ClearTransaction', transactionId: `t${t}`, at })
        else if (t % 97 === 5) emit({ type: 'VoidTransaction', transactionId: `t${t}`, at })
      }
      const next = `${day(d + 1)}T01:00:00Z`
      const before = state.version
      emit({ type: 'PlanBatch', batchId: `b${a}-${d}`, now: next })
      if (state.version > before) emit({ type: 'RecordBatchSucceeded', batchId: `b${a}-${d}`, at: next })
      d++
    }
    // top up to exactly PER_ACCOUNT events with transactions still pending
    while (n < PER_ACCOUNT) {
      const at = `${day(d)}T12:00:00Z`
      emit({
        type: 'RecordTransaction',
        transaction: {
          id: `t${t++}`,
          date: day(d),
          description: 'Pending card payment',
          amount: '-1.00',
          status: 'pending',
        },
        at,
      })
    }
  }
  return lines
}

function baseline(lines: string[]): number {
  const sums = new Map<string, bigint>()
  for (const line of lines) {
    const e = JSON.parse(line) as { stream: string; type: string; data: { amount?: string } }
    if (e.type === 'TransactionRecorded' && e.data.amount !== undefined) {
      sums.set(e.stream, (sums.get(e.stream) ?? 0n) + BigInt(e.data.amount.replace('.', '')))
    }
  }
  return sums.size
}

function foldAndPlan(
  lines: string[],
  now: string,
): { accounts: number; ready: number; states: Map<string, AccountState> } {
  const states = new Map<string, AccountState>()
  for (const line of lines) {
    const e = JSON.parse(line) as FeedEvent & { stream: string }
    let s = states.get(e.stream)
    if (s === undefined) {
      s = initialState()
      states.set(e.stream, s)
    }
    evolve(s, e)
  }
  let ready = 0
  for (const s of states.values()) for (const b of planBatches(s, now).batches) ready += b.lines.length
  return { accounts: states.size, ready, states }
}

function time<T>(f: () => T): { ms: number; result: T } {
  const t0 = process.hrtime.bigint()
  const result = f()
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result }
}

const gen = time(generate)
const lines = gen.result
console.log(`generated ${lines.length} events over ${ACCOUNTS} accounts in ${gen.ms.toFixed(0)} ms`)
const now = `${day(400)}T12:00:00Z`

const runs = { base: [] as number[], fold: [] as number[] }
let heapRetained = 0
for (let rep = 0; rep < 3; rep++) {
  runs.base.push(time(() => baseline(lines)).ms)
  globalThis.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const f = time(() => foldAndPlan(lines, now))
  globalThis.gc?.()
  heapRetained = Math.max(heapRetained, process.memoryUsage().heapUsed - heapBefore)
  runs.fold.push(f.ms)
  if (f.result.accounts !== ACCOUNTS) throw new Error('lost an account')
  void fold
}
const best = (xs: number[]) => Math.min(...xs)
const baseRate = lines.length / (best(runs.base) / 1000)
const foldRate = lines.length / (best(runs.fold) / 1000)
const peakRss = process.resourceUsage().maxRSS / 1024
const report = {
  machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  events: lines.length,
  accounts: ACCOUNTS,
  baselineEventsPerSec: Math.round(baseRate),
  foldPlanEventsPerSec: Math.round(foldRate),
  ratio: Number((foldRate / baseRate).toFixed(3)),
  foldPlanBestMs: Math.round(best(runs.fold)),
  baselineBestMs: Math.round(best(runs.base)),
  retainedStateMiB: Math.round(heapRetained / 2 ** 20),
  peakRssMiB: Math.round(peakRss),
}
console.log(JSON.stringify(report, null, 2))
console.log(
  `fold+plan ${report.foldPlanEventsPerSec} events/s vs baseline ${report.baselineEventsPerSec} events/s: ratio ${report.ratio} (target >= 0.333)`,
)
