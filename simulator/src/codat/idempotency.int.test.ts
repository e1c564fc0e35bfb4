import { describe, expect, it } from 'vitest'
import { basic, Harness, OTHER_KEY } from '../testing/harness.js'

const key = (k: string) => ({ 'idempotency-key': k })

describe('Idempotency-Key', () => {
  it('a repeat with the same key and body replays the first response and does nothing again', async () => {
    const h = new Harness()
    const a = await h.call('POST', '/companies', { name: 'Once' }, key('k-1'))
    const b = await h.call('POST', '/companies', { name: 'Once' }, key('k-1'))
    expect(b.status).toBe(200)
    expect(b.body).toEqual(a.body)
    expect(b.headers['idempotent-replayed']).toBe('true')
    expect((await h.call('GET', '/companies')).body.totalResults).toBe(1)
  })

  it('the same key with a different body is a 422', async () => {
    const h = new Harness()
    await h.call('POST', '/companies', { name: 'One' }, key('k-2'))
    const res = await h.call('POST', '/companies', { name: 'Two' }, key('k-2'))
    expect(res.status).toBe(422)
    expect(res.body.statusCode).toBe(422)
    expect((await h.call('GET', '/companies')).body.totalResults).toBe(1)
  })

  it('the same key while the first request is still running is a 409', async () => {
    const h = new Harness()
    await h.call('POST', '/_sim/faults', { route: 'create-company', latencyMs: 150 })
    const first = h.call('POST', '/companies', { name: 'Slow' }, key('k-3'))
    const second = h.call('POST', '/companies', { name: 'Slow' }, key('k-3'))
    const [a, b] = await Promise.all([first, second])
    expect(a.status).toBe(200)
    expect(b.status).toBe(409)
    expect(b.body.error).toBe('A request with this Idempotency-Key is still being processed.')
    const again = await h.call('POST', '/companies', { name: 'Slow' }, key('k-3'))
    expect(again.body.id).toBe(a.body.id)
  })

  it('a 429 is never stored: a retry with the same key is a fresh attempt', async () => {
    const h = new Harness()
    await h.call('POST', '/_sim/faults', {
      route: 'create-company',
      count: 1,
      status: 429,
      retryAfterSeconds: 2,
    })
    const limited = await h.call('POST', '/companies', { name: 'Retry' }, key('k-4'))
    expect(limited.status).toBe(429)
    const retry = await h.call('POST', '/companies', { name: 'Retry' }, key('k-4'))
    expect(retry.status).toBe(200)
    expect(retry.headers['idempotent-replayed']).toBeUndefined()
  })

  it('a 400 is stored and replayed', async () => {
    const h = new Harness()
    const s = await h.setup()
    const bad = { accountId: 'other', transactions: [] }
    const first = await h.call('POST', s.pushUrl, bad, key('k-5'))
    const again = await h.call('POST', s.pushUrl, bad, key('k-5'))
    expect(first.status).toBe(400)
    expect(again.status).toBe(400)
    expect(again.body).toEqual(first.body)
  })

  it('a push replayed with its key returns the same operation rather than writing twice', async () => {
    const h = new Harness()
    const s = await h.setup()
    const body = {
      accountId: s.accountId,
      transactions: [{ id: 'a', date: '2026-03-10', description: 'x', amount: 1, balance: 1 }],
    }
    const a = await h.call('POST', s.pushUrl, body, key('push-1'))
    const b = await h.call('POST', s.pushUrl, body, key('push-1'))
    expect(b.body.pushOperationKey).toBe(a.body.pushOperationKey)
    expect((await h.call('GET', `/companies/${s.companyId}/push`)).body.totalResults).toBe(1)
  })

  it('responses are kept for 90 simulated minutes, per tenant', async () => {
    const h = new Harness()
    const a = await h.call('POST', '/companies', { name: 'Kept' }, key('k-6'))
    const other = await h.call(
      'POST',
      '/companies',
      { name: 'Kept' },
      { ...key('k-6'), authorization: basic(OTHER_KEY) },
    )
    expect(other.body.id).not.toBe(a.body.id)
    await h.advance('PT89M')
    expect((await h.call('POST', '/companies', { name: 'Kept' }, key('k-6'))).body.id).toBe(a.body.id)
    await h.advance('PT1M')
    expect((await h.call('POST', '/companies', { name: 'Kept' }, key('k-6'))).body.id).not.toBe(a.body.id)
  })

  it('GET requests ignore the header', async () => {
    const h = new Harness()
    await h.call('GET', '/companies', undefined, key('k-7'))
    expect((await h.call('POST', '/companies', { name: 'A' }, key('k-7'))).status).toBe(200)
  })
})
