import { companyZone } from '../../codat/company-zone.js'
import type { Ctx, RuleOutcome } from '../../codat/context.js'
import type { ConnectionRec, ParsedLine, SourceAccountRec, ValidationItem } from '../../codat/state.js'
import { localDate } from '../../kernel/dates.js'
import { endBalanceBreak, type JudgedLine, SAGE_LINE_RULES, type SageLimits, signWarning } from './rules.js'
import { feedOf, SAGE_VALIDATOR } from './world.js'

/** S12: why the whole request cannot be written (connection not Linked, account not connected), or null. */
function requestBreak(conn: ConnectionRec, a: SourceAccountRec): string | null {
  if (conn.status !== 'Linked') return `S12: the connection is ${conn.status}, not Linked.`
  if (a.status !== 'connected') return `S12: the source account is ${a.status}, not connected in Sage.`
  return null
}

function limitsOf(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): SageLimits {
  const bank = feedOf(ctx, conn, a)?.bank
  let newest = a.newestDay
  for (const l of bank?.lines ?? []) if (l.preExisting && (newest === null || l.day > newest)) newest = l.day
  return {
    today: localDate(ctx.now, companyZone(ctx, conn.companyId)),
    newest,
    feedStartDay: ctx.opts.sageEnforceFeedStart ? a.feedStartDate : null,
    seenIds: new Set(a.lines.map((l) => l.id)),
    balanceCheck: ctx.opts.balanceCheck,
    latestLocal: null,
  }
}

/**
 * Sage's rules for one create-bank-transactions request, judged when its statement reaches Sage's Banking
 * Service (PLATFORMS.md §3.2): S12 for the whole request, then one error per offending line (the first
 * rule it breaks, `rules.ts`), S20 `endOnly` on the last line, S21 sign warnings. Required fields (S19) and
 * the one-account and 1000-line limits (S13, S18) are HTTP 400s before this; one statement in flight (S23)
 * is judged when the request arrives (`in-flight.ts`).
 */
export function checkSageRules(
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
    validatorName: SAGE_VALIDATOR,
  })
  const whole = requestBreak(conn, a)
  if (whole) {
    if (lines.length === 0) return { errors: [item(a.id, whole)], warnings }
    return { errors: lines.map((l, i) => item(l.id ?? `transactions[${i}]`, whole)), warnings }
  }
  const x = limitsOf(ctx, conn, a)
  const judged = lines as JudgedLine[]
  let previous: JudgedLine | null = null
  for (const l of judged) {
    const why = SAGE_LINE_RULES.map((r) => r.check(l, previous, x)).find((m) => m !== null) ?? null
    if (x.latestLocal === null || l.local > x.latestLocal) x.latestLocal = l.local
    x.seenIds.add(l.id)
    previous = l
    if (why) errors.push(item(l.id, why))
    else {
      const warning = signWarning(l)
      if (warning) warnings.push(item(l.id, warning))
    }
  }
  if (x.balanceCheck === 'endOnly') {
    const why = endBalanceBreak(judged)
    const last = judged[judged.length - 1]
    if (why && last) errors.push(item(last.id, why))
  }
  return { errors, warnings }
}
