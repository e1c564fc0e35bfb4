import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { basic, Harness, OTHER_KEY } from '../testing/harness.js'
import { validLine } from '../testing/push-helpers.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

/** A receiver recording every envelope it gets (answers 200). */
async function receiver() {
  const got: { eventType: string; generatedDate: string; payload: Record<string, unknown> }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      got.push(JSON.parse(body))
      res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }
}

const ALL = [
  'connection.created',
  'connection.connected',
  'connection.disconnected',
  'connection.reconnected',
  'connection.deleted',
  'bankFeeds.sourceAccount.connected',
  'bankTransactions.write.successful',
  'bankTransactions.write.unsuccessful',
  'client.rateLimit.reached',
  'client.rateLimit.reset',
]

describe('§4.5 causes each send their webhook once', () => {
  it('QBO journey: created, connected + sourceAccount.connected, writes, disconnected, deleted', async () => {
    const h = new Harness()
    h.conformance = false
    const rx = await receiver()
    await h.call('POST', '/webhooks', { url: rx.url, eventTypes: ALL })
    const s = await h.setup()
    await h.call('POST', '/_sim/webhooks/drain')
    // Ordering is promised nowhere (W10): compare as sets, each exactly once.
    expect(rx.got.map((e) => e.eventType).sort()).toEqual([
      'bankFeeds.sourceAccount.connected',
      'connection.connected',
      'connection.created',
    ])
    const account = rx.got.find((e) => e.eventType === 'bankFeeds.sourceAccount.connected')
    expect(account?.payload).not.toHaveProperty('companyId')
    expect(account?.payload).toMatchObject({
      connectionId: s.connectionId,
      sourceAccount: { status: 'connected' },
    })
    rx.got.length = 0
    await h.push(s.pushUrl, s.accountId, [validLine('a', '2026-03-10')])
    await h.push(s.pushUrl, s.accountId, [{ id: 'bad' }])
    await h.advance('PT2S')
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got.map((e) => e.eventType).sort()).toEqual([
      'bankTransactions.write.successful',
      'bankTransactions.write.unsuccessful',
    ])
    rx.got.length = 0
    await h.call('PATCH', s.base, { status: 'Unlinked' })
    await h.call('DELETE', s.base)
    await h.call('POST', '/_sim/webhooks/drain')
    expect(rx.got.map((e) => e.eventType).sort()).toEqual(['connection.deleted', 'connection.disconnected'])
    expect(rx.got.find((e) => e.eventType === 'connection.deleted')?.payload).toMatchObject({
      connection: { id: s.connectionId, status: 'Unlinked' },
    })
  })

  it("client.rateLimit.reached once per day to the client's own endpoints, .reset at 00:00 UTC", async () => {
    const h = new Harness({ rateLimit: { dailyQuota: 2 } })
    h.conformance = false
    const mine = await receiver()
    const theirs = await receiver()
    await h.call('POST', '/webhooks', { url: mine.url, eventTypes: ALL })
    await h.call(
      'POST',
      '/webhooks',
      { url: theirs.url, eventTypes: ALL },
      { authorization: basic(OTHER_KEY) },
    )
    for (let i = 0; i < 4; i++) await h.call('GET', '/companies')
    await h.call('POST', '/_sim/webhooks/drain')
    expect(mine.got.map((e) => e.eventType)).toEqual(['client.rateLimit.reached'])
    expect(mine.got[0]?.payload).toEqual({
      dailyQuota: 2,
      quotaRemaining: 0,
      expiryDate: '2026-03-11T00:00:00Z',
    })
    await h.advance('PT12H')
    await h.call('POST', '/_sim/webhooks/drain')
    expect(mine.got.map((e) => e.eventType)).toEqual(['client.rateLimit.reached', 'client.rateLimit.reset'])
    expect(mine.got[1]).toMatchObject({
      generatedDate: '2026-03-11T00:00:00Z',
      payload: { quotaRemaining: 2 },
    })
    expect(theirs.got).toEqual([])
  })
})
