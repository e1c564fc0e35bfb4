/**
 * Benchmark: one account with N pushed transactions (per 1000: one `TransactionsRecorded`, one
 * `BatchPlanned`, one `BatchSucceeded`, days spread over the year, amounts 1.00 with bank balances),
 * folded by a state that keeps every transaction (baseline) and by a folding one
 * (`initialState({ foldSettled: true })`): heap after the fold, snapshot JSON bytes, and the time to
 * decide + apply a new day of 10 transactions and plan it. Core only (no store, no server).
 * Usage: `node --expose-gc --import tsx bench/history.bench.ts` (BENCH_HISTORY_SIZES=10000,100000,1000000;
 * BENCH_HISTORY_FULL_MAX: the largest N the baseline folds, default 100000).
 */
import { cpus, loadavg, totalmem } from 'node:os'
import {
  type AccountState,
  decideRecordTransactions,
  evolve,
  type FeedEvent,
  fold,
  initialState,
  planBatches,
  toSnapshot,
} from '../src/index.js'

const SIZES = (process.env.BENCH_HISTORY_SIZES ?? '10000,100000,1000000').split(',').map(Number)
const FULL_MAX = Number(process.env.BENCH_HISTORY_FULL_MAX ?? 100_000)
const DAY0 = Date.parse('2025-11-01T00:00:00Z')
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10)
const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const heapMb = () => {
  gc()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

function* history(n: number): Generator<FeedEvent> {
  const at = '2026-11-01T08:00:00Z'
  yield {
    type: 'AccountRegistered',
    data: { accountId: 'hist-1', currency: 'USD', openingBalance: '0.00', timeZone: 'UTC', at },
  }
  yield { type: 'FeedLinked', data: { feedStartDate: day(0), at } }
  let balance = 0
  for (let b = 0; b * 1000 < n; b++) {
    const transactions = []
    const lines = []
    for (let i = b * 1000; i < Math.min(n, (b + 1) * 1000); i++) {
      const date = `${day(Math.floor((i * 365) / n))}T${String(8 + (i % 10)).padStart(2, '0')}:00:00`
      balance += 100
      transactions.push({
        transactionId: `h-${i}`,
        date,
        description: `Card payment ${i}`,
        amount: '1.00',
        balance: money(balance),
        status: 'cleared' as const,
      })
      lines.push({ transactionId: `h-${i}`, date, amount: '1.00', balance: money(balance) })
    }
    yield { type: 'TransactionsRecorded', data: { transactions, at } }
    yield { type: 'BatchPlanned', data: { batchId: `b-${b}`, lines, at } }
    yield { type: 'BatchSucceeded', data: { batchId: `b-${b}`, at } }
  }
}

function newDay(state: AccountState): number {
  const now = '2026-11-02T10:00:00Z'
  const t0 = performance.now()
  const inputs = Array.from({ length: 10 }, (_, i) => ({
    id: `new-${i}`,
    date: `2026-11-01T${String(9 + i).padStart(2, '0')}:00:00`,
    description: `New ${i}`,
    amount: '1.00',
    status: 'cleared' as const,
  }))
  const { events } = decideRecordTransactions(state, inputs, now)
  for (const e of events) evolve(state, e)
  const plan = planBatches(state, now)
  if (plan.batches.flatMap((b) => b.lines).length !== 10) throw new Error('the new day was not planned')
  return performance.now() - t0
}

const log = (m: string) => process.stdout.write(`${m}\n`)
log(
  `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
const base = heapMb()
log('| pushed | state | fold s | heap MB (state) | snapshot bytes | record+plan new day ms |')
log('| --- | --- | --- | --- | --- | --- |')
for (const n of SIZES) {
  for (const foldSettled of [false, true]) {
    if (!foldSettled && n > FULL_MAX) {
      log(`| ${n.toLocaleString('en-US')} | keeps all | (not run: > BENCH_HISTORY_FULL_MAX) | | | |`)
      continue
    }
    const t0 = performance.now()
    let state: AccountState | undefined = fold(history(n), initialState({ foldSettled }))
    const foldS = (performance.now() - t0) / 1000
    const heap = heapMb() - base
    const bytes = Buffer.byteLength(JSON.stringify(toSnapshot(state)))
    const ms = newDay(state)
    state = undefined
    log(
      `| ${n.toLocaleString('en-US')} | ${foldSettled ? 'folding' : 'keeps all'} | ${foldS.toFixed(2)} | ${heap.toFixed(1)} | ${bytes.toLocaleString('en-US')} | ${ms.toFixed(1)} |`,
    )
  }
}
