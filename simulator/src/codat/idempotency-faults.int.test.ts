import { describe, expect, it } from 'vitest'
import { basic, Harness, KEY } from '../testing/harness.js'

const key = (k: string) => ({ 'idempotency-key': k })
const ERROR_KEYS = ['canBeRetried', 'correlationId', 'detailedErrorCode', 'error', 'service', 'statusCode']

describe('Idempotency-Key: one per request', () => {
  it('two Idempotency-Key headers (or one holding two values) are a 400 in Codat’s error body; nothing runs', async () => {
    const h = new Harness()
    const joined = await h.call('POST', '/companies', { name: 'Twice' }, key('k-a, k-b'))
    expect(joined.status).toBe(400)
    expect(joined.body).toMatchObject({ statusCode: 400, service: 'PublicApi' })
    expect(joined.body.validation.errors[0].message).toBe('Only one Idempotency-Key header may be sent.')
    const raw = await h.app.inject({
      method: 'POST',
      url: '/companies',
      headers: {
        authorization: basic(KEY),
        'content-type': 'application/json',
        'idempotency-key': ['k-c', 'k-d'],
      },
      payload: JSON.stringify({ name: 'Twice' }),
    })
    expect(raw.statusCode).toBe(400)
    expect(Object.keys(JSON.parse(raw.body))).toEqual(expect.arrayContaining(ERROR_KEYS))
    expect((await h.call('GET', '/companies')).body.totalResults).toBe(0)
    // Neither key was taken: each alone goes through.
    expect((await h.call('POST', '/companies', { name: 'Once' }, key('k-a'))).status).toBe(200)
  })
})

describe('Idempotency-Key and injected faults (BEHAVIOUR §2.4: every status but 429 is stored)', () => {
  it('a 5xx fault on a keyed request is replayed for the same key within 90 minutes; a new key goes through', async () => {
    const h = new Harness()
    await h.call('POST', '/_sim/faults', { route: 'create-company', status: 503, count: 1 })
    const first = await h.call('POST', '/companies', { name: 'Faulted' }, key('k-5xx'))
    expect(first.status).toBe(503)
    // The fault is spent, yet the same key answers the stored 503.
    const replay = await h.call('POST', '/companies', { name: 'Faulted' }, key('k-5xx'))
    expect(replay.status).toBe(503)
    expect(replay.body).toEqual(first.body)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    await h.advance('PT89M59S')
    expect((await h.call('POST', '/companies', { name: 'Faulted' }, key('k-5xx'))).status).toBe(503)
    expect((await h.call('GET', '/companies')).body.totalResults).toBe(0)
    const fresh = await h.call('POST', '/companies', { name: 'Faulted' }, key('k-new'))
    expect(fresh.status).toBe(200)
    // 90 minutes after it was stored the 503 is gone: the same key is a fresh attempt.
    await h.advance('PT1S')
    const expired = await h.call('POST', '/companies', { name: 'Faulted' }, key('k-5xx'))
    expect(expired.status).toBe(200)
    expect(expired.headers['idempotent-replayed']).toBeUndefined()
    expect((await h.call('GET', '/companies')).body.totalResults).toBe(2)
  })

  it('a push that met a 500 is replayed as 500 under its key: no operation exists until a new key (or expiry)', async () => {
    const h = new Harness()
    const s = await h.setup()
    const body = {
      accountId: s.accountId,
      transactions: [{ id: 't1', date: '2026-03-10', description: 'x', amount: 1, balance: 1 }],
    }
    await h.call('POST', '/_sim/faults', { route: 'create-bank-transactions', status: 500, count: 1 })
    expect((await h.call('POST', s.pushUrl, body, key('push-k'))).status).toBe(500)
    await h.advance('PT30M')
    expect((await h.call('POST', s.pushUrl, body, key('push-k'))).status).toBe(500)
    const ops = `/companies/${s.companyId}/push`
    expect((await h.call('GET', ops)).body.totalResults).toBe(0)
    await h.advance('PT60M')
    const after = await h.call('POST', s.pushUrl, body, key('push-k'))
    expect(after.status).toBe(200)
    expect(after.body.status).toBe('Pending')
    expect((await h.call('GET', ops)).body.totalResults).toBe(1)
  })

  it('a replay draws no fault; a 429 fault frees the key; a drop before processing frees the key', async () => {
    const h = new Harness()
    expect((await h.call('POST', '/companies', { name: 'A' }, key('k-ok'))).status).toBe(200)
    await h.call('POST', '/_sim/faults', { route: 'create-company', status: 500, count: 1 })
    expect((await h.call('POST', '/companies', { name: 'A' }, key('k-ok'))).status).toBe(200)
    expect((await h.call('POST', '/companies', { name: 'B' }, key('k-b'))).status).toBe(500)
    await h.call('POST', '/_sim/faults', { route: 'create-company', status: 429, count: 1 })
    expect((await h.call('POST', '/companies', { name: 'C' }, key('k-c'))).status).toBe(429)
    expect((await h.call('POST', '/companies', { name: 'C' }, key('k-c'))).status).toBe(200)
    await h.call('POST', '/_sim/faults', { route: 'create-company', drop: true, count: 1 })
    const dropped = await h.sim.handle({
      method: 'POST',
      url: '/companies',
      headers: { authorization: basic(KEY), 'idempotency-key': 'k-d' },
      body: JSON.stringify({ name: 'D' }),
    })
    expect(dropped.drop).toBe(true)
    expect((await h.call('POST', '/companies', { name: 'D' }, key('k-d'))).status).toBe(200)
  })

  it('an edge fault (`edge: true`, a gateway 5xx in front of Codat) answers before the key and is never stored', async () => {
    const h = new Harness()
    expect(
      (await h.call('POST', '/_sim/faults', { route: 'create-company', status: 503, edge: 'yes' })).status,
    ).toBe(400)
    await h.call('POST', '/_sim/faults', { route: 'create-company', status: 502, edge: true, count: 1 })
    expect((await h.call('POST', '/companies', { name: 'E' }, key('k-edge'))).status).toBe(502)
    const retry = await h.call('POST', '/companies', { name: 'E' }, key('k-edge'))
    expect(retry.status).toBe(200)
    expect(retry.headers['idempotent-replayed']).toBeUndefined()
    // An edge fault meets a replay too: the edge answers before Codat's key store is reached.
    await h.call('POST', '/_sim/faults', { route: 'create-company', status: 504, edge: true, count: 1 })
    expect((await h.call('POST', '/companies', { name: 'E' }, key('k-edge'))).status).toBe(504)
    expect((await h.call('POST', '/companies', { name: 'E' }, key('k-edge'))).body.id).toBe(retry.body.id)
  })
})
