import type { ParsedLine } from '../../codat/state.js'
import { balanceAfter, sumEquals } from './money.js'

/** What a Sage line is judged against, computed once per request. */
export interface SageLimits {
  today: string
  /** Newest day already on the Sage account: accepted lines and pre-existing ones (S15). */
  newest: string | null
  /** The connect day (S7, S17), or null when not enforced (`sageEnforceFeedStart: false`). */
  feedStartDay: string | null
  /** Line ids already accepted on the account, plus those earlier in this request (S24). */
  seenIds: Set<string>
  balanceCheck: 'strict' | 'endOnly' | 'off'
  /** The latest local date-time among the earlier lines of the request (S14). */
  latestLocal: string | null
}

/**
 * A line with every field S19 requires (missing ones are an HTTP 400 before any rule is judged); in the
 * rules `previous` is the line before it in the request (null for the first).
 */
export type JudgedLine = ParsedLine & {
  id: string
  day: string
  local: string
  amount: string
  balance: string
}

/** One of Sage's line rules (PLATFORMS.md §3.2): `check` returns the message of the break, or null. */
export interface JudgedLineRule {
  rule: string
  name: string
  check(l: JudgedLine, previous: JudgedLine | null, x: SageLimits): string | null
}

/** S14: chronological within the request, earliest first (equal dates and times allowed). */
export function chronological(l: JudgedLine, _p: JudgedLine | null, x: SageLimits): string | null {
  return x.latestLocal !== null && l.local < x.latestLocal
    ? 'S14: transactions must be in chronological order, earliest first.'
    : null
}

/** S16: nothing dated after today (the company's zone). */
export function notInFuture(l: JudgedLine, _p: JudgedLine | null, x: SageLimits): string | null {
  return l.day > x.today ? `S16: date ${l.day} is in the future (today is ${x.today}).` : null
}

/** S15: nothing older than the newest transaction already on the Sage account (same day allowed). */
export function notOlderThanNewest(l: JudgedLine, _p: JudgedLine | null, x: SageLimits): string | null {
  return x.newest !== null && l.day < x.newest
    ? `S15: date ${l.day} is older than the most recent transaction already on the account (${x.newest}).`
    : null
}

/** S17 (SIM strict, `sageEnforceFeedStart`): nothing before the day the account was connected. */
export function notBeforeFeedStart(l: JudgedLine, _p: JudgedLine | null, x: SageLimits): string | null {
  return x.feedStartDay !== null && l.day < x.feedStartDay
    ? `S17: date ${l.day} is before the feed start date ${x.feedStartDay} (when the account was connected in Sage).`
    : null
}

/** S24: a transaction id Sage has had before (accepted on the account, or earlier in this statement). */
export function notSentBefore(l: JudgedLine, _p: JudgedLine | null, x: SageLimits): string | null {
  return x.seenIds.has(l.id)
    ? `S24: transaction ${l.id} has been sent before; Sage rejects the whole statement.`
    : null
}

/** S20 (`balanceCheck: strict`): each balance is the previous line's balance plus this line's amount. */
export function runningBalance(l: JudgedLine, previous: JudgedLine | null, x: SageLimits): string | null {
  if (x.balanceCheck !== 'strict' || previous === null) return null
  return sumEquals(previous.balance, l.amount, l.balance)
    ? null
    : `S20: balance ${l.balance} is not the previous balance ${previous.balance} plus amount ${l.amount}.`
}

/** Sage's line rules in the order they are judged: a line reports the first it breaks. */
export const SAGE_LINE_RULES: readonly JudgedLineRule[] = [
  { rule: 'S14', name: 'chronological', check: chronological },
  { rule: 'S16', name: 'notInFuture', check: notInFuture },
  { rule: 'S15', name: 'notOlderThanNewest', check: notOlderThanNewest },
  { rule: 'S17', name: 'notBeforeFeedStart', check: notBeforeFeedStart },
  { rule: 'S24', name: 'notSentBefore', check: notSentBefore },
  { rule: 'S20', name: 'runningBalance', check: runningBalance },
]

/** S21: the sign gives the direction; a `Credit` below zero or a `Debit` above it earns a warning. */
export function signWarning(l: JudgedLine): string | null {
  const negative = l.amount.startsWith('-')
  const zero = /^-?0(\.0+)?$/.test(l.amount)
  if (zero) return null
  if (l.transactionType === 'Credit' && negative)
    return 'S21: a Credit transaction usually has a positive amount.'
  if (l.transactionType === 'Debit' && !negative)
    return 'S21: a Debit transaction usually has a negative amount.'
  return null
}

/**
 * S20 (`balanceCheck: endOnly`): the last balance is the first line's balance plus the later amounts;
 * the message, or null.
 */
export function endBalanceBreak(lines: readonly JudgedLine[]): string | null {
  const first = lines[0]
  const last = lines[lines.length - 1]
  if (!first || !last || first === last) return null
  const expected = balanceAfter(
    first.balance,
    lines.slice(1).map((l) => l.amount),
  )
  return sumEquals(expected, '0', last.balance)
    ? null
    : `S20: the last balance ${last.balance} is not the first balance ${first.balance} plus the later amounts (${expected}).`
}
