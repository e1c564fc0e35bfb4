import { companyZone } from '../../codat/company-zone.js'
import type { Ctx, RuleOutcome } from '../../codat/context.js'
import type { ConnectionRec, ParsedLine, SourceAccountRec, ValidationItem } from '../../codat/state.js'
import { addDays, localDate } from '../../kernel/dates.js'
import { signOf } from '../../kernel/decimal.js'
import { linkRevoked } from './credentials.js'
import { type LineLimits, lineBreak } from './rules.js'

/** The validator name QBO's rule breaks carry. */
export const VALIDATOR = 'BankTransactions'

/** Why the whole request cannot be written (Q1, Q11, Q12), or null. */
function requestBreak(conn: ConnectionRec, a: SourceAccountRec): string | null {
  if (conn.status !== 'Linked') return `Q1: the connection is ${conn.status}, not Linked.`
  if (linkRevoked(conn, a)) {
    return 'Q12: the credentials this account was linked with in QuickBooks Online have been revoked.'
  }
  if (a.qbo && !a.qbo.enabled)
    return 'Q11: the bank feed for this account has been switched off in QuickBooks Online.'
  if (a.status !== 'connected') return `Q1: the source account is ${a.status}, not connected.`
  return null
}

function limitsOf(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): LineLimits {
  const today = localDate(ctx.now, companyZone(ctx, conn.companyId))
  return {
    today,
    yesterday: addDays(today, -1),
    windowStart: addDays(today, -ctx.opts.historicDays),
    newest: a.newestDay,
    firstWrite: a.lines.length === 0,
    storedIds: ctx.opts.duplicateLineIds === 'refuse' ? new Set(a.lines.map((l) => l.id)) : null,
    historicDays: ctx.opts.historicDays,
    feedStartDate: a.feedStartDate,
    requireTodayOrYesterday: ctx.opts.requireTodayOrYesterday,
  }
}

/**
 * QBO's rules for one create-bank-transactions request, judged at `ctx.now` (BEHAVIOUR §8.1, §14):
 * one error per offending line (itemId = line id, message = the first rule it breaks, see `rules.ts`),
 * warnings for sign/type mismatches. Dates are compared as local calendar dates in the company's zone.
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
  const limits = limitsOf(ctx, conn, a)
  let previous: string | null = null
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as ParsedLine
    const itemId = l.id ?? `transactions[${i}]`
    const why = lineBreak(l, previous, limits)
    if (l.local !== null && (previous === null || l.local > previous)) previous = l.local
    if (limits.storedIds && l.id) limits.storedIds.add(l.id)
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
