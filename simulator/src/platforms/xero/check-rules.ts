import { companyZone } from '../../codat/company-zone.js'
import type { Ctx, RuleOutcome } from '../../codat/context.js'
import type { ConnectionRec, ParsedLine, SourceAccountRec, ValidationItem } from '../../codat/state.js'
import { localDate } from '../../kernel/dates.js'
import {
  duplicateStatement,
  endBalance,
  type JudgedLine,
  oneYearBefore,
  signWarning,
  XERO_LINE_RULES,
  type XeroLimits,
} from './rules.js'
import { targetOf, XERO_VALIDATOR, type XeroBankAccountRec } from './world.js'

/** Why no line of the request can be written (X2, X16, X32, X34, X35), or null. */
function requestBreak(
  ctx: Ctx,
  conn: ConnectionRec,
  a: SourceAccountRec,
  target: XeroBankAccountRec | undefined,
): string | null {
  if (!ctx.opts.xeroBankFeedsApproved) return 'X2: The organization does not support automated bank feeds.'
  if (conn.status !== 'Linked') return `X16: the connection is ${conn.status}, not Linked.`
  if (a.status === 'disconnected') return 'X32: Source account is not connected.'
  if (a.status !== 'connected' || !target) return `X16: the source account is ${a.status}, not connected.`
  if (target.feedRemovedAt !== null) {
    return 'X34: the bank feed has been removed from the account in Xero (invalid-feed-connection).'
  }
  return null
}

/** Line ids Xero holds on the target (DELIVERED statements). */
export function deliveredIds(target: XeroBankAccountRec | undefined): Set<string> {
  const ids = new Set<string>()
  for (const s of target?.statements ?? []) {
    if (s.state === 'DELIVERED') for (const l of s.lines) ids.add(l.id)
  }
  return ids
}

/**
 * Xero's rules for one create-bank-transactions request on a `gbol` connection (PLATFORMS.md §2.3), judged at
 * `ctx.now`: one error per offending line (itemId = line id, message prefixed with its rule number), all or
 * nothing; sign warnings (X26). No "older than the newest" rule (X19) and no feed-start-date check (X23).
 */
export function checkXeroRules(
  ctx: Ctx,
  conn: ConnectionRec,
  a: SourceAccountRec,
  parsed: ParsedLine[],
): RuleOutcome {
  const item = (itemId: string | null, message: string): ValidationItem => ({
    itemId,
    message,
    validatorName: XERO_VALIDATOR,
  })
  const target = targetOf(ctx, conn, a)
  const whole = requestBreak(ctx, conn, a, target)
  const lines = parsed as JudgedLine[]
  if (whole) {
    if (lines.length === 0) return { errors: [item(a.id, whole)], warnings: [] }
    return { errors: lines.map((l, i) => item(l.id ?? `transactions[${i}]`, whole)), warnings: [] }
  }
  const today = localDate(ctx.now, companyZone(ctx, conn.companyId))
  const limits: XeroLimits = {
    today,
    oldest: oneYearBefore(today),
    delivered: deliveredIds(target),
    duplicates: ctx.opts.xeroDuplicates,
    balanceCheck: ctx.opts.balanceCheck,
  }
  const errors: ValidationItem[] = []
  const warnings: ValidationItem[] = []
  const duplicate = duplicateStatement(lines, limits)
  if (duplicate) return { errors: lines.map((l) => item(l.id, duplicate)), warnings }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as JudgedLine
    const prev = i === 0 ? null : (lines[i - 1] as JudgedLine)
    let why: string | null = null
    for (const r of XERO_LINE_RULES) {
      why = r.check(l, prev, limits)
      if (why) break
    }
    if (why) errors.push(item(l.id, why))
    else {
      const warning = signWarning(l)
      if (warning) warnings.push(item(l.id, warning))
    }
  }
  const end = endBalance(lines, limits)
  if (end) errors.push(item((lines[lines.length - 1] as JudgedLine).id, end))
  return { errors, warnings }
}
