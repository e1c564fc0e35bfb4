import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { linkOtp, xeroLine } from '../../testing/xero-helpers.js'

describe('Xero seed-like flow over HTTP (X1, X4, X7, X9-X14, X27)', () => {
  it('company, gbol connection, source account, consent, mapping, push, the lines in Xero', async () => {
    const h = new Harness()
    const company = await h.call('POST', '/companies', { name: 'Kiwi Ltd' })
    const companyId = company.body.id
    const conn = await h.call('POST', `/companies/${companyId}/connections`, { platformKey: 'gbol' })
    expect(conn.body).toMatchObject({
      status: 'PendingAuth',
      integrationKey: 'gbol',
      platformName: 'Xero',
      sourceType: 'Accounting',
    })
    const connectionId = conn.body.id
    expect(conn.body.linkUrl).toMatch(
      new RegExp(`/_sim/link/companies/${companyId}/connections/${connectionId}/start\\?otp=\\d{6}$`),
    )
    const base = `/companies/${companyId}/connections/${connectionId}`
    const created = await h.call('POST', `${base}/connectionInfo/bankFeedAccounts`, {
      id: 'chk',
      accountName: 'Business Checking',
      accountType: 'Debit',
      accountNumber: '12345678',
      currency: 'USD',
      balance: 0,
    })
    expect(created.status).toBe(200)
    const org = await h.call('POST', '/_sim/xero/orgs', {
      name: 'Kiwi Ltd books',
      baseCurrency: 'USD',
      bankAccounts: [{ name: 'Checking', type: 'BANK', currency: 'USD', accountNumber: '555' }],
    })
    const orgId = org.body.id
    const consent = await h.call('POST', '/_sim/xero/consent', {
      companyId,
      connectionId,
      otp: await linkOtp(h, base),
      orgId,
      decision: 'allow',
    })
    expect(consent.status).toBe(200)
    expect((await h.call('GET', base)).body.status).toBe('Linked')
    const info = await h.call('GET', `${base}/bankFeeds/info`)
    expect(info.body).toEqual({
      companyName: 'Kiwi Ltd books',
      baseCurrency: 'USD',
      planType: null,
      multicurrencyEnabled: false,
      currencies: ['USD'],
    })
    const mapping = await h.call('GET', `${base}/bankFeedAccounts/mapping`)
    const target = mapping.body[0].targetAccountOptions[0]
    expect(target).toMatchObject({ name: 'Checking', accountNumber: '555' })
    const posted = await h.call('POST', `${base}/bankFeedAccounts/mapping`, {
      sourceAccountId: 'chk',
      targetAccountId: target.id,
      feedStartDate: '2026-03-01T00:00:00',
    })
    expect(posted.body).toEqual({
      sourceAccountId: 'chk',
      targetAccountId: target.id,
      status: 'connecting',
      error: null,
    })
    await h.advance('PT5S')
    const mapped = await h.call('GET', `${base}/bankFeedAccounts/mapping`)
    expect(mapped.body[0]).toMatchObject({
      status: 'connected',
      targetAccountId: target.id,
      targetAccountName: 'Checking',
      feedStartDate: '2026-03-01T00:00:00',
    })
    const push = await h.push(`${base}/push/bankAccounts/chk/bankTransactions`, 'chk', [
      xeroLine('t1', '2026-03-08', 100, 100),
      xeroLine('t2', '2026-03-09', -3.5, 96.5),
    ])
    expect(push.body.status).toBe('Pending')
    await h.advance('PT5S')
    const op = await h.call('GET', `/companies/${companyId}/push/${push.body.pushOperationKey}`)
    expect(op.body.status).toBe('Success')
    const view = await h.call('GET', `/_sim/xero/orgs/${orgId}`)
    const account = view.body.bankAccounts[0]
    expect(account.lines.map((l: { id: string }) => l.id)).toEqual(['t1', 't2'])
    expect(account.balance).toBe('96.5')
    expect(account.statements[0]).toMatchObject({
      state: 'DELIVERED',
      opening: '0',
      closing: '96.5',
      lines: 2,
    })
    expect((await h.call('GET', `${base}/data/bankAccounts`)).status).toBe(409) // read runs 30 s after consent
    await h.advance('PT20S')
    const read = await h.call('GET', `${base}/data/bankAccounts`)
    expect(read.status).toBe(200)
    expect(read.body.results[0]).toMatchObject({
      id: target.id,
      accountName: 'Checking',
      accountType: 'Debit',
      balance: null,
    })
  })
})
