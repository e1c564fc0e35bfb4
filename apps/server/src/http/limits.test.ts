import { afterEach, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, KEY_B, onboard } from '../testing/harness.js'

let h: Harness
afterEach(async () => {
  await h.close()
})

describe('limits and metrics', () => {
  it('rate-limits per API key with a 429 problem+json', async () => {
    h = await harness({ env: { FEEDSYNC_RATE_LIMIT_PER_MINUTE: '3' } })
    const codes: number[] = []
    for (let i = 0; i < 4; i++)
      codes.push((await h.app.inject({ url: '/v1/companies/x', headers: auth() })).statusCode)
    expect(codes).toEqual([404, 404, 404, 429])
    const limited = await h.app.inject({ url: '/v1/companies/x', headers: auth() })
    expect(limited.headers['content-type']).toContain('application/problem+json')
    expect(limited.json().code).toBe('rate_limited')
    expect((await h.app.inject({ url: '/v1/companies/x', headers: auth(KEY_B) })).statusCode).toBe(404)
  })

  it('counts failed authentications per client address: past the budget every request of it is 429, even with a valid key', async () => {
    h = await harness({ env: { FEEDSYNC_AUTH_FAILURES_PER_MINUTE: '5' } })
    const from = (remoteAddress: string, key: string) =>
      h.app.inject({ url: '/v1/companies/x', remoteAddress, headers: { authorization: `Bearer ${key}` } })
    const codes: number[] = []
    for (let i = 0; i < 8; i++) codes.push((await from('10.0.0.1', `wrong-key-${i}-0123456789`)).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    const limited = await from('10.0.0.1', KEY_B)
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['content-type']).toContain('application/problem+json')
    expect(limited.headers['retry-after']).toMatch(/^\d+$/)
    expect(limited.json()).toMatchObject({
      code: 'rate_limited',
      detail: expect.stringContaining('failed authentications'),
    })
    const noKey = await h.app.inject({ url: '/v1/companies/x', remoteAddress: '10.0.0.1' })
    expect(noKey.statusCode).toBe(429)
    // another address, and the portal-sessions route behind the same check
    expect((await from('10.0.0.2', KEY_B)).statusCode).toBe(404)
    const portal = await h.app.inject({
      method: 'POST',
      url: '/v1/companies/x/portal-sessions',
      remoteAddress: '10.0.0.1',
      headers: auth(),
    })
    expect(portal.statusCode).toBe(429)
  })

  it('never rate-limits /healthz, /readyz and /metrics, even when their address used its bucket', async () => {
    h = await harness({ env: { FEEDSYNC_RATE_LIMIT_PER_MINUTE: '2' } })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await h.app.inject({ url: '/openapi.json' })).statusCode)
    expect(statuses).toEqual([200, 200, 429])
    for (let i = 0; i < 5; i++)
      for (const url of ['/healthz', '/readyz', '/metrics'])
        expect((await h.app.inject({ url })).statusCode, url).toBe(200)
  })

  it('counts events appended, batches pushed and failures in /metrics', async () => {
    h = await harness()
    const { companyId, connectionId } = await onboard(h)
    await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/accounts/acc-1/transactions`,
      headers: auth(),
      payload: {
        transactions: [{ id: 't1', date: '2026-11-24', description: 'x', amount: '1.00', status: 'cleared' }],
      },
    })
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    h.codat.failBeforePush = 1
    await h.app.services.worker.runOnce()
    await h.app.services.worker.runOnce()
    const text = (await h.app.inject('/metrics')).body
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1])
    expect(value('feedsync_batches_pushed_total')).toBe(1)
    expect(value('feedsync_batches_succeeded_total')).toBe(1)
    expect(value('feedsync_push_failures_total')).toBe(1)
    expect(value('feedsync_events_appended_total')).toBeGreaterThanOrEqual(6)
    expect(value('feedsync_sync_cycles_total')).toBe(2)
    expect(value('feedsync_sync_lag_seconds')).toBeGreaterThanOrEqual(0)
  })
})
