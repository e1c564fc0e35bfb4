import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RETRY_DELAYS_MS } from '../notify/deliveries.js'
import { type Receiver, startReceiver } from '../notify/test-receiver.js'
import { tenantOf } from '../streams.js'
import { auth, type Harness, harness, KEY_A, KEY_B } from '../testing/harness.js'

let h: Harness
let receiver: Receiver

beforeAll(async () => {
  // Webhook.verify checks the timestamp against the real time: the clock starts there.
  h = await harness({ now: new Date().toISOString(), env: { LOG_LEVEL: 'info' } })
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
  await h.close()
})

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, key?: string) =>
  h.app.inject({
    method,
    url,
    headers: key === undefined ? auth() : { authorization: `Bearer ${key}` },
    ...(payload === undefined ? {} : { payload: payload as string }),
  })
const create = async (events = ['webhook.test']) => {
  const res = await call('POST', '/v1/webhooks', { url: receiver.url, events })
  expect(res.statusCode).toBe(201)
  return res.json() as { id: string; secret: string }
}

describe('the /v1/webhooks API', () => {
  it('answers the secret once: not in GET, not in the list, not in the logs', async () => {
    const { id, secret } = await create()
    expect(secret).toMatch(/^whsec_/)
    const one = await call('GET', `/v1/webhooks/${id}`)
    expect(one.statusCode).toBe(200)
    expect(one.body).not.toContain(secret)
    expect(one.json()).not.toHaveProperty('secret')
    expect((await call('GET', '/v1/webhooks')).body).not.toContain(secret)
    expect(h.logs.length).toBeGreaterThan(0)
    expect(h.logs.join('\n')).not.toContain(secret.slice(6))
  })

  it('refuses bad input with problem+json and stores nothing', async () => {
    const before = (await call('GET', '/v1/webhooks')).json().results.length
    for (const body of [
      { url: 'ftp://x.example/hook', events: ['webhook.test'] },
      { url: '/relative', events: ['webhook.test'] },
      { url: receiver.url, events: ['no.such.event'] },
      { url: receiver.url },
    ]) {
      const res = await call('POST', '/v1/webhooks', body)
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400)
      expect(res.statusCode).toBeLessThan(500)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(typeof res.json().code).toBe('string')
    }
    expect((await call('GET', '/v1/webhooks')).json().results.length).toBe(before)
  })

  it("answers 404 for another tenant's endpoint and lists only the tenant's own", async () => {
    const { id } = await create()
    for (const [method, url] of [
      ['GET', `/v1/webhooks/${id}`],
      ['POST', `/v1/webhooks/${id}/test`],
      ['GET', `/v1/webhooks/${id}/deliveries`],
      ['DELETE', `/v1/webhooks/${id}`],
    ] as const) {
      const res = await call(method, url, undefined, KEY_B)
      expect(res.statusCode, `${method} ${url}`).toBe(404)
    }
    expect((await call('GET', '/v1/webhooks', undefined, KEY_B)).json().results).toEqual([])
    expect((await call('GET', `/v1/webhooks/${id}`)).statusCode).toBe(200)
  })

  it('sends a test event the receiver can verify; a dead letter redelivered keeps its webhook-id', async () => {
    const { id, secret } = await create()
    const sent = await call('POST', `/v1/webhooks/${id}/test`)
    expect(sent.statusCode).toBe(202)
    receiver.received.length = 0
    receiver.status = 500
    const outbox = h.app.services.outbox
    await outbox.tick()
    expect(receiver.received).toHaveLength(1)
    const first = receiver.received[0]
    expect(
      new Webhook(secret).verify(first?.body ?? '', first?.headers as Record<string, string>),
    ).toMatchObject({
      type: 'webhook.test',
    })
    for (const delay of RETRY_DELAYS_MS) {
      h.clock.advance(delay)
      await outbox.tick()
    }
    const dead = (await call('GET', `/v1/webhooks/${id}/deliveries?status=dead`)).json().results
    expect(dead).toHaveLength(1)
    expect((await call('GET', `/v1/webhooks/${id}/deliveries?status=bogus`)).statusCode).toBe(400)
    receiver.status = 204
    const count = receiver.received.length
    const again = await call('POST', `/v1/webhooks/${id}/deliveries/${dead[0].id}/redeliver`)
    expect(again.statusCode).toBe(202)
    await outbox.tick()
    expect(receiver.received).toHaveLength(count + 1)
    expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(first?.headers['webhook-id'])
    const done = (await call('GET', `/v1/webhooks/${id}/deliveries?status=delivered`)).json().results
    expect(done.map((d: { webhookId: string }) => d.webhookId)).toEqual([first?.headers['webhook-id']])
  })

  it('lists deliveries a page at a time: every one once, then next is null; a status filter pages too', async () => {
    const { id } = await create()
    receiver.status = 204
    for (let i = 0; i < 5; i++) expect((await call('POST', `/v1/webhooks/${id}/test`)).statusCode).toBe(202)
    await h.app.services.outbox.tick()
    const page = async (query: string) => {
      const res = await call('GET', `/v1/webhooks/${id}/deliveries?${query}`)
      expect(res.statusCode).toBe(200)
      return res.json() as { results: { id: string; status: string }[]; next: string | null }
    }
    const seen: string[] = []
    let next: string | null = null
    let pages = 0
    do {
      const p = await page(`limit=2${next === null ? '' : `&after=${encodeURIComponent(next)}`}`)
      expect(p.results.length).toBeLessThanOrEqual(2)
      seen.push(...p.results.map((d) => d.id))
      next = p.next
      pages++
    } while (next !== null && pages < 10)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    expect(pages).toBe(3)
    expect((await page('limit=500')).results.map((d) => d.id)).toEqual(seen)
    const delivered = await page('status=delivered&limit=4')
    expect(delivered.results).toHaveLength(4)
    expect(delivered.next).not.toBeNull()
    expect((await page('status=dead')).results).toEqual([])
    // The test requests are not in the tenant's endpoint stream (read at every outbox round).
    const endpointEvents = await h.store.readStream(`webhooks:${tenantOf(KEY_A)}`)
    expect(endpointEvents.map((e) => e.type)).not.toContain('WebhookTestRequested')
    for (const bad of ['limit=0', 'limit=501', 'limit=x', 'after='])
      expect((await call('GET', `/v1/webhooks/${id}/deliveries?${bad}`)).statusCode, bad).toBe(400)
  })
})
