import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, onboard } from '../testing/harness.js'

let store: EventStore
let h: Harness
let base: string
let companyId: string

beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})
afterEach(async () => {
  await h.close()
})

async function setUp(): Promise<void> {
  h = await harness({ store })
  ;({ companyId } = await onboard(h))
  base = `/v1/companies/${companyId}/accounts/acc-1`
}

const post = (url: string, payload?: unknown) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: auth(),
    ...(payload === undefined ? {} : { payload: payload as string }),
  })

describe('recording transactions', () => {
  it('records each transaction once; replaying the same request is harmless', async () => {
    await setUp()
    const payload = {
      transactions: [
        { id: 'a', date: '2026-11-23', description: 'Rent', amount: '-500.00', status: 'cleared' },
        { id: 'b', date: '2026-11-24T10:21:00', description: 'Card', amount: -3.1, status: 'pending' },
      ],
    }
    const first = await post(`${base}/transactions`, payload)
    expect(first.json()).toMatchObject({ recorded: 2, duplicates: 0, rejected: 0 })
    const replay = await post(`${base}/transactions`, payload)
    expect(replay.json()).toMatchObject({ recorded: 0, duplicates: 2, rejected: 0 })
    const list = await h.app.inject({ url: `${base}/transactions`, headers: auth() })
    expect(list.json().totalResults).toBe(2)
  })

  it('converts JSON numbers exactly, digit for digit', async () => {
    await setUp()
    const text =
      '{"transactions":[{"id":"big","date":"2026-11-24","description":"Wire","amount":9999999999999.99,"status":"cleared"},' +
      '{"id":"tiny","date":"2026-11-24","description":"Fee","amount":-0.1,"balance":1e2,"status":"cleared"}]}'
    const res = await h.app.inject({
      method: 'POST',
      url: `${base}/transactions`,
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: text,
    })
    expect(res.statusCode, res.body).toBe(200)
    const list = await h.app.inject({ url: `${base}/transactions?orderBy=id`, headers: auth() })
    expect(
      list.json().results.map((t: { amount: string; balance: string | null }) => [t.amount, t.balance]),
    ).toEqual([
      ['9999999999999.99', null],
      ['-0.10', '100.00'],
    ])
  })

  it('with partial=true records the valid transactions and reports the rejected ones', async () => {
    await setUp()
    const res = await post(`${base}/transactions?partial=true`, {
      transactions: [
        { id: 'ok', date: '2026-11-24', description: 'Fine', amount: '1.00', status: 'cleared' },
        { id: 'bad', date: '2026-11-24', description: 'Bad', amount: '1.001', status: 'cleared' },
      ],
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      recorded: 1,
      rejected: 1,
      results: [
        { id: 'ok', result: 'recorded' },
        { id: 'bad', result: 'rejected', code: 'amount_too_precise' },
      ],
    })
  })

  it('clears and voids, pages, orders and filters by sync status', async () => {
    await setUp()
    const transactions = Array.from({ length: 12 }, (_, i) => ({
      id: `t${String(i).padStart(2, '0')}`,
      date: `2026-11-${String(10 + i).padStart(2, '0')}`,
      description: `Txn ${i}`,
      amount: '1.00',
      status: 'pending',
    }))
    await post(`${base}/transactions`, { transactions })
    expect((await post(`${base}/transactions/t11/clear`, { date: '2026-11-24' })).statusCode).toBe(200)
    expect((await post(`${base}/transactions/t10/void`)).statusCode).toBe(200)
    const page = await h.app.inject({
      url: `${base}/transactions?page=2&pageSize=5&orderBy=-date`,
      headers: auth(),
    })
    expect(page.json()).toMatchObject({ page: 2, pageSize: 5, totalResults: 12 })
    expect(page.json().results.map((t: { id: string }) => t.id)).toEqual(['t06', 't05', 't04', 't03', 't02'])
    const quarantined = await h.app.inject({
      url: `${base}/transactions?syncStatus=quarantined`,
      headers: auth(),
    })
    expect(quarantined.json().results).toMatchObject([
      { id: 't10', status: 'voided', sync: { reason: { code: 'voided' } } },
    ])
    const feed = await h.app.inject({ url: `${base}/feed`, headers: auth() })
    expect(feed.json()).toMatchObject({
      link: 'not_linked',
      counts: { quarantined: 1, pending: 10, held: 11 },
    })
  })

  it('refuses to void a transaction already in QuickBooks', async () => {
    await setUp()
    await post(`${base}/transactions`, {
      transactions: [
        { id: 'p', date: '2026-11-24', description: 'Pushed', amount: '5.00', status: 'cleared' },
      ],
    })
    const { connectionId } = (
      await h.app.inject({ url: `/v1/companies/${companyId}`, headers: auth() })
    ).json().connection as { connectionId: string }
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    const sync = await post(`${base}/sync`)
    expect(sync.json()).toMatchObject({ status: 'done', batchesPushed: 1, feed: { counts: { pushed: 1 } } })
    const voided = await post(`${base}/transactions/p/void`)
    expect(voided.statusCode).toBe(409)
    expect(voided.json().code).toBe('transaction_already_pushed')
    const ops = await h.app.inject({ url: `/v1/companies/${companyId}/operations`, headers: auth() })
    expect(ops.json().results).toMatchObject([{ accountId: 'acc-1', status: 'succeeded', lines: 1 }])
  })
})
