import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { validLine as ok, pushAndSettle } from '../../testing/push-helpers.js'

describe('QBO request rules: link state, feed switch, credentials, balances (Q1, Q10-Q12)', () => {
  it('Q1: a connection that is not Linked fails every line and stores nothing', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-10'), ok('b', '2026-03-10')])
    expect(op.status).toBe('Failed')
    expect(op.statusCode).toBe(400)
    expect(op.validation.errors).toEqual([
      {
        itemId: 'a',
        message: 'Q1: the connection is PendingAuth, not Linked.',
        validatorName: 'BankTransactions',
      },
      {
        itemId: 'b',
        message: 'Q1: the connection is PendingAuth, not Linked.',
        validatorName: 'BankTransactions',
      },
    ])
    expect(op.errorMessage).toMatch(
      /^An error occurred in a downstream service\. Correlation ID: [0-9a-f]{32}\./,
    )
    expect(op.completedOnUtc).toBe('2026-03-10T12:00:02Z')
  })

  it('Q1: a source account that is not connected is refused even on a Linked connection', async () => {
    const h = new Harness()
    const s = await h.setup()
    await h.call('POST', `${s.base}/connectionInfo/bankFeedAccounts`, {
      id: 'acc-2',
      currency: 'USD',
      balance: 0,
    })
    const op = await pushAndSettle(h, `${s.base}/push/bankAccounts/acc-2/bankTransactions`, 'acc-2', [
      ok('x', '2026-03-10'),
    ])
    expect(op.status).toBe('Failed')
    expect(op.validation.errors[0].message).toBe('Q1: the source account is pending, not connected.')
  })

  it('Q10: the balance of the last line becomes the account balance and, once pulled, the QBO balance', async () => {
    const h = new Harness()
    const s = await h.setup()
    await pushAndSettle(h, s.pushUrl, s.accountId, [
      ok('a', '2026-03-09', 10.25),
      ok('b', '2026-03-10', 0.1),
      ok('c', '2026-03-10', 1234567.89),
    ])
    const accounts = await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)
    expect(accounts.body[0].balance).toBe(1234567.89)
    await h.call('POST', '/_sim/qbo/update', { companyId: s.companyId, connectionId: s.connectionId })
    const view = await h.call('GET', `/_sim/qbo/accounts/${s.companyId}/${s.connectionId}`)
    expect(view.body.accounts[0].balance).toBe('1234567.89')
  })

  it('Q11: after the feed is switched off writes fail at once; 10 days later the account is disconnected and the connection Unlinked', async () => {
    const h = new Harness()
    const s = await h.setup()
    const off = await h.call('POST', '/_sim/qbo/feed', {
      companyId: s.companyId,
      connectionId: s.connectionId,
      sourceAccountId: s.accountId,
      enabled: false,
    })
    expect(off.status).toBe(200)
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-10')])
    expect(op.validation.errors[0].message).toBe(
      'Q11: the bank feed for this account has been switched off in QuickBooks Online.',
    )
    await h.advance('P9DT23H')
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].status).toBe(
      'connected',
    )
    await h.advance('PT1H')
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].status).toBe(
      'disconnected',
    )
    expect((await h.call('GET', s.base)).body.status).toBe('Unlinked')
  })

  it('Q12: after the credentials are revoked, writes from accounts linked with them fail', async () => {
    const h = new Harness()
    const s = await h.setup()
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-09')])).status).toBe('Success')
    const del = await h.call('DELETE', `${s.base}/connectionInfo/bankFeedAccounts/credentials`)
    expect(del.status).toBe(204)
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('b', '2026-03-10')])
    expect(op.validation.errors[0].message).toBe(
      'Q12: the credentials this account was linked with in QuickBooks Online have been revoked.',
    )
  })
})
