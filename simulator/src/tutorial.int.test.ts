import { describe, expect, it } from 'vitest'
import { Harness } from './testing/harness.js'

describe('the tutorial flow over HTTP', () => {
  it('given a linked feed, when seven days of history are pushed and QBO pulls, then QBO shows the test lines and the pushed lines with the last balance', async () => {
    const h = new Harness()
    const company = await h.call('POST', '/companies', { name: 'Bakery (Main St) [1]' })
    expect(company.status).toBe(200)
    expect(company.body.name).toBe('Bakery Main St 1')
    const companyId = company.body.id

    const conn = await h.call('POST', `/companies/${companyId}/connections`, { platformKey: 'hcws' })
    expect(conn.status).toBe(200)
    expect(conn.body).toMatchObject({ status: 'PendingAuth', sourceType: 'BankFeed', integrationKey: 'hcws' })
    expect(conn.body.linkUrl).toMatch(
      new RegExp(
        `^https://link-api.codat.io/companies/${companyId}/connections/${conn.body.id}/start\\?otp=\\d{6}$`,
      ),
    )
    const base = `/companies/${companyId}/connections/${conn.body.id}`

    const account = await h.call('POST', `${base}/connectionInfo/bankFeedAccounts`, {
      id: 'chk-1',
      accountName: 'Checking',
      accountType: 'Debit',
      accountNumber: '0001',
      currency: 'USD',
      balance: 100,
    })
    expect(account.status).toBe(200)
    expect(account.body.status).toBe('pending')

    const creds = await h.call('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`)
    expect(creds.status).toBe(200)
    expect(creds.body.username).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    expect(creds.body.password).toMatch(/^[A-Za-z0-9]{16}$/)

    const link = await h.call('POST', '/_sim/qbo/link', {
      companyId,
      connectionId: conn.body.id,
      username: creds.body.username,
      password: creds.body.password,
      accounts: [{ sourceAccountId: 'chk-1', qboAccountName: 'Checking feed' }],
      feedStartDate: '2026-03-03',
    })
    expect(link.status).toBe(200)
    const accounts = await h.call('GET', `${base}/connectionInfo/bankFeedAccounts`)
    expect(accounts.body[0]).toMatchObject({ status: 'connected', feedStartDate: '2026-03-03T00:00:00' })
    expect((await h.call('GET', base)).body.status).toBe('Linked')

    const days = [
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ]
    const lines = days.map((d, i) => ({
      id: `h-${i}`,
      date: `${d}T09:00:00`,
      description: `history ${i}`,
      amount: 10.1,
      balance: Number((100 + 10.1 * (i + 1)).toFixed(2)),
      transactionType: 'Credit',
    }))
    const push = await h.call('POST', `${base}/push/bankAccounts/chk-1/bankTransactions`, {
      accountId: 'chk-1',
      transactions: lines,
    })
    expect(push.status).toBe(200)
    expect(push.body).toMatchObject({ status: 'Pending', statusCode: 202, dataType: 'bankTransactions' })
    expect(push.body.data.transactions).toHaveLength(7)

    await h.advance('PT2S')
    const op = await h.call('GET', `/companies/${companyId}/push/${push.body.pushOperationKey}`)
    expect(op.body).toMatchObject({ status: 'Success', statusCode: 200 })
    expect(op.body.validation.errors).toEqual([])

    const before = await h.call('GET', `/_sim/qbo/accounts/${companyId}/${conn.body.id}`)
    expect(before.body.accounts[0].lines.filter((l: { isTest: boolean }) => !l.isTest)).toHaveLength(0)

    const update = await h.call('POST', '/_sim/qbo/update', { companyId, connectionId: conn.body.id })
    expect(update.status).toBe(200)
    const view = update.body.accounts[0]
    expect(view.qboAccountName).toBe('Checking feed')
    expect(view.lines).toHaveLength(9)
    expect(
      view.lines
        .slice(0, 2)
        .map((l: { isTest: boolean; amount: string; date: string }) => [l.isTest, l.amount, l.date]),
    ).toEqual([
      [true, '0.01', '2026-03-02'],
      [true, '-0.01', '2026-03-02'],
    ])
    expect(view.lines.slice(2).map((l: { id: string }) => l.id)).toEqual(lines.map((l) => l.id))
    expect(view.balance).toBe('170.7')
    expect(view.lastPulledAt).toBe('2026-03-10T12:00:02Z')
  })

  it('QBO pulls by itself at 06:00 company time every day', async () => {
    const h = new Harness()
    const s = await h.setup()
    await h.push(s.pushUrl, s.accountId, [
      { id: 'a', date: '2026-03-10', description: 'x', amount: 5, balance: 5 },
    ])
    await h.advance('PT2S')
    expect(
      (await h.call('GET', `/_sim/qbo/accounts/${s.companyId}/${s.connectionId}`)).body.accounts[0].balance,
    ).toBe(null)
    await h.advance('PT17H59M57S')
    const early = (await h.call('GET', `/_sim/qbo/accounts/${s.companyId}/${s.connectionId}`)).body
      .accounts[0]
    expect(early.balance).toBe(null)
    await h.advance('PT1S')
    const view = (await h.call('GET', `/_sim/qbo/accounts/${s.companyId}/${s.connectionId}`)).body.accounts[0]
    expect(view.balance).toBe('5')
    expect(view.lastPulledAt).toBe('2026-03-11T06:00:00Z')
  })
})
