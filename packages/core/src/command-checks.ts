import type { Command } from './commands.js'
import { isInstant, isTimeZone } from './dates.js'
import type { PlanLimits } from './destinations/destination.js'
import { type FeedError, feedError } from './errors.js'

/** The most days a historic window may span (a century; Xero's is 365, QBO's 7). */
export const MAX_HISTORIC_DAYS = 36_600

/**
 * Why a command's instant (`now` for `PlanBatch` and `RecordQuarantines`, `at` for the others) is
 * unusable, if it is.
 */
export function instantProblem(command: Command): FeedError | undefined {
  const [field, value]: [string, unknown] =
    command.type === 'PlanBatch' || command.type === 'RecordQuarantines'
      ? ['now', command.now]
      : ['at', (command as { at?: unknown }).at]
  return atProblem(value, field)
}

/** Why an instant is unusable, if it is: `invalid_instant`. */
export function atProblem(value: unknown, field = 'at'): FeedError | undefined {
  if (isInstant(value)) return undefined
  return feedError(
    'invalid_instant',
    `${field} must be an ISO instant such as 2026-11-20T09:00:00Z, got "${String(value)}".`,
  )
}

/**
 * Why `PlanBatch` limits are unusable, if they are: `invalid_time_zone` for a zone the runtime does
 * not know, `invalid_limits` for a batch size below 1, a window outside 0…`MAX_HISTORIC_DAYS` days or
 * an unknown policy. Limits left out take the destination's defaults.
 */
export function limitsProblem(limits: Partial<PlanLimits> | undefined): FeedError | undefined {
  if (limits === undefined) return undefined
  const { maxBatchSize, historicDays, policy, timeZone } = limits
  if (timeZone !== undefined && !(typeof timeZone === 'string' && isTimeZone(timeZone))) {
    return feedError(
      'invalid_time_zone',
      `limits.timeZone must be an IANA zone such as America/New_York, got "${String(timeZone)}".`,
    )
  }
  if (maxBatchSize !== undefined && !(typeof maxBatchSize === 'number' && maxBatchSize >= 1)) {
    return feedError(
      'invalid_limits',
      `limits.maxBatchSize must be a number of at least 1, got ${String(maxBatchSize)}.`,
    )
  }
  if (
    historicDays !== undefined &&
    !(typeof historicDays === 'number' && historicDays >= 0 && historicDays <= MAX_HISTORIC_DAYS)
  ) {
    return feedError(
      'invalid_limits',
      `limits.historicDays must be a number of days from 0 to ${MAX_HISTORIC_DAYS}, got ${String(historicDays)}.`,
    )
  }
  if (policy !== undefined && policy !== 'end_of_day' && policy !== 'immediate') {
    return feedError(
      'invalid_limits',
      `limits.policy must be "end_of_day" or "immediate", got "${String(policy)}".`,
    )
  }
  return undefined
}
