import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'

const v1 = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  accountName: `Account ${id}`,
  accountType: 'Debit',
  accountNumber: '1234',
  currency: 'USD',
  balance: 10.5,
  ...extra,
})

const v2 = (id: string) => ({
  id,
  accountName: `Account ${id}`,
  accountType: 'checking',
  accountNumber: '1234',
  routingInfo: { bankCode: '021000021', type: 'aba' },
  currency: 'USD',
  balance: 10.5,
  accountInfo: { nickname: 'main', accountOpenDate: '2020-01-01' },
})

describe('source accounts', () => {
  it('create (v1) answers 200 with the stored account in status pending; a second with the same id is a 400', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts`
    const res = await h.call('POST', url, v1('b-1'))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: 'b-1',
      accountName: 'Account b-1',
      accountType: 'Debit',
      accountNumber: '1234',
      sortCode: null,
      currency: 'USD',
      balance: 10.5,
      modifiedDate: '2026-03-10T12:00:00Z',
      status: 'pending',
    })
    // v1 `feedStartDate` is `{$ref: DateTime, nullable: true}`: not nullable, so absent until connected.
    expect(res.body).not.toHaveProperty('feedStartDate')
    expect((await h.call('POST', url, v1('b-1'))).status).toBe(400)
  })

  it('create refuses unknown properties, a missing currency and a GBP account without sortCode', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts`
    expect((await h.call('POST', url, v1('x', { colour: 'red' }))).body.validation.errors[0].itemId).toBe(
      'colour',
    )
    expect((await h.call('POST', url, { id: 'y' })).body.validation.errors[0].itemId).toBe('currency')
    expect((await h.call('POST', url, v1('z', { currency: 'GBP' }))).body.validation.errors[0].itemId).toBe(
      'sortCode',
    )
  })

  it('v2 shape when the setting says v2 (or auto detects a v2 body)', async () => {
    for (const mode of ['v2', 'auto'] as const) {
      const h = new Harness({ sourceAccountSchema: mode })
      const s = await h.setup({ link: false, accountId: 'first' })
      const res = await h.call('POST', `${s.base}/connectionInfo/bankFeedAccounts`, v2('v2-1'))
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({
        accountType: 'checking',
        routingInfo: { bankCode: '021000021', type: 'aba' },
        accountInfo: {
          nickname: 'main',
          accountOpenDate: '2020-01-01',
          description: null,
          availableBalance: null,
        },
        status: 'pending',
        feedStartDate: null,
      })
    }
    const strict = new Harness({ sourceAccountSchema: 'v2' })
    const s = await strict.setup({ link: false, accountId: 'first' })
    expect(
      (
        await strict.call(
          'POST',
          `${s.base}/connectionInfo/bankFeedAccounts`,
          v1('v1', { accountType: 'Debit' }),
        )
      ).status,
    ).toBe(400)
  })

  it('batch create: 201 when all succeed, 207 when mixed, 409 when every account already exists', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts/batch`
    const all = await h.call('POST', url, [v1('n-1'), v1('n-2')])
    expect(all.status).toBe(201)
    expect(all.body[0]).toMatchObject({
      sourceAccountId: 'n-1',
      result: { statusCode: 200, error: null, account: { id: 'n-1' } },
    })
    const mixed = await h.call('POST', url, [v1('n-1'), v1('n-3')])
    expect(mixed.status).toBe(207)
    expect(mixed.body[0]).toEqual({
      sourceAccountId: 'n-1',
      result: { statusCode: '409', error: 'A source account with id n-1 already exists.' },
    })
    expect(mixed.body[1].result.statusCode).toBe(200)
    const conflict = await h.call('POST', url, [v1('n-1'), v1('n-2')])
    expect(conflict.status).toBe(409)
    expect(conflict.body.map((r: { result: { statusCode: string } }) => r.result.statusCode)).toEqual([
      '409',
      '409',
    ])
    expect((await h.call('POST', url, [])).status).toBe(400)
    const list = await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)
    expect(list.body.map((a: { id: string }) => a.id)).toEqual(['acc-1', 'n-1', 'n-2', 'n-3'])
  })

  it('PATCH changes accountName, status to disconnected, and balance only while not connected', async () => {
    const h = new Harness()
    const s = await h.setup()
    const url = `${s.base}/connectionInfo/bankFeedAccounts/${s.accountId}`
    expect((await h.call('PATCH', url, { accountName: 'Renamed' })).body.accountName).toBe('Renamed')
    const balance = await h.call('PATCH', url, { balance: 99 })
    expect(balance.status).toBe(400)
    expect(balance.body.validation.errors[0].message).toBe(
      'balance cannot be changed while the account is connected.',
    )
    expect((await h.call('PATCH', url, { status: 'connecting' })).status).toBe(400)
    expect((await h.call('PATCH', url, { accountNumber: '999' })).status).toBe(400)
    expect((await h.call('PATCH', url, { accountNumber: '12345678', currency: 'USD' })).status).toBe(200)
    const off = await h.call('PATCH', url, { status: 'disconnected' })
    expect(off.body.status).toBe('disconnected')
    expect((await h.call('GET', s.base)).body.status).toBe('Unlinked')
    expect((await h.call('PATCH', url, { balance: 99 })).body.balance).toBe(99)
  })

  it('PATCH on a v2 account answers the v1 SourceAccount (the documented PATCH schema); list still shows v2', async () => {
    const h = new Harness({ sourceAccountSchema: 'v2' })
    const s = await h.setup({ link: false, accountId: 'first' })
    const url = `${s.base}/connectionInfo/bankFeedAccounts`
    expect((await h.call('POST', url, v2('v2-1'))).status).toBe(200)
    const patched = await h.call('PATCH', `${url}/v2-1`, { accountName: 'Renamed' })
    expect(patched.status).toBe(200)
    expect(Object.keys(patched.body).sort()).toEqual([
      'accountName',
      'accountNumber',
      'accountType',
      'balance',
      'currency',
      'id',
      'modifiedDate',
      'sortCode',
      'status',
    ])
    expect(patched.body).toMatchObject({ id: 'v2-1', accountName: 'Renamed', accountType: 'checking' })
    const listed = (await h.call('GET', url)).body.find((a: { id: string }) => a.id === 'v2-1')
    expect(listed).toMatchObject({
      accountName: 'Renamed',
      routingInfo: { bankCode: '021000021', type: 'aba' },
    })
  })

  it('delete is 204 and the account is gone', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts/${s.accountId}`
    expect((await h.call('DELETE', url)).status).toBe(204)
    expect((await h.call('DELETE', url)).status).toBe(404)
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body).toEqual([])
  })
})

describe('credentials and mapping', () => {
  it('generate accepts any or no body and mints a new pair each time; earlier pairs stay valid until revoked', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts/credentials`
    const a = await h.call('POST', url)
    const b = await h.app.inject({
      method: 'POST',
      url,
      headers: {
        authorization: `Basic ${Buffer.from('test-api-key').toString('base64')}`,
        'content-type': 'application/octet-stream',
      },
      payload: 'raw bytes',
    })
    expect(b.statusCode).toBe(200)
    expect(JSON.parse(b.body).username).not.toBe(a.body.username)
    const link = (cred: { username: string; password: string }) =>
      h.call('POST', '/_sim/qbo/link', {
        companyId: s.companyId,
        connectionId: s.connectionId,
        ...cred,
        accounts: [{ sourceAccountId: s.accountId, qboAccountName: 'Feed' }],
        feedStartDate: '2026-03-09',
      })
    expect((await link(a.body)).status).toBe(200)
    expect((await link({ username: a.body.username, password: 'wrong' })).status).toBe(401)
    expect((await h.call('DELETE', url)).status).toBe(204)
    const refused = await link(a.body)
    expect(refused.status).toBe(401)
    expect(refused.body.error).toBe(
      'QuickBooks Online could not sign in: the credentials are unknown or have been revoked.',
    )
  })

  it('QBO link is refused without source accounts, with unknown accounts and with a future feed start date', async () => {
    const h = new Harness()
    const c = (await h.call('POST', '/companies', { name: 'A' })).body
    const conn = (await h.call('POST', `/companies/${c.id}/connections`, { platformKey: 'hcws' })).body
    const base = `/companies/${c.id}/connections/${conn.id}`
    const cred = (await h.call('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`)).body
    const body = (accounts: unknown[], feedStartDate = '2026-03-09') => ({
      companyId: c.id,
      connectionId: conn.id,
      ...cred,
      accounts,
      feedStartDate,
    })
    expect(
      (await h.call('POST', '/_sim/qbo/link', body([{ sourceAccountId: 'x', qboAccountName: 'n' }]))).status,
    ).toBe(400)
    await h.call('POST', `${base}/connectionInfo/bankFeedAccounts`, { id: 'a', currency: 'USD' })
    expect((await h.call('POST', '/_sim/qbo/link', body([]))).status).toBe(400)
    expect(
      (await h.call('POST', '/_sim/qbo/link', body([{ sourceAccountId: 'x', qboAccountName: 'n' }]))).status,
    ).toBe(400)
    expect(
      (
        await h.call(
          'POST',
          '/_sim/qbo/link',
          body([{ sourceAccountId: 'a', qboAccountName: 'n' }], '2026-03-11'),
        )
      ).status,
    ).toBe(400)
    expect((await h.call('GET', base)).body.status).toBe('PendingAuth')
  })

  it('mapping GET lists the accounts with their QBO status; POST is a 400 for QBO', async () => {
    const h = new Harness()
    const s = await h.setup()
    const m = await h.call('GET', `${s.base}/bankFeedAccounts/mapping`)
    expect(m.body).toEqual([
      {
        sourceAccountId: 'acc-1',
        sourceAccountName: 'Business Checking',
        sourceAccountNumber: '12345678',
        sourceBalance: 0,
        sourceCurrency: 'USD',
        targetAccountId: null,
        targetAccountName: 'Checking (feed)',
        status: 'connected',
        targetAccountOptions: null,
        feedStartDate: '2026-03-03T00:00:00',
      },
    ])
    expect(
      (await h.call('POST', `${s.base}/bankFeedAccounts/mapping`, { sourceAccountId: 'acc-1' })).status,
    ).toBe(400)
  })

  it('QBO-unsupported endpoints answer as section 5.1 says', async () => {
    const h = new Harness()
    const s = await h.setup()
    expect((await h.call('GET', `${s.base}/bankFeeds/info`)).status).toBe(400)
    expect((await h.call('POST', `${s.base}/bankFeeds/otp`, {})).status).toBe(400)
    expect((await h.call('GET', `${s.base}/data/bankAccounts`)).status).toBe(409)
    expect(
      (await h.call('GET', `${s.base}/bankFeedAccounts/acc-1/managedBankFeeds/syncs/latest`)).status,
    ).toBe(204)
    const model = await h.call('GET', `${s.base}/options/bankAccounts/acc-1/bankTransactions`)
    expect(
      model.body.properties.transactions.properties.transactionType.options.map(
        (o: { value: string }) => o.value,
      ),
    ).toEqual(['Credit', 'Debit', 'Unknown'])
  })
})
