import { describe, expect, it } from 'vitest'
import { Harness } from '../testing/harness.js'

describe('the 2023 surface used by the seed tutorial', () => {
  it('proxy generatecredentials returns a credential pair QBO accepts', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const endpoint = encodeURIComponent(`generatecredentials?dataconnectionid=${s.connectionId}`)
    const res = await h.call('GET', `${s.base}/data/proxy?endpoint=${endpoint}`)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(['username', 'password'])
    const link = await h.call('POST', '/_sim/qbo/link', {
      companyId: s.companyId,
      connectionId: s.connectionId,
      ...res.body,
      accounts: [{ sourceAccountId: s.accountId, qboAccountName: 'Feed' }],
      feedStartDate: '2026-03-09',
    })
    expect(link.status).toBe(200)
    const unknown = await h.call(
      'GET',
      `${s.base}/data/proxy?endpoint=${encodeURIComponent('somethingelse')}`,
    )
    expect(unknown.status).toBe(404)
    expect(unknown.body).not.toHaveProperty('validation')
  })

  it('PUT bankFeedAccounts creates or updates by id', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts`
    const res = await h.call('PUT', url, [
      { id: 'acc-1', accountName: 'Renamed', currency: 'USD', balance: 5 },
      { id: 'new', accountName: 'New', currency: 'USD', balance: 1 },
    ])
    expect(res.status).toBe(200)
    expect(res.body.map((a: { id: string; accountName: string }) => [a.id, a.accountName])).toEqual([
      ['acc-1', 'Renamed'],
      ['new', 'New'],
    ])
    expect((await h.call('GET', url)).body).toHaveLength(2)
    expect((await h.call('PUT', url, { id: 'x' })).status).toBe(400)
  })

  it('list bank transactions: 409 until the first successful write, then the stored lines, paged and ordered', async () => {
    const h = new Harness()
    const s = await h.setup()
    const url = `${s.base}/data/bankAccounts/${s.accountId}/bankTransactions`
    const early = await h.call('GET', url)
    expect(early.status).toBe(409)
    expect(early.body.error).toBe('The data set has not been requested.')
    await h.push(s.pushUrl, s.accountId, [
      {
        id: 'a',
        date: '2026-03-09T08:00:00',
        description: 'first',
        amount: 1.5,
        balance: 1.5,
        transactionType: 'Credit',
      },
      { id: 'b', date: '2026-03-10', description: 'second', amount: -0.5, balance: 1 },
    ])
    await h.advance('PT2S')
    const list = await h.call('GET', `${url}?orderBy=-clearedOnDate&pageSize=1`)
    expect(list.body).toMatchObject({ pageNumber: 1, pageSize: 1, totalResults: 2 })
    expect(list.body.results[0]).toEqual({
      id: 'b',
      accountId: 'acc-1',
      clearedOnDate: '2026-03-10T00:00:00',
      description: 'second',
      reconciled: false,
      amount: -0.5,
      balance: 1,
      transactionType: 'Unknown',
      modifiedDate: '2026-03-10T12:00:02Z',
      sourceModifiedDate: '2026-03-10T12:00:02Z',
    })
    const q = await h.call('GET', `${url}?query=${encodeURIComponent('amount>0')}`)
    expect(q.body.results.map((l: { id: string }) => l.id)).toEqual(['a'])
  })
})
