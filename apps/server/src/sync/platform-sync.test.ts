import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TARGETS } from '../testing/fake-codat-platforms.js'
import { auth, type Harness, harness, onboardBody } from '../testing/harness.js'

// The worker on Xero and Sage accounts: link tracking per platform (PLATFORMS.md X13/X14, S6/S7/S11)
// and Sage's one write in flight per account (S23). The harness clock is 2026-11-25T09:00Z.
let store: EventStore
let h: Harness
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})
afterEach(async () => {
  await h.close()
})

const day = (n: number) =>
  new Date(Date.parse('2026-11-25T00:00:00Z') - n * 86_400_000).toISOString().slice(0, 10)

async function company(platform: 'xero' | 'sage', dates: string[], env: Record<string, string> = {}) {
  h = await harness({ store, env })
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/companies',
    headers: auth(),
    payload: { ...onboardBody, platform },
  })
  const { companyId, connectionId } = res.json() as { companyId: string; connectionId: string }
  const transactions = dates.map((date, i) => ({
    id: `t${i + 1}`,
    date,
    description: `Payment ${i + 1}`,
    amount: i % 2 === 0 ? '-12.34' : '100.01',
    status: 'cleared',
  }))
  const recorded = await h.app.inject({
    method: 'POST',
    url: `/v1/companies/${companyId}/accounts/acc-1/transactions`,
    headers: auth(),
    payload: { transactions },
  })
  expect(recorded.statusCode).toBe(200)
  return { companyId, connectionId }
}

async function feed(companyId: string) {
  const res = await h.app.inject({ url: `/v1/companies/${companyId}/accounts/acc-1/feed`, headers: auth() })
  return res.json() as { link: string; feedStartDate: string | null }
}
const stored = () => h.codat.storedLines('acc-1').map((l) => l.line)

describe('Xero: linked once the mapped account is connected', () => {
  it('connecting after mapping holds everything; connected pushes history a QBO account would quarantine', async () => {
    // 30 days back: outside QBO's 7-day window, inside Xero's year (X21).
    const { companyId, connectionId } = await company('xero', [day(30), day(1), day(1)])
    const connection = h.codat.connectionsById.get(connectionId)
    if (connection !== undefined) connection.status = 'Linked' // the SMB allowed access in Xero
    await h.app.services.worker.runOnce()
    expect((await feed(companyId)).link).toBe('not_linked')

    const mapped = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/accounts/acc-1/mapping`,
      headers: auth(),
      payload: { targetAccountId: DEFAULT_TARGETS[0]?.id, feedStartDate: day(2) },
    })
    expect(mapped.json().status).toBe('connecting')
    await h.app.services.worker.runOnce()
    expect((await feed(companyId)).link).toBe('not_linked')
    expect(stored()).toEqual([])

    h.codat.platforms.completeMapping(connectionId, 'acc-1')
    h.clock.advance(60_000) // the link re-check is due (a widening back-off while not linked)
    await h.app.services.worker.runOnce()
    expect(await feed(companyId)).toMatchObject({ link: 'linked', feedStartDate: day(2) })
    // The feed start date is advisory (X23): the line dated before it goes too.
    expect(stored().map((l) => [l.id, l.date, l.transactionType])).toEqual([
      ['t1', day(30), 'Debit'],
      ['t2', day(1), 'Credit'],
      ['t3', day(1), 'Debit'],
    ])
  })
})

describe('Sage: linked once connected (after Confirm), from the connect time', () => {
  it('connecting between OK and Confirm holds everything; connected links from the connect day', async () => {
    const { companyId, connectionId } = await company('sage', [day(1), day(1)])
    const account = h.codat.accounts.get(`${connectionId}/acc-1`)
    const connection = h.codat.connectionsById.get(connectionId)
    if (account === undefined || connection === undefined) throw new Error('not onboarded')
    connection.status = 'Linked'
    account.status = 'connecting'
    await h.app.services.worker.runOnce()
    expect((await feed(companyId)).link).toBe('not_linked')
    expect(h.codat.calls).not.toContain('transactions.create')

    account.status = 'connected'
    account.feedStartDate = `${day(3)}T10:41:07Z`
    h.clock.advance(60_000) // the link re-check is due (a widening back-off while not linked)
    await h.app.services.worker.runOnce()
    expect(await feed(companyId)).toMatchObject({ link: 'linked', feedStartDate: day(3) })
    expect(stored().map((l) => l.id)).toEqual(['t1', 't2'])
    expect(stored().every((l) => l.transactionType === 'Debit' || l.transactionType === 'Credit')).toBe(true)
  })
})

describe('Sage: never two writes in flight for one account (S23)', () => {
  it('pushes one statement and follows it to its end before the next, across stuck cycles', async () => {
    const dates = [day(3), day(3), day(2), day(2), day(1), day(1), day(1)]
    // Two lines a push, so the seven lines take four statements; each stays Pending for 4 reads
    // (more than FEEDSYNC_MAX_POLLS = 3 in one cycle), so the worker must come back for it.
    const { connectionId } = await company('sage', dates, { FEEDSYNC_MAX_BATCH_SIZE: '2' })
    h.codat.link(connectionId, ['acc-1'], `${day(5)}T08:00:00Z`)
    const reads = new Map<string, number>()
    const violations: string[] = []
    const { create, getCreateOperation } = h.codat.transactions
    Object.assign(h.codat.transactions, {
      create: async (r: Parameters<typeof create>[0]) => {
        const pending = [...h.codat.ops.values()].filter(
          (o) => o.accountId === r.accountId && o.op.status === 'Pending',
        )
        // A replay of the same batch (same Idempotency-Key) is not a second write.
        if (pending.length > 0 && !h.codat.ops.has(r.idempotencyKey ?? ''))
          violations.push(r.idempotencyKey ?? '?')
        return create(r)
      },
      getCreateOperation: async (r: Parameters<typeof getCreateOperation>[0]) => {
        const n = (reads.get(r.pushOperationKey) ?? 0) + 1
        reads.set(r.pushOperationKey, n)
        const o = h.codat.ops.get(r.pushOperationKey)
        if (o !== undefined && n <= 4) return { ...o.op }
        return getCreateOperation(r)
      },
    })
    for (let cycle = 0; cycle < 12 && stored().length < dates.length; cycle++) {
      await h.app.services.worker.runOnce()
    }
    expect(violations).toEqual([])
    expect(stored().map((l) => l.id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7'])
    expect(h.codat.calls.filter((c) => c === 'transactions.create')).toHaveLength(4)
    expect([...h.codat.ops.values()].every((o) => o.op.status === 'Success')).toBe(true)
  })
})
