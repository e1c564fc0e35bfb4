import { describe, expect, it } from 'vitest'
import { Harness } from '../testing/harness.js'

describe('rate limits', () => {
  it('every response carries X-Rate-Limit-Limit/Remaining/Reset; the default quota is 1000 x (1 + linked companies)', async () => {
    const h = new Harness()
    const first = await h.call('GET', '/companies')
    expect(first.headers['x-rate-limit-limit']).toBe('1000')
    expect(first.headers['x-rate-limit-remaining']).toBe('999')
    expect(first.headers['x-rate-limit-reset']).toBe('2026-03-11T00:00:00Z')
    await h.setup()
    const after = await h.call('GET', '/companies')
    expect(after.headers['x-rate-limit-limit']).toBe('2000')
    const unauth = await h.app.inject({ method: 'GET', url: '/companies' })
    expect(unauth.headers['x-rate-limit-limit']).toBeDefined()
  })

  it('over the daily quota: 429 with integer-seconds Retry-After until 00:00 UTC, then requests pass again', async () => {
    const h = new Harness({ rateLimit: { dailyQuota: 3 } })
    for (const remaining of ['2', '1', '0']) {
      expect((await h.call('GET', '/companies')).headers['x-rate-limit-remaining']).toBe(remaining)
    }
    const limited = await h.call('GET', '/companies')
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('43200')
    expect(limited.body).toMatchObject({
      statusCode: 429,
      error: 'You have made too many requests in a given amount of time; please retry later.',
    })
    await h.advance('PT12H')
    expect((await h.call('GET', '/companies')).status).toBe(200)
  })

  it('over the per-minute limit: 429 until the next minute', async () => {
    const h = new Harness({ rateLimit: { perMinute: 2 } })
    await h.call('GET', '/companies')
    await h.advance('PT15S')
    await h.call('GET', '/companies')
    const limited = await h.call('GET', '/companies')
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('45')
    await h.advance('PT45S')
    expect((await h.call('GET', '/companies')).status).toBe(200)
  })
})
