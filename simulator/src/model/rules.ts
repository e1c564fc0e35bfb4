import type { Ctx } from './context.js'
import { addDays, localDate } from './dates.js'
import { signOf } from './decimal.js'
import type { ConnectionRec, ParsedLine, SourceAccountRec, ValidationItem } from './state.js'

export const VALIDATOR = 'BankTransactions'
const QBO_TYPES = ['Credit', 'Debit', 'Unknown']

export function companyZone(ctx: Ctx, companyId: string): string {
  return ctx.opts.companyTimeZones[companyId] ?? ctx.opts.timeZone
}

export interface RuleOutcome {
  errors: ValidationItem[]
  warnings: ValidationItem[]
}

/** Why the whole request cannot be written (Q1, Q11, Q12), or null. */
function requestBreak(conn: ConnectionRec, a: SourceAccountRec): string | null {
  if (conn.status !== 'Linked') return `Q1: the connection is ${conn.status}, not Linked.`
  if (a.linkedWith !== null && conn.credentials.find((c) => c.username === a.linkedWith)?.revokedAt != null) {
    return 'Q12: the credentials this account was linked with in QuickBooks Online have been revoked.'
  }
  if (a.qbo && !a.qbo.enabled)
    return 'Q11: the bank feed for this account has been switched off in QuickBooks Online.'
  if (a.status !== 'connected') return `Q1: the source account is ${a.status}, not connected.`
  return null
}

/** What a line is judged against, computed once per request. */
interface LineLimits {
  today: string
  yesterday: string
  windowStart: string
  newest: string | null
  firstWrite: boolean
  storedIds: Set<string> | null
  historicDays: number
  feedStartDate: string | null
  requireTodayOrYesterday: boolean
}

const REQUIRED = ['id', 'date', 'description', 'amount', 'balance'] as const

/** The first rule one line breaks (its message), or null; `previous` is the latest local date-time so far. */
function lineBreak(l: ParsedLine, previous: string | null, x: LineLimits): string | null {
  if (
    l.id === null ||
    l.id === '' ||
    l.date === null ||
    l.date === '' ||
    l.description === null ||
    l.description === '' ||
    l.amount === null ||
    l.amount === '' ||
    l.balance === null ||
    l.balance === ''
  ) {
    const missing = REQUIRED.filter((k) => l[k] === null || l[k] === '')
    return `Q9: ${missing.join(', ')} required for QuickBooks Online.`
  }
  if (l.transactionType !== null && !QBO_TYPES.includes(l.transactionType)) {
    return `Q9: transactionType ${l.transactionType} is not supported by QuickBooks Online (Credit, Debit or Unknown).`
  }
  const day = l.day as string
  const local = l.local as string
  if (previous !== null && local < previous)
    return 'Q3: transactions must be in chronological order, earliest first.'
  if (day > x.today) return `Q5: date ${day} is in the future (today is ${x.today}).`
  if (x.newest !== null && day < x.newest) {
    return `Q4: date ${day} is older than the newest transaction already on the account (${x.newest}).`
  }
  if (day < x.windowStart)
    return `Q7: date ${day} is more than ${x.historicDays} days old (earliest ${x.windowStart}).`
  if (x.feedStartDate !== null && day < x.feedStartDate) {
    return `Q7: date ${day} is before the feed start date ${x.feedStartDate}.`
  }
  if (x.requireTodayOrYesterday && !x.firstWrite && day < x.yesterday) {
    return `Q6: date ${day} must be today or yesterday (${x.yesterday} or ${x.today}).`
  }
  if (x.storedIds?.has(l.id)) return `Transaction ${l.id} has already been written to this account.`
  return null
}

/**
 * QBO's rules for one create-bank-transactions request, judged at `ctx.now` (BEHAVIOUR §8.1, §14):
 * one error per offending line (itemId = line id, message = the first rule it breaks), warnings for
 * sign/type mismatches. Dates are compared as local calendar dates in the company's zone.
 */
export function checkRules(
  ctx: Ctx,
  conn: ConnectionRec,
  a: SourceAccountRec,
  lines: ParsedLine[],
): RuleOutcome {
  const errors: ValidationItem[] = []
  const warnings: ValidationItem[] = []
  const item = (itemId: string | null, message: string): ValidationItem => ({
    itemId,
    message,
    validatorName: VALIDATOR,
  })
  const whole = requestBreak(conn, a)
  if (whole) {
    if (lines.length === 0) return { errors: [item(a.id, whole)], warnings }
    return { errors: lines.map((l, i) => item(l.id ?? `transactions[${i}]`, whole)), warnings }
  }
  const today = localDate(ctx.now, companyZone(ctx, conn.companyId))
  const yesterday = addDays(today, -1)
  const windowStart = addDays(today, -ctx.opts.historicDays)
  const newest = a.newestDay
  const firstWrite = a.lines.length === 0
  const storedIds = ctx.opts.duplicateLineIds === 'refuse' ? new Set(a.lines.map((l) => l.id)) : null
  const limits: LineLimits = {
    today,
    yesterday,
    windowStart,
    newest,
    firstWrite,
    storedIds,
    historicDays: ctx.opts.historicDays,
    feedStartDate: a.feedStartDate,
    requireTodayOrYesterday: ctx.opts.requireTodayOrYesterday,
  }
  let previous: string | null = null
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as ParsedLine
    const itemId = l.id ?? `transactions[${i}]`
    const why = lineBreak(l, previous, limits)
    if (l.local !== null && (previous === null || l.local > previous)) previous = l.local
    if (storedIds && l.id) storedIds.add(l.id)
    if (why) errors.push(item(itemId, why))
    else if (l.amount !== null) {
      const s = signOf(l.amount)
      if ((l.transactionType === 'Credit' && s < 0) || (l.transactionType === 'Debit' && s > 0)) {
        warnings.push(
          item(
            itemId,
            `A ${l.transactionType} transaction usually has a ${s < 0 ? 'positive' : 'negative'} amount.`,
          ),
        )
      }
    }
  }
  return { errors, warnings }
}
