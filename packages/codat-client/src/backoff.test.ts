import { describe, expect, it } from 'vitest'
import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs } from './backoff.js'

describe('backoffDelayMs', () => {
  it('follows Codat defaults: 500 ms first, ×1.5 each time, capped at 60 s, jitter within [base/2, base]', () => {
    const top = (retry: number) => backoffDelayMs(defaultRetryPolicy, retry, () => 1)
    const bottom = (retry: number) => backoffDelayMs(defaultRetryPolicy, retry, () => 0)
    expect([1, 2, 3].map(top)).toEqual([500, 750, 1125])
    expect([1, 2, 3].map(bottom)).toEqual([250, 375, 563])
    expect(top(30)).toBe(60_000)
    expect(bottom(30)).toBe(30_000)
  })
})

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-25T13:00:00Z')

  it('reads integer and decimal seconds', () => {
    expect(parseRetryAfterMs('0', now)).toBe(0)
    expect(parseRetryAfterMs(' 120 ', now)).toBe(120_000)
    expect(parseRetryAfterMs('1.5', now)).toBe(1500)
  })

  it('reads an HTTP date as the time left until then, never negative', () => {
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 13:01:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 12:00:00 GMT', now)).toBe(0)
  })

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined()
    expect(parseRetryAfterMs('soon', now)).toBeUndefined()
    expect(parseRetryAfterMs('-5', now)).toBeUndefined()
  })
})
