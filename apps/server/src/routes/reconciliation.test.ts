import { describe, expect, it } from 'vitest'
import { accountStream } from '../streams.js'
import { useReconFixture } from '../testing/reconciliation-fixture.js'

const f = useReconFixture()

interface Item {
  transactionId: string
  amount: string
  state: string
  code: string
  actions: string[]
  description: string
  redatedTo?: string
}
const report = async (query = '') => {
  const res = await f.send('GET', `${f.base}/reconciliation${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('the reconciliation report', () => {
  it('given two pushed lines and two parked ones, explains the difference by exactly the parked lines', async () => {
    await f.setUp()
    const r = await report()
    expect(r).toMatchObject({
      companyId: f.companyId,
      accountId: 'acc-1',
      accountName: 'Checking',
      settings: { latePostings: 'quarantine' },
      currency: 'USD',
      asOf: null,
      bank: { balance: '1100.00', reportedBalance: null },
      destination: { balance: '1150.00', pushedCount: 2 },
      difference: '-50.00',
      unexplained: '0.00',
    })
    expect(r.items.map((i: Item) => [i.transactionId, i.amount, i.state, i.code, i.actions])).toEqual([
      ['early', '-20.00', 'quarantined', 'before_feed_start', ['redate', 'dismiss']],
      ['late', '-30.00', 'quarantined', 'older_than_destination', ['redate', 'dismiss']],
    ])
    expect(r.items[1].description).toBe('Late card posting')
  })

  it('with asOf counts only the lines dated up to that day on both sides', async () => {
    await f.setUp()
    const r = await report('?asOf=2026-11-22')
    expect(r).toMatchObject({
      asOf: '2026-11-22',
      bank: { balance: '950.00' },
      destination: { balance: '1000.00' },
      difference: '-50.00',
      unexplained: '0.00',
    })
  })

  it('says at ingest which lines will not go as sent', async () => {
    await f.setUp()
    expect(f.parked).toEqual([
      {
        id: 'early',
        result: 'recorded',
        warning: { code: 'before_feed_start', message: expect.any(String) },
      },
      {
        id: 'late',
        result: 'recorded',
        warning: { code: 'older_than_destination', message: expect.any(String) },
      },
    ])
  })

  it('gives the balances day by day', async () => {
    await f.setUp()
    const res = await f.send('GET', `${f.base}/reconciliation/series`)
    expect(res.statusCode).toBe(200)
    const points = res.json().results
    expect(points[0]).toEqual({ day: '2026-11-19', bank: '980.00', destination: '1000.00' })
    expect(points.at(-1)).toEqual({ day: '2026-11-24', bank: '1100.00', destination: '1150.00' })
  })
})

describe('the way out of a parked line', () => {
  it('redate: pushed once on the earliest day QuickBooks accepts, its bank date in the description; the difference shrinks by it', async () => {
    await f.setUp()
    const res = await f.send(
      'POST',
      `${f.base}/transactions/late/redate`,
      { note: 'late posting' },
      { 'x-operator': 'ops@bank.example' },
    )
    expect(res.statusCode, res.body).toBe(200)
    const after = res.json()
    expect(after.items.find((i: Item) => i.transactionId === 'late')).toMatchObject({
      state: 'ready',
      redatedTo: '2026-11-24',
    })
    await f.sync()
    const r = await report()
    expect(r).toMatchObject({ difference: '-20.00', unexplained: '0.00', destination: { pushedCount: 3 } })
    const lines = f.h.codat.storedLines('acc-1').filter((l) => l.line.id === 'late')
    expect(lines.map((l) => [l.line.date?.slice(0, 10), l.line.description])).toEqual([
      ['2026-11-24', 'Late card posting (bank date 2026-11-22)'],
    ])
    const events = await f.h.store.readStream(accountStream(f.companyId, 'acc-1'))
    expect(events.find((e) => e.type === 'TransactionRedated')?.data).toMatchObject({
      transactionId: 'late',
      note: 'late posting',
      by: 'ops@bank.example',
    })
    const list = await f.send('GET', `${f.base}/transactions?orderBy=id`)
    expect(list.json().results.find((t: { id: string }) => t.id === 'late').sync).toMatchObject({
      status: 'pushed',
      redatedTo: '2026-11-24',
    })
  })

  it('dismiss: the line stays in the report as dismissed, by the tenant when no operator is named', async () => {
    await f.setUp()
    const res = await f.send('POST', `${f.base}/transactions/early/dismiss`, { note: 'fee refunded' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().items[0]).toMatchObject({
      transactionId: 'early',
      state: 'dismissed',
      code: 'dismissed',
      actions: [],
    })
    expect(res.json().difference).toBe('-50.00')
    const events = await f.h.store.readStream(accountStream(f.companyId, 'acc-1'))
    expect(events.find((e) => e.type === 'TransactionDismissed')?.data).toMatchObject({
      by: expect.stringMatching(/^t_/),
    })
    const list = await f.send('GET', `${f.base}/transactions?syncStatus=dismissed`)
    expect(list.json().results.map((t: { id: string }) => t.id)).toEqual(['early'])
  })

  it('accept-balance: a line held as balance_mismatch and the ones after it flow again', async () => {
    await f.setUp()
    const off = { id: 'm1', date: '2026-11-24', description: 'Deposit', amount: '10.00', balance: '1200.00' }
    await f.send('POST', `${f.base}/transactions`, { transactions: [{ ...off, status: 'cleared' }] })
    const held = (await report()).items.find((i: Item) => i.transactionId === 'm1')
    expect(held).toMatchObject({
      state: 'held',
      code: 'balance_mismatch',
      actions: ['accept_balance', 'dismiss'],
    })
    const res = await f.send('POST', `${f.base}/transactions/m1/accept-balance`, {
      note: 'bank fee not sent',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().bank.acceptedGaps).toEqual([
      expect.objectContaining({ transactionId: 'm1', offset: '90.00', note: 'bank fee not sent' }),
    ])
    await f.sync()
    const r = await report()
    expect(r.items.map((i: Item) => i.transactionId)).toEqual(['early', 'late'])
    expect(r.unexplained).toBe('0.00')
  })

  it('settings: latePostings redate pushes every late line without an action, and ingest says so', async () => {
    await f.setUp()
    const res = await f.send('PATCH', `${f.base}/settings`, { latePostings: 'redate' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().settings).toEqual({ latePostings: 'redate' })
    const more = await f.send('POST', `${f.base}/transactions`, {
      transactions: [
        { id: 'late2', date: '2026-11-21', description: 'Later', amount: '-5.00', status: 'cleared' },
      ],
    })
    expect(more.json().results[0].warning.code).toBe('redated')
    await f.sync()
    const r = await report()
    expect(r).toMatchObject({ difference: '0.00', unexplained: '0.00', items: [] })
  })
})

describe('the company rollup and the tenant exceptions', () => {
  it('rolls the accounts of a company up, with the difference per currency', async () => {
    await f.setUp()
    const res = await f.send('GET', `/v1/companies/${f.companyId}/reconciliation`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      companyId: f.companyId,
      accounts: [
        {
          accountId: 'acc-1',
          accountName: 'Checking',
          currency: 'USD',
          difference: '-50.00',
          items: 2,
          oldestStuckSince: '2026-11-19T00:00:00.000Z',
        },
      ],
      differences: [{ currency: 'USD', difference: '-50.00' }],
    })
  })

  it('lists the accounts with a difference or a stuck line, filtered by state and by age', async () => {
    await f.setUp()
    const mine = async (query = '') => {
      const res = await f.send('GET', `/v1/reconciliation${query}`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json().results.filter((a: { companyId: string }) => a.companyId === f.companyId)
    }
    expect(await mine()).toEqual([
      expect.objectContaining({
        companyId: f.companyId,
        accountId: 'acc-1',
        difference: '-50.00',
        items: 2,
        byState: { ready: 0, held: 0, quarantined: 2, dismissed: 0, in_flight: 0 },
        stuckMinutes: (6 * 24 + 9) * 60,
      }),
    ])
    expect(await mine('?state=held')).toEqual([])
    expect(await mine('?state=quarantined')).toHaveLength(1)
    expect(await mine('?stuckForMinutes=10000')).toHaveLength(0)
    expect(await mine('?stuckForMinutes=8000')).toHaveLength(1)
  })
})
