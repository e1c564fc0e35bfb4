import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { sageLine } from '../../testing/sage-helpers.js'

describe('Sage seed flow over HTTP (PLATFORMS.md §3, §6)', () => {
  it('company, olpr connection, source account, OTP, Connect Bank, select, confirm, push, Pending -> Success, refresh, lines in Sage', async () => {
    const h = new Harness()
    const company = await h.call('POST', '/companies', { name: 'Sage Ltd' })
    const companyId = company.body.id
    const conn = await h.call('POST', `/companies/${companyId}/connections`, { platformKey: 'olpr' })
    expect(conn.status).toBe(200)
    expect(conn.body).toMatchObject({
      status: 'PendingAuth',
      integrationKey: 'olpr',
      platformName: 'SageBankFeed',
      sourceType: 'BankFeed',
    })
    const connectionId = conn.body.id
    const base = `/companies/${companyId}/connections/${connectionId}`
    const created = await h.call('POST', `${base}/connectionInfo/bankFeedAccounts`, {
      id: 'acc-1',
      accountName: 'Business Current',
      accountType: 'Debit',
      accountNumber: '12345678',
      sortCode: '123456',
      currency: 'GBP',
      balance: 0,
    })
    expect(created.body.status).toBe('pending')
    const business = await h.call('POST', '/_sim/sage/businesses', {
      name: 'Sage Ltd books',
      bankAccounts: [{ id: 'bank-1', name: 'Current account', currency: 'GBP' }],
    })
    expect(business.status).toBe(200)
    const businessId = business.body.id
    const otp = await h.call('POST', `${base}/bankFeeds/otp`)
    expect(otp.status).toBe(200)
    expect(otp.body.otp).toMatch(/^[A-Z0-9]{6}$/)
    expect(otp.body.expiry).toBe('2026-03-10T12:10:00Z')
    const listed = await h.call('POST', '/_sim/sage/connect-bank', {
      businessId,
      sageBankAccountId: 'bank-1',
      connectionId,
      otp: otp.body.otp,
    })
    expect(listed.status).toBe(200)
    expect(listed.body.sourceAccounts.map((a: { id: string }) => a.id)).toEqual(['acc-1'])
    const selected = await h.call('POST', '/_sim/sage/select', { sourceAccountId: 'acc-1' })
    expect(selected.status).toBe(200)
    expect(selected.body.connection.status).toBe('Linked')
    expect(selected.body.sourceAccounts[0].status).toBe('connecting')
    const confirmed = await h.call('POST', '/_sim/sage/confirm', { businessId, sageBankAccountId: 'bank-1' })
    expect(confirmed.body.sourceAccounts[0]).toMatchObject({
      status: 'connected',
      feedStartDate: '2026-03-10T00:00:00',
    })

    const push = await h.push(`${base}/push/bankAccounts/acc-1/bankTransactions`, 'acc-1', [
      sageLine('t1', '2026-03-10T09:00:00', 100, 100),
      sageLine('t2', '2026-03-10T10:00:00', -30.5, 69.5),
    ])
    expect(push.status).toBe(200)
    expect(push.body.status).toBe('Pending')
    const opUrl = `/companies/${companyId}/push/${push.body.pushOperationKey}`
    await h.advance('PT59S')
    expect((await h.call('GET', opUrl)).body.status).toBe('Pending')
    await h.advance('PT1S')
    expect((await h.call('GET', opUrl)).body.status).toBe('Success')

    const before = await h.call('GET', `/_sim/sage/businesses/${businessId}`)
    expect(before.body.bankAccounts[0]).toMatchObject({ lines: [], awaitingRefresh: 2, feedState: 'Pending' })
    const refreshed = await h.call('POST', '/_sim/sage/refresh', { businessId })
    expect(refreshed.status).toBe(200)
    const view = await h.call('GET', `/_sim/sage/businesses/${businessId}`)
    const bank = view.body.bankAccounts[0]
    expect(bank.lines.map((l: { id: string; amount: string }) => [l.id, l.amount])).toEqual([
      ['t1', '100'],
      ['t2', '-30.5'],
    ])
    expect(bank).toMatchObject({ balance: '69.5', feedState: 'Active', awaitingRefresh: 0 })
    expect(bank.statements).toEqual([
      expect.objectContaining({ pushOperationKey: push.body.pushOperationKey, status: 'Success' }),
    ])
  })
})
