import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { linkOtp, xeroSetup } from '../../testing/xero-helpers.js'

const consent = (
  h: Harness,
  s: { companyId: string; connectionId: string; orgId: string },
  otp: string,
  decision = 'allow',
) =>
  h.call('POST', '/_sim/xero/consent', {
    companyId: s.companyId,
    connectionId: s.connectionId,
    otp,
    orgId: s.orgId,
    decision,
  })

describe('Xero linking (X1, X4-X9, X28)', () => {
  it('X1: a gbol connection is PendingAuth, platformName Xero, sourceType Accounting, with a linkUrl', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    const conn = await h.call('GET', s.base)
    expect(conn.body).toMatchObject({
      status: 'PendingAuth',
      integrationKey: 'gbol',
      platformName: 'Xero',
      sourceType: 'Accounting',
    })
    expect(conn.body.linkUrl).toBe(
      `https://link-api.codat.io/_sim/link/companies/${s.companyId}/connections/${s.connectionId}/start?otp=${await linkOtp(h, s.base)}`,
    )
  })

  it('X4: the linkUrl otp is single use; the connection is Linked at consent, before any mapping', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    const otp = await linkOtp(h, s.base)
    expect((await consent(h, s, otp)).status).toBe(200)
    const conn = await h.call('GET', s.base)
    expect(conn.body.status).toBe('Linked')
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].status).toBe('pending')
    expect((await consent(h, s, otp)).status).toBe(401)
    const fresh = await linkOtp(h, s.base)
    expect(fresh).not.toBe(otp)
    const page = await h.app.inject({
      method: 'GET',
      url: new URL(conn.body.linkUrl).pathname + `?otp=${otp}`,
    })
    expect(page.statusCode).toBe(401)
  })

  it('X4: the linkUrl otp expires after linkUrlOtpTtl (1 h)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    const otp = await linkOtp(h, s.base)
    await h.advance('PT1H')
    expect((await consent(h, s, otp)).status).toBe(401)
    expect((await consent(h, s, await linkOtp(h, s.base))).status).toBe(200)
  })

  it('X5/X7: Cancel redirects with statusCode=403, spends the otp, the connection stays PendingAuth', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    const res = await consent(h, s, await linkOtp(h, s.base), 'cancel')
    expect(res.status).toBe(200)
    const redirect = new URL(res.body.redirect)
    expect(Object.fromEntries(redirect.searchParams)).toMatchObject({
      statusCode: '403',
      errorMessage: 'User cancelled.',
      companyId: s.companyId,
      connectionId: s.connectionId,
      platform: 'gbol',
      sourceType: 'Accounting',
      'data.company.companyName': 'Kiwi Ltd',
    })
    expect((await h.call('GET', s.base)).body.status).toBe('PendingAuth')
    const events = await h.call('GET', '/_sim/events?type=XeroConsentRefused')
    expect(events.body[0].data.dataConnectionErrors[0]).toMatchObject({
      statusCode: '403',
      statusText: 'User cancelled linking',
    })
  })

  it('X6: a company with a Linked accounting connection cannot consent a second one (stays PendingAuth)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false })
    const second = await h.call('POST', `/companies/${s.companyId}/connections`, { platformKey: 'gbol' })
    const base2 = `/companies/${s.companyId}/connections/${second.body.id}`
    const res = await consent(h, { ...s, connectionId: second.body.id }, await linkOtp(h, base2))
    expect(res.status).toBe(409)
    expect(res.body.error).toMatch(/^X6: /)
    expect((await h.call('GET', base2)).body.status).toBe('PendingAuth')
  })

  it('X5/X15: Allow redirects with statusCode=200; a fresh linkUrl on a Linked connection consents again (manage accounts)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const res = await consent(h, s, await linkOtp(h, s.base))
    expect(res.status).toBe(200)
    expect(new URL(res.body.redirect).searchParams.get('statusCode')).toBe('200')
    expect(res.body.connection.status).toBe('Linked')
    expect(await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).toMatchObject({
      body: [{ status: 'connected' }],
    })
    const events = await h.call('GET', '/_sim/events?type=XeroConsented')
    expect(events.body.map((e: { data: { reconnected: boolean } }) => e.data.reconnected)).toEqual([
      false,
      false,
    ])
  })

  it('X8: bankFeeds/info answers for a Linked Xero connection only (400 before; 400 for QBO)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    expect((await h.call('GET', `${s.base}/bankFeeds/info`)).status).toBe(400)
    await consent(h, s, await linkOtp(h, s.base))
    expect((await h.call('GET', `${s.base}/bankFeeds/info`)).body.companyName).toBe('Kiwi Ltd books')
    const qbo = await h.setup({ link: false })
    expect((await h.call('GET', `${qbo.base}/bankFeeds/info`)).status).toBe(400)
  })

  it('X9: data/bankAccounts is 409 until a read (30 s after consent); a mapped new target shows after the next read', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, {
      map: false,
      org: {
        baseCurrency: 'GBP',
        bankAccounts: [
          { name: 'UK current', currency: 'GBP', sortCode: '123456', accountNumber: '12345678' },
          { name: 'UK short', currency: 'GBP', sortCode: '1234', accountNumber: '5678' },
          { name: 'Euro', currency: 'EUR', accountNumber: 'DE0012345678' },
        ],
      },
      account: { currency: 'GBP', sortCode: '010203' },
    })
    const url = `${s.base}/data/bankAccounts`
    expect((await h.call('GET', url)).status).toBe(409)
    await h.advance('PT30S')
    const read = await h.call('GET', url)
    expect(
      read.body.results.map((b: { sortCode: string | null; accountNumber: string | null; balance: null }) => [
        b.sortCode,
        b.accountNumber,
        b.balance,
      ]),
    ).toEqual([
      ['123456', '12345678', null],
      [null, null, null],
      [null, 'DE0012345678', null],
    ])
    await h.call('POST', `${s.base}/bankFeedAccounts/mapping`, { sourceAccountId: s.accountId })
    await h.advance('PT5S')
    expect((await h.call('GET', url)).body.results).toHaveLength(3)
    expect(
      (await h.call('POST', '/_sim/xero/read', { companyId: s.companyId, connectionId: s.connectionId }))
        .status,
    ).toBe(200)
    expect(
      (await h.call('GET', url)).body.results.map((b: { accountName: string }) => b.accountName),
    ).toContain('Business Checking')
  })

  it('X28: nothing is downloaded on connect: a mapped target has no lines until written', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const view = await h.call('GET', `/_sim/xero/orgs/${s.orgId}`)
    expect(view.body.bankAccounts[0]).toMatchObject({
      lines: [],
      statements: [],
      feed: `codat:${s.accountId}`,
    })
  })

  it('a Xero connection has no one-time credentials and no Sage otp (400)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    expect((await h.call('POST', `${s.base}/connectionInfo/bankFeedAccounts/credentials`)).status).toBe(400)
    expect((await h.call('POST', `${s.base}/bankFeeds/otp`)).status).toBe(400)
  })
})
