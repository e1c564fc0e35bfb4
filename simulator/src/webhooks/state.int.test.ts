import { describe, expect, it } from 'vitest'
import { Harness } from '../testing/harness.js'
import {
  messages,
  pushOnce,
  type Received,
  receiver,
  subscribe,
  verify,
} from '../testing/webhook-receiver.js'

describe('webhook state in export/import, maxPerSecond', () => {
  it('an exported simulator imported again keeps endpoints, secrets and pending retries (virtual clock)', async () => {
    const h = new Harness()
    const { rx, ep } = await pushOnce(h, [500])
    expect(rx.got).toHaveLength(1)
    const exported = await h.call('GET', '/_sim/state')
    expect(exported.status).toBe(200)

    const h2 = new Harness({ seed: 7 })
    h2.conformance = false
    expect((await h2.call('PUT', '/_sim/state', exported.body)).status).toBe(200)
    expect((await h2.call('GET', `/_sim/webhooks/${ep.id}/secret`)).body.secret).toBe(ep.secret)
    expect((await h2.call('GET', '/webhooks')).body.results.map((e: { id: string }) => e.id)).toEqual([ep.id])
    expect((await messages(h2))[0]).toMatchObject({
      status: 'Attempting',
      nextAttemptAt: '2026-03-10T12:00:07Z',
    })
    await h2.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(1)
    await h2.advance('PT5S')
    await h2.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(2)
    const [a, b] = rx.got as [Received, Received]
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id'])
    const id = b.headers['webhook-id'] as string
    const ts = b.headers['webhook-timestamp'] as string
    expect(verify(ep.secret, id, ts, b.body, b.headers['webhook-signature'] as string)).toBe(true)
    expect((await messages(h2))[0].status).toBe('Success')
    // The export is a snapshot: the original simulator still holds its own pending retry.
    expect((await messages(h))[0].status).toBe('Attempting')
  })

  it('an old export without webhook state still imports (no webhooks); a malformed one is refused, nothing changed', async () => {
    const h = new Harness()
    const { ep } = await pushOnce(h)
    const { webhooks, ...old } = (await h.call('GET', '/_sim/state')).body
    expect(webhooks.endpoints).toHaveLength(1)
    for (const w of [{ endpoints: 'x' }, { ...webhooks, endpoints: [1] }, { ...webhooks, messages: [{}] }]) {
      const bad = await h.call('PUT', '/_sim/state', { ...old, webhooks: w })
      expect(bad.status).toBe(400)
      expect(bad.body.statusCode).toBe(400)
    }
    expect((await h.call('GET', `/_sim/webhooks/${ep.id}/secret`)).status).toBe(200)
    expect((await h.call('PUT', '/_sim/state', old)).status).toBe(200)
    expect((await h.call('GET', '/webhooks')).body.results).toEqual([])
    expect(await messages(h)).toEqual([])
  })

  it('maxPerSecond: no more than N attempts start in any virtual second; the excess waits, in order', async () => {
    const h = new Harness()
    h.conformance = false
    const rx = await receiver()
    const ep = await subscribe(h, rx.url, ['connection.created'])
    expect((await h.call('PUT', `/_sim/webhooks/${ep.id}`, { maxPerSecond: 2 })).status).toBe(200)
    const c = (await h.call('POST', '/companies', { name: 'Acme' })).body.id
    const made: string[] = []
    for (let i = 0; i < 5; i++)
      made.push((await h.call('POST', `/companies/${c}/connections`, { platformKey: 'hcws' })).body.id)
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(2)
    const waiting = (await messages(h)).filter((m: { status: string }) => m.status === 'Sending')
    expect(waiting.map((m: { nextAttemptAt: string }) => m.nextAttemptAt)).toEqual([
      '2026-03-10T12:00:01Z',
      '2026-03-10T12:00:01Z',
      '2026-03-10T12:00:01Z',
    ])
    await h.advance('PT10S')
    await h.call('POST', '/_sim/webhooks/drain')
    const ids = rx.got.map((r) => JSON.parse(r.body).payload.connection.id)
    expect(ids).toEqual(made)
    const starts = (await messages(h))
      .flatMap((m: { attempts: { at: string }[] }) => m.attempts.map((a) => Date.parse(a.at)))
      .sort((x: number, y: number) => x - y)
    expect(starts).toHaveLength(5)
    for (let i = 2; i < starts.length; i++) expect(starts[i] - starts[i - 2]).toBeGreaterThanOrEqual(1000)
    // null lifts the limit again.
    expect((await h.call('PUT', `/_sim/webhooks/${ep.id}`, { maxPerSecond: null })).status).toBe(200)
    for (let i = 0; i < 3; i++) await h.call('POST', `/companies/${c}/connections`, { platformKey: 'hcws' })
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(8)
  })
})
