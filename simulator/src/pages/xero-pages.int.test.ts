import { describe, expect, it } from 'vitest'
import { Harness } from '../testing/harness.js'
import { linkOtp, xeroLine, xeroSetup } from '../testing/xero-helpers.js'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

async function page(
  h: Harness,
  method: 'GET' | 'POST',
  url: string,
  form?: Record<string, string>,
  headers = {},
) {
  const r = await h.app.inject({
    method,
    url,
    headers: form ? { ...FORM, ...headers } : headers,
    payload: form ? new URLSearchParams(form).toString() : undefined,
  })
  return { status: r.statusCode, body: r.body, location: r.headers.location as string | undefined }
}

describe('Xero pages for a person (consent at the linkUrl, mapping UI, ledger view)', () => {
  it('consent at the linkUrl, Allow, map on the mapping page, push, and the lines on the organisation page', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    const linkUrl = new URL((await h.call('GET', s.base)).body.linkUrl)
    const consent = await page(h, 'GET', linkUrl.pathname + linkUrl.search)
    expect(consent.status).toBe(200)
    expect(consent.body).toContain('bankfeeds')
    expect(consent.body).toContain('Kiwi Ltd books')
    const otp = linkUrl.searchParams.get('otp') as string
    const ids = { companyId: s.companyId, connectionId: s.connectionId }
    const allowed = await page(h, 'POST', '/_sim/link/consent', {
      ...ids,
      otp,
      orgId: s.orgId,
      decision: 'allow',
    })
    expect(allowed.status).toBe(303)
    expect((await page(h, 'GET', linkUrl.pathname + linkUrl.search)).status).toBe(401) // single use
    const mapping = await page(h, 'GET', allowed.location as string)
    expect(mapping.body).toContain('Xero is linked')
    expect(mapping.body).toContain('Business Checking')
    const mapped = await page(h, 'POST', '/_sim/pages/xero/mapping', {
      ...ids,
      sourceAccountId: s.accountId,
      targetAccountId: s.targetId,
      feedStartDate: '2026-03-01',
    })
    expect(mapped.status).toBe(303)
    await h.advance('PT5S')
    expect((await page(h, 'GET', mapped.location as string)).body).toContain('Disconnect')
    await h.push(s.pushUrl, s.accountId, [
      xeroLine('t1', '2026-03-09', 12.5, 12.5, { description: '<b>Coffee</b>' }),
    ])
    await h.advance('PT5S')
    const org = await page(h, 'GET', `/_sim/pages/xero/org?orgId=${s.orgId}`)
    expect(org.body).toContain('&lt;b&gt;Coffee&lt;/b&gt;')
    expect(org.body).toContain('12.50')
  })

  it('Cancel shows the redirect with statusCode 403; a refused mapping is shown, nothing changes', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    const ids = { companyId: s.companyId, connectionId: s.connectionId }
    const otp = await linkOtp(h, s.base)
    const cancelled = await page(h, 'POST', '/_sim/link/consent', {
      ...ids,
      otp,
      orgId: s.orgId,
      decision: 'cancel',
    })
    expect(cancelled.location).toMatch(/^\/_sim\/link\/redirect\?statusCode=403/)
    expect((await page(h, 'GET', cancelled.location as string)).body).toContain('Linking cancelled')
    await h.call('POST', '/_sim/xero/consent', {
      ...ids,
      otp: await linkOtp(h, s.base),
      orgId: s.orgId,
      decision: 'allow',
    })
    const refused = await page(h, 'POST', '/_sim/pages/xero/mapping', {
      ...ids,
      sourceAccountId: s.accountId,
      targetAccountId: 'nope',
    })
    expect(refused.status).toBe(422)
    expect(refused.body).toContain('Target account is not a valid option')
  })

  it('organisations can be created on the index page; a cross-site form post is refused', async () => {
    const h = new Harness()
    expect(
      (await page(h, 'POST', '/_sim/pages/xero/orgs', { name: 'Demo Co', baseCurrency: 'GBP' })).status,
    ).toBe(303)
    expect((await page(h, 'GET', '/_sim/pages/xero')).body).toContain('Demo Co')
    const cross = await page(
      h,
      'POST',
      '/_sim/pages/xero/orgs',
      { name: 'Evil' },
      { origin: 'https://evil.example' },
    )
    expect(cross.status).toBe(403)
    expect((await page(h, 'POST', '/_sim/pages/xero/orgs', { name: '' })).status).toBe(400)
  })

  it('a person with no Xero organisation creates one on the consent page, comes back to it, and a missed pick is shown on the same page', async () => {
    const h = new Harness()
    const company = await h.call('POST', '/companies', { name: 'Kiwi Ltd' })
    const conn = await h.call('POST', `/companies/${company.body.id}/connections`, { platformKey: 'gbol' })
    await h.call(
      'POST',
      `/companies/${company.body.id}/connections/${conn.body.id}/connectionInfo/bankFeedAccounts`,
      {
        id: 'gbp-1',
        accountName: 'Business Current',
        accountType: 'Debit',
        accountNumber: '12345678',
        sortCode: '400000',
        currency: 'GBP',
        balance: 0,
      },
    )
    const linkUrl = new URL(conn.body.linkUrl)
    const here = linkUrl.pathname + linkUrl.search
    const empty = await page(h, 'GET', here)
    expect(empty.body).toMatch(/<button type="submit" name="decision" value="allow" disabled>/)
    expect(empty.body).toContain('value="Kiwi Ltd"')
    expect(empty.body).toContain('name="baseCurrency" value="GBP"')
    const made = await page(h, 'POST', '/_sim/pages/xero/orgs', { name: 'Kiwi Ltd', returnTo: here })
    expect(made).toMatchObject({ status: 303, location: here })
    const back = await page(h, 'GET', here)
    expect(back.body).toMatch(/<input type="radio" name="orgId" value="[^"]+" checked> Kiwi Ltd/)
    const ids = { companyId: company.body.id, connectionId: conn.body.id }
    const otp = linkUrl.searchParams.get('otp') as string
    const missed = await page(h, 'POST', '/_sim/link/consent', { ...ids, otp, decision: 'allow' })
    expect(missed.status).toBe(400)
    expect(missed.body).toContain('pick the Xero organisation to connect')
    expect(missed.body).toContain('Allow access')
    const elsewhere = await page(h, 'POST', '/_sim/pages/xero/orgs', {
      name: 'B',
      returnTo: 'https://evil.example/',
    })
    expect(elsewhere).toMatchObject({ status: 303, location: '/_sim/pages/xero' })
  })
})
