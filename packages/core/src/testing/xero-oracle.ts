/**
 * The test oracle for Xero: an independent, deliberately plain restatement of what Xero takes in
 * one push through Codat (PLATFORMS.md §2.3, X16-X27) and of the engine's own rules for it, used by
 * the property tests to judge the planner's batches. It shares no code with the planner or with
 * `destinations/xero.ts` (which it judges), so that a misreading of a rule in either makes a
 * property fail.
 */

/** Codat's `transactionType` values (Xero and Sage take any of them, X24, S19). */
export const CODAT_TYPES = new Set([
  'Unknown',
  'Credit',
  'Debit',
  'Int',
  'Div',
  'Fee',
  'SerChg',
  'Dep',
  'Atm',
  'Pos',
  'Xfer',
  'Check',
  'Payment',
  'Cash',
  'DirectDep',
  'DirectDebit',
  'RepeatPmt',
  'Other',
])

/** One line as it would be sent to Codat. */
export interface XeroLine {
  transactionId: string
  /** Date or local date-time. */
  date: string
  /** Exact decimal strings. */
  amount: string
  balance: string
  transactionType: string | undefined
  accountId: string
  /** The bank cleared it (the engine sends nothing else: a line Xero holds cannot be taken back). */
  cleared: boolean
}

/** What Xero knows when the push arrives. */
export interface XeroPushContext {
  today: string
  /** Source account `connected` and connection `Linked` (X16). */
  connected: boolean
  maxLines: number
  /** The account balance the previous push left (the balance before this push's first line). */
  balanceBefore: string
}

/** Cents (or minor units at two places) of a decimal string, without the core's parser. */
export function cents(text: string): bigint {
  const negative = text.startsWith('-')
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.')
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2))
  return negative ? -value : value
}

/** The first day Xero takes today: the same date a year earlier (X21), by the JS calendar. */
export function xeroFirstDay(today: string): string {
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  return d.toISOString().slice(0, 10)
}

/** Every rule the push breaks, as readable strings (empty when Xero would take it). */
export function xeroViolations(lines: XeroLine[], ctx: XeroPushContext): string[] {
  const out: string[] = []
  if (lines.length === 0) out.push('empty push')
  if (lines.length > ctx.maxLines) out.push(`X22: ${lines.length} lines > ${ctx.maxLines}`)
  if (!ctx.connected) out.push('X16: source account not connected')
  if (new Set(lines.map((l) => l.accountId)).size > 1) out.push('X17: more than one account')
  const first = xeroFirstDay(ctx.today)
  let previous: string | undefined
  let balance = cents(ctx.balanceBefore)
  for (const l of lines) {
    const day = l.date.slice(0, 10)
    if (previous !== undefined && day < previous) out.push(`X18: ${l.transactionId} ${day} after ${previous}`)
    previous = day
    if (day > ctx.today) out.push(`X20: ${l.transactionId} dated ${day} after today ${ctx.today}`)
    if (day < first) out.push(`X21: ${l.transactionId} dated ${day}, more than a year before ${ctx.today}`)
    if (l.transactionType === undefined || !CODAT_TYPES.has(l.transactionType)) {
      out.push(`X24: ${l.transactionId} transactionType ${String(l.transactionType)}`)
    }
    balance += cents(l.amount)
    if (cents(l.balance) !== balance)
      out.push(`X25: ${l.transactionId} balance ${l.balance}, running ${balance}`)
    if (!l.cleared) out.push(`engine: ${l.transactionId} not cleared`)
  }
  return out
}

/** What the bank told the engine of one transaction, and where it is. */
export interface BankLine {
  date: string
  cleared: boolean
  voided: boolean
  /** Already in Xero, or in a push under way. */
  sentOrSending: boolean
}

/** The engine's situation for the account when it plans. */
export interface XeroPlanContext {
  today: string
  connected: boolean
  /** A push for the account is under way. */
  pushInFlight: boolean
  /** `end_of_day`: a day's lines wait for its end. */
  endOfDay: boolean
}

/**
 * Whether the engine should send this transaction now (liveness: nothing Xero would take is held
 * back). No rule about the newest line Xero holds (X19) nor about the feed start date (X23).
 */
export function xeroTakesNow(t: BankLine, ctx: XeroPlanContext): boolean {
  const day = t.date.slice(0, 10)
  return (
    ctx.connected &&
    !ctx.pushInFlight &&
    !t.sentOrSending &&
    !t.voided &&
    t.cleared &&
    day <= ctx.today &&
    day >= xeroFirstDay(ctx.today) &&
    !(ctx.endOfDay && day === ctx.today)
  )
}
