import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { xeroSetup } from '../../testing/xero-helpers.js'

const ORG = {
  baseCurrency: 'USD',
  bankAccounts: [
    { name: 'Checking', type: 'BANK', currency: 'USD', accountNumber: '555' },
    { name: 'Fed elsewhere', type: 'BANK', currency: 'USD', feed: 'other' },
    { name: 'Card', type: 'CREDITCARD', currency: 'USD' },
    { name: 'Euro', type: 'BANK', currency: 'EUR' },
  ],
}
const names = (row: { targetAccountOptions: { name: string }[] }) =>
  row.targetAccountOptions.map((o) => o.name)

describe('Xero account mapping through Codat (X3, X10-X14)', () => {
  it('X10: options are the source currency and type, already-fed targets included; no targetAccountName until mapped', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false, org: ORG })
    const [row] = (await h.call('GET', `${s.base}/bankFeedAccounts/mapping`)).body
    expect(names(row)).toEqual(['Checking', 'Fed elsewhere'])
    expect(row).toMatchObject({ sourceAccountId: s.accountId, status: 'pending', targetAccountId: null })
    expect(row).not.toHaveProperty('targetAccountName')
    expect(row).not.toHaveProperty('feedStartDate')
  })

  it('X3: a Credit source account is offered CREDITCARD targets; an unknown type is refused (Failed)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false, org: ORG, account: { accountType: 'Credit' } })
    const [row] = (await h.call('GET', `${s.base}/bankFeedAccounts/mapping`)).body
    expect(names(row)).toEqual(['Card'])
    const other = await xeroSetup(h, { map: false, org: ORG, account: { accountType: 'Savings' } })
    const res = await h.call('POST', `${other.base}/bankFeedAccounts/mapping`, {
      sourceAccountId: other.accountId,
    })
    expect(res.body).toMatchObject({ status: 'Failed', error: expect.stringMatching(/Account type Savings/) })
  })

  it('X11/X13: without targetAccountId Xero creates a target named like the source; connecting until xeroMappingLatency', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false, org: ORG })
    const res = await h.call('POST', `${s.base}/bankFeedAccounts/mapping`, { sourceAccountId: s.accountId })
    expect(res.body).toEqual({
      sourceAccountId: s.accountId,
      targetAccountId: null,
      status: 'connecting',
      error: null,
    })
    await h.advance('PT4S')
    const list = `${s.base}/connectionInfo/bankFeedAccounts`
    expect((await h.call('GET', list)).body[0].status).toBe('connecting')
    await h.advance('PT1S')
    expect((await h.call('GET', list)).body[0].status).toBe('connected')
    const [row] = (await h.call('GET', `${s.base}/bankFeedAccounts/mapping`)).body
    expect(row).toMatchObject({ status: 'connected', targetAccountName: 'Business Checking' })
    const org = await h.call('GET', `/_sim/xero/orgs/${s.orgId}`)
    expect(org.body.bankAccounts.find((b: { id: string }) => b.id === row.targetAccountId)).toMatchObject({
      name: 'Business Checking',
      type: 'BANK',
      feed: `codat:${s.accountId}`,
    })
  })

  it('X12: refusals are HTTP 200 Failed with an error; nothing changes', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false, org: ORG })
    const org = (await h.call('GET', `/_sim/xero/orgs/${s.orgId}`)).body
    const id = (name: string) => org.bankAccounts.find((b: { name: string }) => b.name === name).id
    const post = (targetAccountId: string) =>
      h.call('POST', `${s.base}/bankFeedAccounts/mapping`, { sourceAccountId: s.accountId, targetAccountId })
    expect((await post('no-such')).body).toMatchObject({
      status: 'Failed',
      error: 'Target account is not a valid option',
    })
    expect((await post(id('Euro'))).body.error).toBe('Target account is not a valid option')
    expect((await post(id('Card'))).body.error).toBe('Target account is not a valid option')
    expect((await post(id('Fed elsewhere'))).body.error).toBe(
      'A feed connection already exists to this account',
    )
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].status).toBe('pending')
    expect((await post(id('Checking'))).body.status).toBe('connecting')
    await h.advance('PT5S')
    expect((await post(id('Checking'))).body.error).toBe('Source account is already connected')
  })

  it('X12: multi-currency off refuses a source in another currency; unknown source 404; not Linked 400; malformed 400', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false, org: ORG, account: { currency: 'EUR' } })
    const url = `${s.base}/bankFeedAccounts/mapping`
    expect((await h.call('POST', url, { sourceAccountId: s.accountId })).body.error).toBe(
      'Multi-currency is not enabled for this organisation',
    )
    expect((await h.call('POST', url, { sourceAccountId: 'nope' })).status).toBe(404)
    expect((await h.call('POST', url, {})).status).toBe(400)
    expect((await h.call('POST', url, { sourceAccountId: s.accountId, feedStartDate: 'soon' })).status).toBe(
      400,
    )
    const pending = await xeroSetup(h, { consent: false })
    expect(
      (
        await h.call('POST', `${pending.base}/bankFeedAccounts/mapping`, {
          sourceAccountId: pending.accountId,
        })
      ).status,
    ).toBe(400)
  })

  it('X13: a target fed meanwhile refuses the mapping late; the source goes back to pending', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false, org: ORG })
    await h.call('POST', `${s.base}/connectionInfo/bankFeedAccounts`, {
      id: 'second',
      accountName: 'Second',
      accountType: 'Debit',
      accountNumber: '2',
      currency: 'USD',
      balance: 0,
    })
    const [row] = (await h.call('GET', `${s.base}/bankFeedAccounts/mapping`)).body
    const target = row.targetAccountOptions[0].id
    const url = `${s.base}/bankFeedAccounts/mapping`
    expect(
      (await h.call('POST', url, { sourceAccountId: s.accountId, targetAccountId: target })).body.status,
    ).toBe('connecting')
    expect(
      (await h.call('POST', url, { sourceAccountId: 'second', targetAccountId: target })).body.status,
    ).toBe('connecting')
    await h.advance('PT5S')
    const statuses = (await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body.map(
      (a: { status: string }) => a.status,
    )
    expect(statuses).toEqual(['connected', 'pending'])
  })

  it('X14: feedStartDate omitted is the mapping day at 00:00:00, shown only once connected; the mapping UI does the same', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false, org: ORG })
    const res = await h.call('POST', '/_sim/xero/mapping-ui', {
      companyId: s.companyId,
      connectionId: s.connectionId,
      sourceAccountId: s.accountId,
      targetAccountId: null,
    })
    expect(res.body.status).toBe('connecting')
    const list = `${s.base}/connectionInfo/bankFeedAccounts`
    expect((await h.call('GET', list)).body[0]).not.toHaveProperty('feedStartDate')
    await h.advance('PT5S')
    expect((await h.call('GET', list)).body[0].feedStartDate).toBe('2026-03-10T00:00:00')
  })

  it('QBO answers POST mapping with 400 and GET mapping without target options', async () => {
    const h = new Harness()
    const q = await h.setup()
    expect(
      (await h.call('POST', `${q.base}/bankFeedAccounts/mapping`, { sourceAccountId: q.accountId })).status,
    ).toBe(400)
    expect(
      (await h.call('GET', `${q.base}/bankFeedAccounts/mapping`)).body[0].targetAccountOptions,
    ).toBeNull()
  })
})
