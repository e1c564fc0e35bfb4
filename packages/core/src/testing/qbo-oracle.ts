/**
 * The test oracle for QBO: an independent, deliberately plain restatement of QBO's rules for one
 * push (BEHAVIOUR.md §8.1), used by the property tests to judge the planner's batches. It shares no
 * code with the planner or with `destinations/qbo.ts` (which it judges), so that a misreading of a
 * rule in either makes a property fail.
 */
export interface PushContext {
  today: string
  feedStartDate: string | undefined
  linked: boolean
  historicDays: number
  maxBatchSize: number
  /** Newest date among lines already accepted for this account, if any. */
  newestOnDestination: string | undefined
}

/** What the oracle needs to know of one line. */
export interface LineFacts {
  transactionId: string
  date: string
  cleared: boolean
  accountId: string
}

function shiftDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Every rule the batch breaks, as readable strings (empty when it obeys them all). */
export function qboViolations(lines: LineFacts[], ctx: PushContext): string[] {
  const out: string[] = []
  if (lines.length === 0) out.push('empty batch')
  if (lines.length > ctx.maxBatchSize) out.push(`Q8: ${lines.length} lines > ${ctx.maxBatchSize}`)
  if (!ctx.linked) out.push('Q1: feed not linked')
  if (new Set(lines.map((l) => l.accountId)).size > 1) out.push('Q2: more than one account')
  const windowStart = shiftDays(ctx.today, -ctx.historicDays)
  let previous: string | undefined
  for (const l of lines) {
    const day = l.date.slice(0, 10)
    if (previous !== undefined && day < previous) out.push(`Q3: ${l.transactionId} ${day} after ${previous}`)
    previous = day
    if (day > ctx.today) out.push(`Q5: ${l.transactionId} future-dated ${day} > ${ctx.today}`)
    if (!l.cleared) out.push(`Q6: ${l.transactionId} not cleared`)
    if (ctx.newestOnDestination !== undefined && day < ctx.newestOnDestination) {
      out.push(`Q4: ${l.transactionId} ${day} older than ${ctx.newestOnDestination}`)
    }
    if (day < windowStart) out.push(`Q7: ${l.transactionId} ${day} before window ${windowStart}`)
    if (ctx.feedStartDate !== undefined && day < ctx.feedStartDate) {
      out.push(`Q7: ${l.transactionId} ${day} before feed start ${ctx.feedStartDate}`)
    }
  }
  return out
}
