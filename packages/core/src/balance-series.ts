/**
 * The bank's and the destination's balances day by day, for a chart: the two lines the
 * reconciliation report compares, on every day of a range.
 */
import { addDays, type Day } from './dates.js'
import { formatMinor } from './money.js'
import type { AccountState } from './state.js'
import { inBankLedger } from './txn.js'

/** Most days one series spans; a longer range keeps its last days. */
export const MAX_SERIES_DAYS = 1000

/** Both balances at the end of one day (exact decimals), counted by the bank's date as `reconcile` does. */
export interface BalancePoint {
  readonly day: Day
  /** `reconcile(…, { asOf: day }).bank.balance`. */
  readonly bank: string
  /** `reconcile(…, { asOf: day }).destination.balance`. */
  readonly destination: string
}

/**
 * One point per day from `from` to `to` (both included; by default the first and the last day of
 * the account's cleared transactions). Empty without an account or transactions, or when
 * `from` > `to`.
 *
 * @example
 * balanceSeries(state, { from: '2026-11-18', to: '2026-11-20' })
 * // => [{ day: '2026-11-18', bank: '100.00', destination: '100.00' }, …]
 */
export function balanceSeries(
  state: AccountState,
  range: { readonly from?: Day; readonly to?: Day } = {},
): BalancePoint[] {
  const account = state.account
  if (account === undefined) return []
  const bankDelta = new Map<Day, bigint>()
  const destDelta = new Map<Day, bigint>()
  let first: Day | undefined
  let last: Day | undefined
  for (const [day, f] of state.settled.days) {
    bankDelta.set(day, (bankDelta.get(day) ?? 0n) + f.sum)
    destDelta.set(day, (destDelta.get(day) ?? 0n) + f.sum)
    if (first === undefined || day < first) first = day
    if (last === undefined || day > last) last = day
  }
  for (const t of state.txns.values()) {
    if (!inBankLedger(t)) continue
    bankDelta.set(t.day, (bankDelta.get(t.day) ?? 0n) + t.amount)
    if (t.pushed) destDelta.set(t.day, (destDelta.get(t.day) ?? 0n) + t.amount)
    if (first === undefined || t.day < first) first = t.day
    if (last === undefined || t.day > last) last = t.day
  }
  const to = range.to ?? last
  let from = range.from ?? first
  if (from === undefined || to === undefined || from > to) return []
  const earliest = addDays(to, -(MAX_SERIES_DAYS - 1))
  if (from < earliest) from = earliest
  let bank = account.openingBalance
  let destination = account.openingBalance
  // Everything dated before the range counts in its first point.
  for (const [day, d] of bankDelta) if (day < from) bank += d
  for (const [day, d] of destDelta) if (day < from) destination += d
  const out: BalancePoint[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) {
    bank += bankDelta.get(day) ?? 0n
    destination += destDelta.get(day) ?? 0n
    out.push({
      day,
      bank: formatMinor(bank, account.decimals),
      destination: formatMinor(destination, account.decimals),
    })
  }
  return out
}
