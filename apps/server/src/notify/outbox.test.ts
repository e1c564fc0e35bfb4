import { createEventStore, type EventStore } from '@feedsync/store'
import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.js'
import { CompanyRepository } from '../companies/repository.js'
import { RETRY_DELAYS_MS, requestRedelivery } from './deliveries.js'
import { EndpointRegistry } from './endpoints.js'
import { WEBHOOK_EVENT_TYPES } from './events.js'
import { Outbox } from './outbox.js'
import { allCauses, company } from './outbox-fixture.js'
import { type Receiver, startReceiver } from './test-receiver.js'

let store: EventStore
let receiver: Receiver
let clock: ManualClock
let registry: EndpointRegistry
let outbox: Outbox

beforeEach(async () => {
  store = await createEventStore({ kind: 'pglite' })
  receiver = await startReceiver()
  // Webhook.verify checks the timestamp against the real time: start the clock there.
  clock = new ManualClock(new Date().toISOString())
  registry = new EndpointRegistry(store, clock)
  const companies = new CompanyRepository(store)
  outbox = new Outbox({ store, clock, tenantOfCompany: async (id) => (await companies.get(id))?.tenant })
})
afterEach(async () => {
  await receiver.close()
  await store.close()
})

const all = [...WEBHOOK_EVENT_TYPES]
const bodies = () =>
  // biome-ignore lint/suspicious/noExplicitAny: the test reads each event kind's own payload fields
  receiver.received.map((r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, any> })

describe('the webhook outbox', () => {
  it('sends one signed event per domain fact, with exact amounts and reasons', async () => {
    await company(store, 't_a', 'co-1')
    const { secret } = await registry.create('t_a', { url: receiver.url, events: all })
    await allCauses(store, 'co-1')
    expect(await outbox.tick()).toBe(8)
    const wh = new Webhook(secret)
    for (const r of receiver.received) {
      expect(wh.verify(r.body, r.headers as Record<string, string>)).toBeTruthy()
      expect(r.headers['webhook-id']).toMatch(/^msg_/)
    }
    const got = bodies()
    expect(got.map((b) => b.type).sort()).toEqual(
      [
        'feed.linked',
        'transactions.pushed',
        'transactions.held',
        'transactions.quarantined',
        'transactions.quarantined',
        'reconciliation.changed',
        'reconciliation.changed',
        'feed.disconnected',
      ].sort(),
    )
    const pushed = got.find((b) => b.type === 'transactions.pushed')
    expect(pushed?.data).toMatchObject({
      companyId: 'co-1',
      accountId: 'acc-1',
      batchId: 'b1',
      transactions: [{ transactionId: 't1', amount: '0.10', balance: '100000000000.30' }],
    })
    expect(got.find((b) => b.type === 'transactions.held')?.data.transactions).toEqual([
      { transactionId: 't2', code: 'retry', message: 'later' },
    ])
    expect(got.find((b) => b.data.action === 'balance_accepted')?.data.offset).toBe('-0.01')
    expect(new Set(got.map((b) => b.id)).size).toBe(8)
    // Nothing new: a second round sends nothing.
    expect(await outbox.tick()).toBe(0)
    expect(receiver.received).toHaveLength(8)
  })

  it("never sends one tenant's events to another's endpoint, nor kinds it did not subscribe to", async () => {
    await company(store, 't_a', 'co-1')
    const other = await startReceiver()
    await registry.create('t_b', { url: other.url, events: all })
    await registry.create('t_a', { url: receiver.url, events: ['feed.linked'] })
    await allCauses(store, 'co-1')
    await outbox.tick()
    expect(other.received).toHaveLength(0)
    expect(bodies().map((b) => b.type)).toEqual(['feed.linked'])
    await other.close()
  })

  it('retries on the backoff schedule for more than a day, then dead-letters; redelivery keeps the webhook-id', async () => {
    await company(store, 't_a', 'co-1')
    receiver.status = 500
    await registry.create('t_a', { url: receiver.url, events: ['feed.linked'] })
    await store.appendToStream('account:co-1:acc-1', 'any', [
      { type: 'FeedLinked', data: { feedStartDate: '2026-11-01', at: '2026-11-25T09:00:00.000Z' } },
    ])
    const start = clock.ms
    await outbox.tick()
    expect(receiver.received).toHaveLength(1)
    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay - 1)
      expect(await outbox.tick(), 'not yet due').toBe(0)
      clock.advance(1)
      expect(await outbox.tick(), 'due').toBe(1)
    }
    expect(receiver.received).toHaveLength(RETRY_DELAYS_MS.length + 1)
    expect(clock.ms - start).toBeGreaterThan(24 * 3_600_000)
    clock.advance(100 * 3_600_000)
    expect(await outbox.tick(), 'dead letters are not retried').toBe(0)
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    const [stream] = await store.listStreams({ prefix: 'webhook-delivery:' })
    const events = await store.readStream(stream?.stream ?? '')
    expect(events.at(-1)?.type).toBe('DeliveryDeadLettered')
    receiver.status = 200
    await requestRedelivery(store, stream?.stream ?? '', await clock.now())
    expect(await outbox.tick()).toBe(1)
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1)
  })

  it('signs with the wall-clock time even when the server clock is virtual (FEEDSYNC_CLOCK=simulator)', async () => {
    // The simulator's virtual time, months away from the real time a receiver checks against.
    const virtual = new ManualClock('2026-03-10T12:00:00.000Z')
    const companies = new CompanyRepository(store)
    const onVirtual = new Outbox({
      store,
      clock: virtual,
      tenantOfCompany: async (id) => (await companies.get(id))?.tenant,
    })
    await company(store, 't_a', 'co-1')
    const { secret } = await new EndpointRegistry(store, virtual).create('t_a', {
      url: receiver.url,
      events: ['feed.linked'],
    })
    await store.appendToStream('account:co-1:acc-1', 'any', [
      { type: 'FeedLinked', data: { feedStartDate: '2026-03-01', at: '2026-03-10T12:00:00.000Z' } },
    ])
    const wallBefore = Math.floor(Date.now() / 1000)
    expect(await onVirtual.tick()).toBe(1)
    const wallAfter = Math.ceil(Date.now() / 1000)
    const [got] = receiver.received
    const stamp = Number(got?.headers['webhook-timestamp'])
    expect(stamp).toBeGreaterThanOrEqual(wallBefore)
    expect(stamp).toBeLessThanOrEqual(wallAfter)
    // A stock verifier (±5 min of its own clock) takes it; the attempt is still recorded on the virtual clock.
    expect(new Webhook(secret).verify(got?.body ?? '', got?.headers as Record<string, string>)).toBeTruthy()
    const [stream] = await store.listStreams({ prefix: 'webhook-delivery:' })
    const attempted = (await store.readStream(stream?.stream ?? '')).find(
      (e) => e.type === 'DeliveryAttempted',
    )
    expect(attempted?.data).toMatchObject({ at: '2026-03-10T12:00:00.000Z' })
  })

  it("a process that died holding the fan-out lease holds the outbox back only for the lease's TTL", async () => {
    await company(store, 't_a', 'co-1')
    await registry.create('t_a', { url: receiver.url, events: ['feed.linked'] })
    await store.appendToStream('account:co-1:acc-1', 'any', [
      { type: 'FeedLinked', data: { feedStartDate: '2026-11-01', at: '2026-11-25T09:00:00.000Z' } },
    ])
    // The process that dies: it takes the fan-out lease, then never comes back (SIGKILL mid-round).
    let inRound: () => void = () => {}
    const entered = new Promise<void>((resolve) => {
      inRound = resolve
    })
    const dead = new Outbox({
      store,
      clock,
      leaseTtlMs: 1000,
      tenantOfCompany: () => {
        inRound()
        return new Promise<never>(() => {})
      },
    })
    void dead.fanOut()
    await entered
    const companies = new CompanyRepository(store)
    const restarted = new Outbox({
      store,
      clock,
      leaseTtlMs: 1000,
      tenantOfCompany: async (id) => (await companies.get(id))?.tenant,
    })
    expect(await restarted.tick(), 'the dead process still holds the fan-out').toBe(0)
    const start = Date.now()
    while (receiver.received.length === 0 && Date.now() - start < 15_000) await restarted.tick()
    // Without the configured TTL the dead process's lease lasted a minute whatever FEEDSYNC_LEASE_TTL_MS said.
    expect(receiver.received, 'delivered once the dead lease expired').toHaveLength(1)
    expect(Date.now() - start).toBeLessThan(15_000)
  })

  it('does not send events older than the endpoint', async () => {
    await company(store, 't_a', 'co-1')
    await allCauses(store, 'co-1')
    await registry.create('t_a', { url: receiver.url, events: all })
    expect(await outbox.tick()).toBe(0)
  })

  it('a dead receiver does not hold back another endpoint', async () => {
    await company(store, 't_a', 'co-1')
    const dead = await startReceiver()
    const deadUrl = dead.url
    await dead.close()
    await registry.create('t_a', { url: deadUrl, events: ['feed.linked'] })
    await registry.create('t_a', { url: receiver.url, events: ['feed.linked'] })
    await store.appendToStream('account:co-1:acc-1', 'any', [
      { type: 'FeedLinked', data: { feedStartDate: '2026-11-01', at: '2026-11-25T09:00:00.000Z' } },
    ])
    expect(await outbox.tick()).toBe(2)
    expect(receiver.received).toHaveLength(1)
  })

  it("finds a pushed batch's lines a window back from its outcome, not by reading the account's log from its start", async () => {
    await company(store, 't_a', 'co-1')
    await registry.create('t_a', { url: receiver.url, events: ['transactions.pushed'] })
    const stream = 'account:co-1:acc-1'
    const at = '2026-11-25T09:00:00.000Z'
    const planned = (batchId: string, transactionId: string) => ({
      type: 'BatchPlanned',
      data: { batchId, lines: [{ transactionId, date: '2026-11-20', amount: '1.00' }], at },
    })
    // A long history of pushed batches, then b-late planned 40 events before its outcome (other
    // events in between: more than one window back).
    const history = Array.from({ length: 300 }, (_, i) => [
      planned(`h${i}`, `ht${i}`),
      { type: 'BatchSucceeded', data: { batchId: `h${i}`, at } },
    ]).flat()
    await store.appendToStream(stream, 'any', history)
    await outbox.tick() // the history's 300 deliveries
    const between = Array.from({ length: 40 }, () => ({
      type: 'FeedLinked',
      data: { feedStartDate: '2026-11-01', at },
    }))
    await store.appendToStream(stream, 'any', [
      planned('b-late', 't-late'),
      ...between,
      { type: 'BatchSucceeded', data: { batchId: 'b-late', at } },
    ])
    let read = 0
    const readStream = store.readStream.bind(store)
    store.readStream = async (name, options) => {
      const events = await readStream(name, options)
      if (name === stream) read += events.length
      return events
    }
    await outbox.tick()
    const late = bodies().find((b) => b.data.batchId === 'b-late')
    expect(late?.data.transactions).toMatchObject([{ transactionId: 't-late', amount: '1.00' }])
    expect(read).toBeLessThanOrEqual(64) // two windows of 32, not the 642 events of the stream
  })

  it('a round reads only the deliveries due now; one scheduled before deliveries were due rows is found at start', async () => {
    await company(store, 't_a', 'co-1')
    const endpoint = await registry.create('t_a', { url: receiver.url, events: ['feed.linked'] })
    const linked = (n: number) =>
      Array.from({ length: n }, () => ({
        type: 'FeedLinked',
        data: { feedStartDate: '2026-11-01', at: '2026-11-25T09:00:00.000Z' },
      }))
    await store.appendToStream('account:co-1:acc-1', 'any', linked(30))
    expect(await outbox.tick()).toBe(30)
    let read = 0
    const readStream = store.readStream.bind(store)
    store.readStream = async (name, options) => {
      if (name.startsWith('webhook-delivery:')) read++
      return readStream(name, options)
    }
    expect(await outbox.tick()).toBe(0)
    expect(read).toBe(0) // 30 delivered deliveries: none read again
    // As an older server left it: scheduled, with no due row.
    const old = `webhook-delivery:t_a:${endpoint.id}:evt_old_0`
    await store.appendToStream(old, 'no_stream', [
      {
        type: 'DeliveryScheduled',
        data: {
          tenant: 't_a',
          endpointId: endpoint.id,
          eventId: 'evt_old_0',
          type: 'feed.linked',
          payload: '{"id":"evt_old_0"}',
          at: await clock.now(),
        },
      },
    ])
    expect(await outbox.tick()).toBe(0) // this process did its start-up pass already
    const restarted = new Outbox({ store, clock, tenantOfCompany: async () => 't_a' })
    expect(await restarted.tick()).toBe(1)
    expect(receiver.received.at(-1)?.body).toBe('{"id":"evt_old_0"}')
  })
})
