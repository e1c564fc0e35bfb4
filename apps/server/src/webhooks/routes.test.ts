import { createEventStore, type EventStore } from '@feedsync/store'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Harness, harness } from '../testing/harness.js'
import { WebhookInbox } from './inbox.js'
import { deliver, inboxStreams, msgId, outcomeOf, SECRET, settled, WEBHOOK_ENV } from './webhook-test-kit.js'

let store: EventStore
let h: Harness
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
}, 120_000) // PGlite's first start is slow on a loaded machine
afterAll(async () => store.close())
afterEach(async () => {
  vi.useRealTimers()
  await h?.close()
})

const unknownEvent = JSON.stringify({
  id: '7e2f6a1c-0000-4000-8000-000000000001',
  eventType: 'some.future.event',
  generatedDate: '2026-11-25T09:00:00Z',
  payload: {},
})

async function count(name: string): Promise<number> {
  const text = await h.app.services.metrics.render()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return Number(line?.split(' ')[1] ?? Number.NaN)
}

describe('POST /webhooks/codat', () => {
  it("accepts Codat's own example (W13) at its instant, verified on the raw body", async () => {
    h = await harness({ store, env: WEBHOOK_ENV })
    const before = (await inboxStreams(h)).length
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(1614265330 * 1000)
    const res = await deliver(h, '{"test": 2432232314}', {
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      atSeconds: 1614265330,
      signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    })
    vi.useRealTimers()
    expect(res.statusCode).toBe(204)
    await settled(h)
    expect((await inboxStreams(h)).length).toBe(before + 1)
    // The stored body is the bytes as signed (a re-serialised {"test":2432232314} would not verify).
    const stored = await h.store.readStream(WebhookInbox.streamOf('msg_p5jXN8AQM9LWM0D4loKWxJek'))
    expect(await outcomeOf(h, 'msg_p5jXN8AQM9LWM0D4loKWxJek')).toBe('ignored:no_event_type')
    expect(stored[0]?.data).toMatchObject({
      webhookId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      body: '{"test": 2432232314}',
    })
  })

  it('refuses a bad signature, a wrong secret, missing headers and a stale timestamp with 400 invalid_signature, storing nothing', async () => {
    h = await harness({ store, env: WEBHOOK_ENV })
    const before = (await inboxStreams(h)).length
    const now = Math.floor(Date.now() / 1000)
    const other = `whsec_${Buffer.alloc(24, 7).toString('base64')}`
    const answers = [
      await deliver(h, unknownEvent, { signature: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }),
      await deliver(h, unknownEvent, { secret: other }),
      await deliver(h, unknownEvent, { atSeconds: now - 360 }),
      await deliver(h, unknownEvent, { atSeconds: now + 360 }),
      await h.app.inject({
        method: 'POST',
        url: '/webhooks/codat',
        payload: unknownEvent,
        headers: { 'content-type': 'application/json' },
      }),
    ]
    // A body changed after signing (re-serialised JSON) does not verify either.
    const id = msgId()
    const sig = new Webhook(SECRET).sign(id, new Date(now * 1000), '{"a": 1}')
    answers.push(await deliver(h, '{"a":1}', { id, atSeconds: now, signature: sig }))
    expect(answers.map((r) => r.statusCode)).toEqual(answers.map(() => 400))
    for (const res of answers) {
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(res.json().code).toBe('invalid_signature')
    }
    expect((await inboxStreams(h)).length).toBe(before)
    expect(await count('feedsync_webhooks_refused_total')).toBe(answers.length)
    expect(h.logs.join('\n')).not.toContain(SECRET.slice(6))
  })

  it('a webhook-id seen before answers 204 with no effect; an unknown event type is stored and ignored', async () => {
    h = await harness({ store, env: WEBHOOK_ENV })
    const before = (await inboxStreams(h)).length
    const id = msgId()
    expect((await deliver(h, unknownEvent, { id })).statusCode).toBe(204)
    expect((await deliver(h, unknownEvent, { id })).statusCode).toBe(204)
    await settled(h)
    expect((await inboxStreams(h)).length).toBe(before + 1)
    expect(await outcomeOf(h, id)).toBe('ignored:unknown_event_type')
    expect(await count('feedsync_webhooks_received_total')).toBe(1)
    expect(await count('feedsync_webhooks_duplicate_total')).toBe(1)
  })

  it('keeps the dedupe across a restart (the inbox is in the store)', async () => {
    h = await harness({ store, env: WEBHOOK_ENV })
    const id = msgId()
    expect((await deliver(h, unknownEvent, { id })).statusCode).toBe(204)
    await settled(h)
    const streams = (await inboxStreams(h)).length
    await h.close()
    h = await harness({ store, env: WEBHOOK_ENV })
    expect((await deliver(h, unknownEvent, { id })).statusCode).toBe(204)
    await settled(h)
    expect((await inboxStreams(h)).length).toBe(streams)
    expect(await count('feedsync_webhooks_duplicate_total')).toBe(1)
    expect(await count('feedsync_webhooks_received_total')).toBe(0)
  })

  it('a signed body that is not JSON is a 400 malformed_json, nothing stored', async () => {
    h = await harness({ store, env: WEBHOOK_ENV })
    const before = (await inboxStreams(h)).length
    const res = await deliver(h, 'not json')
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('malformed_json')
    expect((await inboxStreams(h)).length).toBe(before)
  })

  it('without CODAT_WEBHOOK_SECRET there is no route (404 route_not_found)', async () => {
    h = await harness({ store })
    const res = await deliver(h, unknownEvent)
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('route_not_found')
  })

  it('is documented at /docs (OpenAPI), without bearer security', async () => {
    h = await harness({ store, env: WEBHOOK_ENV })
    const doc = (await h.app.inject({ url: '/openapi.json' })).json()
    const op = doc.paths['/webhooks/codat']?.post
    expect(op?.tags).toEqual(['webhooks'])
    expect(op?.security).toEqual([])
    expect(Object.keys(op?.responses ?? {})).toContain('204')
  })
})
