/** Retry settings; defaults follow Codat's published policy (500 ms first wait, 60 s cap, exponent 1.5). */
export interface RetryPolicy {
  /** Total attempts including the first one (1 = never retry). */
  maxAttempts: number
  initialDelayMs: number
  maxDelayMs: number
  exponent: number
  /**
   * The longest `Retry-After` the client will sit out inside one call. A longer one (for example the
   * daily quota, which resets at midnight UTC) ends the call at once with a `CodatApiError` whose
   * `retryAfterMs` says when to come back, so the caller can reschedule instead of blocking.
   */
  maxRetryAfterMs: number
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 60_000,
  exponent: 1.5,
  maxRetryAfterMs: 60_000,
}

/**
 * Wait before retry number `retry` (1 = the wait after the first failed attempt): exponential
 * `initialDelayMs · exponent^(retry-1)` capped at `maxDelayMs`, with "equal jitter": the wait is drawn
 * uniformly from [base/2, base] using `random()` ∈ [0, 1), so clients that failed together spread out.
 *
 * @example
 * backoffDelayMs(defaultRetryPolicy, 1, () => 0) // 250
 * backoffDelayMs(defaultRetryPolicy, 2, () => 1) // 750
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.exponent ** (retry - 1))
  return Math.round(base / 2 + (base / 2) * random())
}

/**
 * Reads a `Retry-After` header: integer (or decimal) seconds, or an HTTP date (waits until then,
 * never negative). Returns undefined for a missing or unreadable header.
 *
 * @example
 * parseRetryAfterMs('3', 0) // 3000
 * parseRetryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')) // 5000
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  // An HTTP date always names a month; without this check Date.parse('-5') reads the year -5.
  const at = /[A-Za-z]/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMs)
}
