import type { ParsedLine } from '../../codat/state.js'

/** What a line is judged against, computed once per request. */
export interface LineLimits {
  today: string
  yesterday: string
  windowStart: string
  /** Newest day already stored on the account (pulled or not; test lines never count). */
  newest: string | null
  firstWrite: boolean
  storedIds: Set<string> | null
  historicDays: number
  feedStartDate: string | null
  requireTodayOrYesterday: boolean
}

/** A line with every QBO-required field present (what the rules after Q9 may assume). */
export type CompleteLine = ParsedLine & { id: string; day: string; local: string }

/**
 * One of QBO's line rules (BEHAVIOUR §8.1): `check` returns the message of the break, or null.
 * `previous` is the latest local date-time among the earlier lines of the request.
 */
export interface LineRule {
  rule: string
  name: string
  check(l: CompleteLine, previous: string | null, x: LineLimits): string | null
}

const REQUIRED = ['id', 'date', 'description', 'amount', 'balance'] as const
const QBO_TYPES = ['Credit', 'Debit', 'Unknown']

/** Q9: the fields QBO needs, present and non-empty (checked before every other line rule). */
export function missingRequired(l: ParsedLine): string | null {
  const missing = REQUIRED.filter((k) => l[k] === null || l[k] === '')
  return missing.length ? `Q9: ${missing.join(', ')} required for QuickBooks Online.` : null
}

/** Q9: a transaction type QBO takes. */
export function supportedType(l: CompleteLine): string | null {
  return l.transactionType !== null && !QBO_TYPES.includes(l.transactionType)
    ? `Q9: transactionType ${l.transactionType} is not supported by QuickBooks Online (Credit, Debit or Unknown).`
    : null
}

/** Q3: lines in chronological order within the request, earliest first. */
export function chronological(l: CompleteLine, previous: string | null): string | null {
  return previous !== null && l.local < previous
    ? 'Q3: transactions must be in chronological order, earliest first.'
    : null
}

/** Q5: nothing dated after today (the company's zone). */
export function notInFuture(l: CompleteLine, _p: string | null, x: LineLimits): string | null {
  return l.day > x.today ? `Q5: date ${l.day} is in the future (today is ${x.today}).` : null
}

/** Q4: nothing older than the newest line already in QBO's feed for the account (stored, pulled or not). */
export function notOlderThanNewest(l: CompleteLine, _p: string | null, x: LineLimits): string | null {
  return x.newest !== null && l.day < x.newest
    ? `Q4: date ${l.day} is older than the newest transaction already on the account (${x.newest}).`
    : null
}

/** Q7: nothing older than the historic window (`historicDays`). */
export function insideWindow(l: CompleteLine, _p: string | null, x: LineLimits): string | null {
  return l.day < x.windowStart
    ? `Q7: date ${l.day} is more than ${x.historicDays} days old (earliest ${x.windowStart}).`
    : null
}

/** Q7: nothing before the feed start date the SMB picked when linking. */
export function notBeforeFeedStart(l: CompleteLine, _p: string | null, x: LineLimits): string | null {
  return x.feedStartDate !== null && l.day < x.feedStartDate
    ? `Q7: date ${l.day} is before the feed start date ${x.feedStartDate}.`
    : null
}

/** Q6 (strict reading, `requireTodayOrYesterday`): after the first write, only today or yesterday. */
export function todayOrYesterday(l: CompleteLine, _p: string | null, x: LineLimits): string | null {
  return x.requireTodayOrYesterday && !x.firstWrite && l.day < x.yesterday
    ? `Q6: date ${l.day} must be today or yesterday (${x.yesterday} or ${x.today}).`
    : null
}

/** `duplicateLineIds: 'refuse'`: an id already written to the account (or earlier in the request). */
export function notDuplicate(l: CompleteLine, _p: string | null, x: LineLimits): string | null {
  return x.storedIds?.has(l.id) ? `Transaction ${l.id} has already been written to this account.` : null
}

/** QBO's line rules after Q9's required fields, in the order they are judged: a line reports the first it breaks. */
export const LINE_RULES: readonly LineRule[] = [
  { rule: 'Q9', name: 'supportedType', check: supportedType },
  { rule: 'Q3', name: 'chronological', check: chronological },
  { rule: 'Q5', name: 'notInFuture', check: notInFuture },
  { rule: 'Q4', name: 'notOlderThanNewest', check: notOlderThanNewest },
  { rule: 'Q7', name: 'insideWindow', check: insideWindow },
  { rule: 'Q7', name: 'notBeforeFeedStart', check: notBeforeFeedStart },
  { rule: 'Q6', name: 'todayOrYesterday', check: todayOrYesterday },
  { rule: 'duplicate', name: 'notDuplicate', check: notDuplicate },
]

/** The first rule one line breaks (its message), or null. */
export function lineBreak(l: ParsedLine, previous: string | null, x: LineLimits): string | null {
  const missing = missingRequired(l)
  if (missing) return missing
  const complete = l as CompleteLine
  for (const r of LINE_RULES) {
    const why = r.check(complete, previous, x)
    if (why) return why
  }
  return null
}
