/**
 * What a folding state keeps of pushed (settled) transactions once they leave `txns`: per bank day,
 * their sum, count, time span and last bank-supplied balance. Bounded by the days the account has
 * lines on, not by how many it pushed. See the README ("Settled transactions are folded").
 */
import type { Day } from './dates.js'
import { bankOrder, inBankLedger, type Txn } from './txn.js'

/** The folded lines of one day at one local date-time: their sums and recording-order span. */
export interface SettledPoint {
  readonly local: string
  sum: bigint
  /** Σ accepted gaps (`BankBalanceAccepted`) on these lines. */
  offsets: bigint
  minSeq: number
  maxSeq: number
}

/** The pushed lines of one bank day that left `txns`. */
export interface SettledDay {
  /** Σ amounts (minor units). */
  sum: bigint
  count: number
  /** Σ accepted gaps on the day's folded lines. */
  offsets: bigint
  /** Per distinct local date-time, in order (most bank days have one or a few). */
  readonly points: SettledPoint[]
  /** The last folded line of the day (bank order) that carried a bank balance. */
  lastBalance: { local: string; seq: number; balance: bigint } | undefined
}

/** Every folded day. */
export interface Settled {
  readonly days: Map<Day, SettledDay>
  /** The bank day of every folded line an accepted gap is on (few: one per `BankBalanceAccepted`). */
  readonly acceptedDays: Map<string, Day>
}

export function emptySettled(): Settled {
  return { days: new Map(), acceptedDays: new Map() }
}

export function cloneSettled(s: Settled): Settled {
  const days = new Map<Day, SettledDay>()
  for (const [d, v] of s.days) days.set(d, { ...v, points: v.points.map((p) => ({ ...p })) })
  return { days, acceptedDays: new Map(s.acceptedDays) }
}

/** Adds one pushed transaction (with the accepted gap on it) to its day. */
export function foldInto(s: Settled, t: Txn, offset: bigint, accepted: boolean): void {
  const day = s.days.get(t.day)
  const withBalance = t.balance === undefined ? undefined : { local: t.local, seq: t.seq, balance: t.balance }
  const point = { local: t.local, sum: t.amount, offsets: offset, minSeq: t.seq, maxSeq: t.seq }
  if (day === undefined) {
    s.days.set(t.day, { sum: t.amount, count: 1, offsets: offset, points: [point], lastBalance: withBalance })
  } else {
    day.sum += t.amount
    day.count++
    day.offsets += offset
    const i = day.points.findIndex((p) => p.local >= t.local)
    const at = i < 0 ? undefined : day.points[i]
    if (at !== undefined && at.local === t.local) {
      at.sum += t.amount
      at.offsets += offset
      if (t.seq < at.minSeq) at.minSeq = t.seq
      if (t.seq > at.maxSeq) at.maxSeq = t.seq
    } else if (i < 0) day.points.push(point)
    else day.points.splice(i, 0, point)
    const last = day.lastBalance
    if (withBalance !== undefined && (last === undefined || bankOrder(last as Txn, t) < 0)) {
      day.lastBalance = withBalance
    }
  }
  if (accepted) s.acceptedDays.set(t.id, t.day)
}

/**
 * The days on which a pushed transaction must stay in `txns` for now: the days of the transactions
 * of the bank's ledger not yet pushed (and of pending ones), so that their place among that day's
 * lines stays exact.
 */
export function openDays(txns: Iterable<Txn>): Set<Day> {
  const out = new Set<Day>()
  for (const t of txns) if (!t.pushed && (inBankLedger(t) || !t.cleared)) out.add(t.day)
  return out
}

/** The folded days in order, each with the running sums of every folded day up to and including it. */
export function settledRunning(
  s: Settled,
): Array<{ day: Day; v: SettledDay; sumBefore: bigint; offsetsBefore: bigint }> {
  const days = [...s.days.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  let sum = 0n
  let offsets = 0n
  return days.map(([day, v]) => {
    const row = { day, v, sumBefore: sum, offsetsBefore: offsets }
    sum += v.sum
    offsets += v.offsets
    return row
  })
}

/**
 * The part of a folded day that comes before `t` in the bank's order: the lines at an earlier local
 * date-time, and those at the same one recorded before it. Exact unless `t` was recorded between two
 * folded lines of exactly its date-time (a pending line cleared onto that date-time later): then
 * they all count as before it.
 */
export function foldedBefore(day: SettledDay, t: Txn): { sum: bigint; offsets: bigint } {
  let sum = 0n
  let offsets = 0n
  for (const p of day.points) {
    if (p.local > t.local || (p.local === t.local && p.minSeq > t.seq)) break
    sum += p.sum
    offsets += p.offsets
  }
  return { sum, offsets }
}

/**
 * Transactions a folding state no longer holds, as the shell read them back (from its projection)
 * for the ids a command names: decisions see them as if they were still in `txns`. Empty for a state
 * that does not fold.
 */
export type SettledLookup = ReadonlyMap<string, Txn>

export const NO_SETTLED: SettledLookup = new Map()

/** The transaction `id` of the state, or of the lookup. */
export function txnOf(txns: ReadonlyMap<string, Txn>, settled: SettledLookup, id: string): Txn | undefined {
  return txns.get(id) ?? settled.get(id)
}
