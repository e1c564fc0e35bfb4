import { afterEach, describe, expect, it } from 'vitest'
import { buildSimulatorServer } from '../server.js'
import { createSimulator } from '../simulator.js'
import { basic, Harness, KEY, START } from '../testing/harness.js'

describe('fault injection', () => {
  it('a schedule { after: 1, count: 1, status: 429 } fails the 2nd call with 429 + Retry-After, then accepts', async () => {
    const h = new Harness()
    const f = await h.call('POST', '/_sim/faults', {
      route: 'list-companies',
      after: 1,
      count: 1,
      status: 429,
      retryAfterSeconds: 7,
    })
    expect(f.status).toBe(200)
    const statuses = []
    for (let i = 0; i < 4; i++) {
      const r = await h.call('GET', '/companies')
      statuses.push(r.status)
      if (r.status === 429) {
        expect(r.headers['retry-after']).toBe('7')
        expect(r.body.statusCode).toBe(429)
      }
    }
    expect(statuses).toEqual([200, 429, 200, 200])
    expect((await h.call('GET', '/companies/x')).status).toBe(404)
  })

  it('500 and 503 on a route (or every route with "*") carry the standard body', async () => {
    const h = new Harness()
    await h.call('POST', '/_sim/faults', { route: '*', status: 503, count: 1 })
    const r = await h.call('POST', '/companies', { name: 'A' })
    expect(r.status).toBe(503)
    expect(r.body.error).toBe('The Codat API is temporarily offline for maintenance. Please try again later.')
    await h.call('POST', '/_sim/faults', { route: 'create-company', status: 500 })
    expect((await h.call('POST', '/companies', { name: 'A' })).status).toBe(500)
    expect((await h.call('GET', '/companies')).body.totalResults).toBe(0)
    expect((await h.call('DELETE', '/_sim/faults')).body).toEqual({ cleared: 2 })
    expect((await h.call('POST', '/companies', { name: 'A' })).status).toBe(200)
  })

  it('bad fault definitions are refused', async () => {
    const h = new Harness()
    expect((await h.call('POST', '/_sim/faults', { route: 'no-such-op', status: 500 })).status).toBe(400)
    expect((await h.call('POST', '/_sim/faults', { route: '*' })).status).toBe(400)
    expect((await h.call('POST', '/_sim/faults', { route: '*', status: 700 })).status).toBe(400)
  })

  it('seeded probabilities: the same seed fails the same calls', async () => {
    const pattern = async () => {
      const h = new Harness({ seed: 7 })
      await h.call('POST', '/_sim/faults', { route: 'list-companies', status: 500, probability: 0.5 })
      const out = []
      for (let i = 0; i < 30; i++) out.push((await h.call('GET', '/companies')).status)
      return out
    }
    const a = await pattern()
    expect(await pattern()).toEqual(a)
    expect(a).toContain(500)
    expect(a).toContain(200)
  })

  describe('dropped connections (real socket)', () => {
    let close: (() => Promise<void>) | undefined
    afterEach(async () => {
      await close?.()
    })

    it('drop destroys the socket before processing; drop "after" processes and then loses the response', async () => {
      const sim = createSimulator({ apiKeys: [KEY], seed: 1, now: START, clock: 'frozen' })
      const app = buildSimulatorServer(sim)
      await app.listen({ port: 0, host: '127.0.0.1' })
      close = () => app.close()
      const address = app.server.address()
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
      const headers = { authorization: basic(KEY), 'content-type': 'application/json' }
      const post = (key?: string) =>
        fetch(`${base}/companies`, {
          method: 'POST',
          headers: key ? { ...headers, 'idempotency-key': key } : headers,
          body: JSON.stringify({ name: 'A' }),
        })
      await fetch(`${base}/_sim/faults`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ route: 'create-company', drop: true, count: 1 }),
      })
      await expect(post()).rejects.toThrow()
      const list = async () =>
        (await (await fetch(`${base}/companies`, { headers })).json()) as { totalResults: number }
      expect((await list()).totalResults).toBe(0)
      await fetch(`${base}/_sim/faults`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ route: 'create-company', drop: 'after', count: 1 }),
      })
      await expect(post('lost-response')).rejects.toThrow()
      expect((await list()).totalResults).toBe(1)
      const retry = await post('lost-response')
      expect(retry.status).toBe(200)
      expect(retry.headers.get('idempotent-replayed')).toBe('true')
      expect((await list()).totalResults).toBe(1)
    })
  })
})
