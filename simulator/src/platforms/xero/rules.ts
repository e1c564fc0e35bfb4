import type { ParsedLine } from '../../codat/state.js'
import { addDecimal, sameTo2dp } from './money.js'

/** What the lines of one request are judged against, computed once per request. */
export interface XeroLimits {
  today: string
  /** `today − P1Y`, inclusive (X21). */
  oldest: string
  /** Line ids already delivered to the target (X29). */
  delivered: Set<string>
  duplicates: 'xero' | 'store' | 'refuse'
  balanceCheck: 'strict' | 'endOnly' | 'off'
}

/** A line with every Xero-required field present (X24 is checked at parse time, HTTP 400). */
export type JudgedLine = ParsedLine & {
  id: string
  day: string
  local: string
  amount: string
  balance: string
}

/**
 * One of Xero's per-line rules (PLATFORMS.md §2.3): `check` returns the message of the break (prefixed
 * with its rule number), or null. `prev` is the previous line of the request (null for the first).
 */
export interface XeroLineRule {
  rule: string
  check(l: JudgedLine, prev: JudgedLine | null, x: XeroLimits): string | null
}

/** X18: chronological within the request; equal dates allowed, any decrease fails the operation. */
export function chronological(l: JudgedLine, prev: JudgedLine | null): string | null {
  return prev !== null && l.local < prev.local
    ? `X18: transactions must be in chronological order within a request; ${l.day} comes after ${prev.day}.`
    : null
}

/** X20: the current day or earlier. */
export function notInFuture(l: JudgedLine, _p: JudgedLine | null, x: XeroLimits): string | null {
  return l.day > x.today ? `X20: date ${l.day} is in the future (today is ${x.today}).` : null
}

/** X21: no line older than one year (inclusive `today − P1Y`); one such line fails the whole operation. */
export function withinOneYear(l: JudgedLine, _p: JudgedLine | null, x: XeroLimits): string | null {
  return l.day < x.oldest
    ? `X21: date ${l.day} is more than one year old (earliest ${x.oldest}); the whole request is refused.`
    : null
}

/** X25 strict: each line's balance is the previous line's balance plus its amount (to 2 dp). */
export function runningBalance(l: JudgedLine, prev: JudgedLine | null, x: XeroLimits): string | null {
  if (x.balanceCheck !== 'strict' || prev === null) return null
  const expected = addDecimal(prev.balance, l.amount)
  return sameTo2dp(expected, l.balance)
    ? null
    : `X25: balance ${l.balance} does not follow from the previous balance ${prev.balance} and amount ${l.amount} (expected ${expected}).`
}

/** X29 `refuse`: a line id already delivered to the target account. */
export function notRedelivered(l: JudgedLine, _p: JudgedLine | null, x: XeroLimits): string | null {
  return x.duplicates === 'refuse' && x.delivered.has(l.id)
    ? `X29: transaction ${l.id} has already been delivered to this Xero account.`
    : null
}

/** Xero's line rules in the order they are judged: a line reports the first it breaks. */
export const XERO_LINE_RULES: readonly XeroLineRule[] = [
  { rule: 'X18', check: chronological },
  { rule: 'X20', check: notInFuture },
  { rule: 'X21', check: withinOneYear },
  { rule: 'X25', check: runningBalance },
  { rule: 'X29', check: notRedelivered },
]

/** X25 `endOnly`: the last balance equals the first balance plus the later amounts; the message, or null. */
export function endBalance(lines: JudgedLine[], x: XeroLimits): string | null {
  if (x.balanceCheck !== 'endOnly' || lines.length < 2) return null
  const first = lines[0] as JudgedLine
  const last = lines[lines.length - 1] as JudgedLine
  let expected = first.balance
  for (const l of lines.slice(1)) expected = addDecimal(expected, l.amount)
  return sameTo2dp(expected, last.balance)
    ? null
    : `X25: the end balance ${last.balance} does not follow from the start balance and the amounts (expected ${expected}).`
}

/** X29 `xero`: every line id already delivered to the target: Xero refuses the duplicate statement. */
export function duplicateStatement(lines: JudgedLine[], x: XeroLimits): string | null {
  return x.duplicates === 'xero' && lines.length > 0 && lines.every((l) => x.delivered.has(l.id))
    ? 'X29: Duplicate statement: every transaction in it has already been delivered to this Xero account.'
    : null
}

/** X26: `Credit` with a negative or `Debit` with a positive amount still succeeds, with a warning. */
export function signWarning(l: JudgedLine): string | null {
  const negative = l.amount.startsWith('-')
  const positive = !negative && l.amount !== '0'
  if (l.transactionType === 'Credit' && negative) {
    return 'X26: a Credit transaction usually has a positive amount; the amount is stored as sent.'
  }
  if (l.transactionType === 'Debit' && positive) {
    return 'X26: a Debit transaction usually has a negative amount; the amount is stored as sent.'
  }
  return null
}

/** `today − P1Y` as a calendar date (29 February falls back to 28 February). */
export function oneYearBefore(today: string): string {
  const y = Number(today.slice(0, 4)) - 1
  const md = today.slice(5)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`
}
