import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './backoff.js'

const policy = fc.record<RetryPolicy>({
  maxAttempts: fc.integer({ min: 1, max: 20 }),
  initialDelayMs: fc.integer({ min: 0, max: 10_000 }),
  maxDelayMs: fc.integer({ min: 0, max: 120_000 }),
  exponent: fc.double({ min: 1, max: 3, noNaN: true }),
  maxRetryAfterMs: fc.integer({ min: 0, max: 120_000 }),
})
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

describe('backoff properties', () => {
  it('every wait lies within [base/2, base] of the capped exponential base', () => {
    fc.assert(
      fc.property(policy, fc.integer({ min: 1, max: 60 }), unit, (p, retry, r) => {
        const base = Math.min(p.maxDelayMs, p.initialDelayMs * p.exponent ** (retry - 1))
        const delay = backoffDelayMs(p, retry, () => r)
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base / 2))
        expect(delay).toBeLessThanOrEqual(Math.ceil(base))
        expect(delay).toBeLessThanOrEqual(p.maxDelayMs)
      }),
      { numRuns: 500 },
    )
  })

  it('with the same jitter draw, a later retry never waits less', () => {
    fc.assert(
      fc.property(policy, fc.integer({ min: 1, max: 59 }), unit, (p, retry, r) => {
        expect(backoffDelayMs(p, retry + 1, () => r)).toBeGreaterThanOrEqual(
          backoffDelayMs(p, retry, () => r),
        )
      }),
      { numRuns: 500 },
    )
  })

  it('an integer Retry-After of n seconds is n × 1000 ms whatever the clock says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 2 ** 42 }), (n, now) => {
        expect(parseRetryAfterMs(String(n), now)).toBe(n * 1000)
      }),
      { numRuns: 300 },
    )
  })
})
