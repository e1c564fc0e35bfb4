/**
 * The test oracle for Sage: an independent, deliberately plain restatement of what Sage Bank Feeds
 * takes in one push through Codat (PLATFORMS.md §3.2, S12-S25), used by the property tests to judge
 * the planner's plans. It shares no code with the planner or with `destinations/sage.ts` (which it
 * judges), so that a misreading of a rule in either makes a property fail.
 */
import { CODAT_TYPES, cents } from './xero-oracle.js'

/** One line as it would be sent to Codat. */
export interface SageLine {
  transactionId: string
  date: string
  amount: string
  balance: string
  transactionType: string | undefined
  accountId: string
  cleared: boolean
}

/** What Sage knows when the push arrives. */
export interface SagePushContext {
  today: string
  connected: boolean
  /** The day the customer connected the account (the date of `feedStartDate`, S7). */
  connectDay: string
  /** The newest date of the lines Sage already holds for the account. */
  newestHeld: string | undefined
  /** A statement for this account is still being processed by Sage's Banking Service (S23). */
  statementInProcess: boolean
  maxLines: number
  balanceBefore: string
}

/** Every rule one push breaks (empty when Sage would take it). */
export function sageViolations(lines: SageLine[], ctx: SagePushContext): string[] {
  const out: string[] = []
  if (lines.length === 0) out.push('empty push')
  if (ctx.statementInProcess) out.push('S23: a statement for this account is already being processed')
  if (lines.length > ctx.maxLines) out.push(`S18: ${lines.length} lines > ${ctx.maxLines}`)
  if (!ctx.connected) out.push('S12: source account not connected')
  if (new Set(lines.map((l) => l.accountId)).size > 1) out.push('S13: more than one account')
  let previous: string | undefined
  let balance = cents(ctx.balanceBefore)
  for (const l of lines) {
    const day = l.date.slice(0, 10)
    if (previous !== undefined && day < previous) out.push(`S14: ${l.transactionId} ${day} after ${previous}`)
    previous = day
    if (ctx.newestHeld !== undefined && day < ctx.newestHeld) {
      out.push(`S15: ${l.transactionId} ${day} older than ${ctx.newestHeld}, held by Sage`)
    }
    if (day > ctx.today) out.push(`S16: ${l.transactionId} dated ${day} after today ${ctx.today}`)
    if (day < ctx.connectDay)
      out.push(`S17: ${l.transactionId} dated ${day} before connect day ${ctx.connectDay}`)
    if (l.transactionType === undefined || !CODAT_TYPES.has(l.transactionType)) {
      out.push(`S19: ${l.transactionId} transactionType ${String(l.transactionType)}`)
    }
    balance += cents(l.amount)
    if (cents(l.balance) !== balance)
      out.push(`S20: ${l.transactionId} balance ${l.balance}, running ${balance}`)
    if (!l.cleared) out.push(`S25: ${l.transactionId} not cleared`)
  }
  return out
}

/** One transaction as the bank told it, and where it is. */
export interface BankLine {
  date: string
  cleared: boolean
  voided: boolean
  sentOrSending: boolean
}

/** The engine's situation for the account when it plans. */
export interface SagePlanContext {
  today: string
  connected: boolean
  connectDay: string
  newestHeld: string | undefined
  pushInFlight: boolean
  endOfDay: boolean
}

/** Whether the engine should send this transaction in its next statement, or the one after. */
export function sageTakes(t: BankLine, ctx: SagePlanContext): boolean {
  const day = t.date.slice(0, 10)
  return (
    ctx.connected &&
    !ctx.pushInFlight &&
    !t.sentOrSending &&
    !t.voided &&
    t.cleared &&
    day <= ctx.today &&
    day >= ctx.connectDay &&
    (ctx.newestHeld === undefined || day >= ctx.newestHeld) &&
    !(ctx.endOfDay && day === ctx.today)
  )
}

/** A plan may hold one statement at most, and none while one is in process (S23). */
export function sagePlanViolations(statements: number, ctx: { statementInProcess: boolean }): string[] {
  const out: string[] = []
  if (statements > 1) out.push(`S23: ${statements} statements in one plan`)
  if (statements > 0 && ctx.statementInProcess) out.push('S23: a statement planned while one is in process')
  return out
}
