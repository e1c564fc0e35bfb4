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

describe('webhook delivery (PLATFORMS.md §4)', () => {
  it("the test's verifier accepts W13's vector", () => {
    expect(
      verify(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        '1614265330',
        '{"test": 2432232314}',
        'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      ),
    ).toBe(true)
  })

  it('POST /webhooks checks its input (400, nothing stored) and needs Codat auth', async () => {
    const h = new Harness()
    h.conformance = false
    for (const body of [
      { url: 'nope', eventTypes: ['x'] },
      { url: 'http://127.0.0.1:1/', eventTypes: [] },
      { url: 'http://127.0.0.1:1/', eventTypes: ['x'], companyTags: ['novalue'] },
    ]) {
      expect((await h.call('POST', '/webhooks', body)).status).toBe(400)
    }
    expect((await h.call('GET', '/webhooks')).body).toEqual({ results: [] })
    const anon = await h.call('GET', '/webhooks', undefined, { authorization: 'Basic eDp5' })
    expect(anon.status).toBe(401)
    const ep = await subscribe(h, 'http://127.0.0.1:1/', ['connection.created'])
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect((await h.call('GET', '/webhooks')).body.results).toEqual([
      {
        id: ep.id,
        url: 'http://127.0.0.1:1/',
        disabled: false,
        eventTypes: ['connection.created'],
        companyTags: [],
      },
    ])
    expect((await h.call('DELETE', `/webhooks/${ep.id}`)).status).toBe(204)
    expect((await h.call('GET', '/webhooks')).body).toEqual({ results: [] })
  })

  it('a push that succeeds sends bankTransactions.write.successful once, signed, with virtual generatedDate', async () => {
    const h = new Harness()
    const { rx, ep, key } = await pushOnce(h)
    expect(rx.got).toHaveLength(1)
    const [m] = rx.got as [Received]
    const id = m.headers['webhook-id'] as string
    expect(id).toMatch(/^msg_[0-9A-Za-z]{27}$/)
    const ts = m.headers['webhook-timestamp'] as string
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60)
    expect(verify(ep.secret, id, ts, m.body, m.headers['webhook-signature'] as string)).toBe(true)
    const body = JSON.parse(m.body)
    expect(body).toMatchObject({
      eventType: 'bankTransactions.write.successful',
      generatedDate: '2026-03-10T12:00:02Z',
      payload: { id: key, type: 'Create', status: 'Success', record: null },
    })
    const log = await messages(h)
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ id, status: 'Success', attempts: [{ statusCode: 200, error: null }] })
  })

  it('a receiver answering 500 gets the retry, same webhook-id, when the clock moves 5 s', async () => {
    const h = new Harness()
    const { rx, ep } = await pushOnce(h, [500])
    expect(rx.got).toHaveLength(1)
    expect((await messages(h))[0]).toMatchObject({
      status: 'Attempting',
      nextAttemptAt: '2026-03-10T12:00:07Z',
    })
    await h.advance('PT4S')
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(1)
    await h.advance('PT1S')
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(2)
    const [a, b] = rx.got as [Received, Received]
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id'])
    expect(b.body).toBe(a.body)
    const sig = b.headers['webhook-signature'] as string
    expect(
      verify(
        ep.secret,
        b.headers['webhook-id'] as string,
        b.headers['webhook-timestamp'] as string,
        b.body,
        sig,
      ),
    ).toBe(true)
    expect((await messages(h))[0].status).toBe('Success')
  })

  it('three failures then success: delivered 35 min 5 s after the first attempt (W7)', async () => {
    const h = new Harness()
    const { rx } = await pushOnce(h, [500, 503, 502])
    await h.advance('PT1H')
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(4)
    const [m] = await messages(h)
    expect(m.status).toBe('Success')
    expect(m.attempts.map((a: { at: string }) => a.at)).toEqual([
      '2026-03-10T12:00:02Z',
      '2026-03-10T12:00:07Z',
      '2026-03-10T12:05:07Z',
      '2026-03-10T12:35:07Z',
    ])
  })

  it('faults: 500/reset never reach the receiver; timeout is delivered but counts as failed; duplicate; badSignature', async () => {
    const h = new Harness()
    const { rx, ep } = await pushOnce(h, [], {
      script: [500, 'reset', 'timeout'],
      duplicate: 1,
      badSignature: 1,
    })
    expect(rx.got).toHaveLength(0)
    await h.advance('PT1H')
    await h.call('POST', '/_sim/webhooks/drain')
    // timeout attempt (delivered, bad signature), then the retry (good) and its duplicate.
    expect(rx.got).toHaveLength(3)
    const ids = new Set(rx.got.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    const valid = rx.got.map((r) =>
      verify(
        ep.secret,
        r.headers['webhook-id'] as string,
        r.headers['webhook-timestamp'] as string,
        r.body,
        r.headers['webhook-signature'] as string,
      ),
    )
    expect(valid).toEqual([false, true, true])
    const [m] = await messages(h)
    expect(
      m.attempts.map((a: { statusCode: number | null; error: string | null }) => a.statusCode ?? a.error),
    ).toEqual([500, 'reset', 'timeout', 200, 200])
  })

  it('drop: every attempt fails → Failure after 8; recover resends with the same webhook-id; disabled gets nothing', async () => {
    const h = new Harness()
    const { rx, ep } = await pushOnce(h, [], { drop: true })
    await h.advance('PT30H')
    await h.call('POST', '/_sim/webhooks/drain')
    const [m] = await messages(h)
    expect(m.status).toBe('Failure')
    expect(m.attempts).toHaveLength(8)
    expect(rx.got).toHaveLength(0)
    await h.call('POST', `/_sim/webhooks/${ep.id}/faults`, {})
    await h.call('PUT', `/_sim/webhooks/${ep.id}`, { disabled: true })
    await h.call('POST', `/_sim/webhooks/${ep.id}/recover`, { since: '2026-03-10T00:00:00Z' })
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(0)
    await h.call('POST', `/_sim/webhooks/${ep.id}/enable`)
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(1)
    expect(rx.got[0]?.headers['webhook-id']).toBe(m.id)
    expect((await messages(h))[0].status).toBe('Success')
  })

  it('connection.created once per connection; reorder holds one message until the next is sent; skew shifts the timestamp', async () => {
    const h = new Harness()
    h.conformance = false
    const rx = await receiver()
    const ep = await subscribe(h, rx.url, ['connection.created'])
    await h.call('POST', `/_sim/webhooks/${ep.id}/faults`, { reorder: true, timestampSkewSeconds: -600 })
    const c = (await h.call('POST', '/companies', { name: 'Acme' })).body.id
    const first = (await h.call('POST', `/companies/${c}/connections`, { platformKey: 'hcws' })).body.id
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got).toHaveLength(0)
    const second = (await h.call('POST', `/companies/${c}/connections`, { platformKey: 'hcws' })).body.id
    await h.call('POST', '/_sim/webhooks/drain')
    const ids = rx.got.map((r) => JSON.parse(r.body).payload.connection.id)
    expect(ids).toEqual([second, first])
    const ts = Number(rx.got[0]?.headers['webhook-timestamp'])
    expect(Math.abs(ts - (Date.now() / 1000 - 600))).toBeLessThan(60)
    expect(JSON.parse(rx.got[1]?.body ?? '{}').payload.connection.status).toBe('PendingAuth')
  })

  it('an endpoint failing every attempt for 5 virtual days is disabled (W8) and then gets no new messages', async () => {
    const h = new Harness()
    h.conformance = false
    const rx = await receiver()
    const ep = await subscribe(h, rx.url, ['connection.created'])
    await h.call('POST', `/_sim/webhooks/${ep.id}/faults`, { drop: true })
    const c = (await h.call('POST', '/companies', { name: 'Acme' })).body.id
    const disabled = async () => (await h.call('GET', '/webhooks')).body.results[0].disabled
    for (let day = 0; day < 5; day++) {
      await h.call('POST', `/companies/${c}/connections`, { platformKey: 'hcws' })
      await h.call('POST', '/_sim/webhooks/drain')
      expect(await disabled()).toBe(false)
      await h.advance('P1D')
      await h.call('POST', '/_sim/webhooks/drain')
    }
    await h.call('POST', `/companies/${c}/connections`, { platformKey: 'hcws' })
    await h.call('POST', '/_sim/webhooks/drain')
    expect(await disabled()).toBe(true)
    await h.call('POST', `/companies/${c}/connections`, { platformKey: 'hcws' })
    await h.call('POST', '/_sim/webhooks/drain')
    expect((await messages(h)).filter((m: { endpointId: string }) => m.endpointId === ep.id)).toHaveLength(6)
    expect(rx.got).toHaveLength(0)
  })
})
