import { describe, expect, it } from 'vitest'
import { Harness } from '../testing/harness.js'
import { sageLine, sageSetup } from '../testing/sage-helpers.js'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

async function page(h: Harness, method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
  const r = await h.app.inject({
    method,
    url,
    headers: form ? FORM : {},
    payload: form ? new URLSearchParams(form).toString() : undefined,
  })
  return { status: r.statusCode, body: r.body, location: r.headers.location as string | undefined }
}

describe('Sage pages (connect-bank page, Banking tab)', () => {
  it('the SMB connects on the page with Connection ID and One-time password, confirms, and sees the lines after Refresh', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    const ids = { businessId: s.businessId, sageBankAccountId: s.bankId }
    const form = await page(h, 'GET', `/_sim/pages/sage/connect?${new URLSearchParams(ids)}`)
    expect(form.status).toBe(200)
    expect(form.body).toContain('Connection ID <input type="text" name="connectionId"')
    expect(form.body).toContain('One-time password <input type="text" name="otp"')
    const otp = (await h.call('POST', `${s.base}/bankFeeds/otp`)).body.otp
    const wrong = await page(h, 'POST', '/_sim/pages/sage/connect', {
      ...ids,
      connectionId: s.connectionId,
      otp: 'NOPE00',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toContain('S4: the one-time password is not valid for this connection.')
    expect(wrong.body).not.toContain('NOPE00')
    const listed = await page(h, 'POST', '/_sim/pages/sage/connect', {
      ...ids,
      connectionId: s.connectionId,
      otp,
    })
    expect(listed.status).toBe(200)
    expect(listed.body).toContain(`value="${s.accountId}"`)
    const ok = await page(h, 'POST', '/_sim/pages/sage/select', { ...ids, sourceAccountId: s.accountId })
    expect(ok.status).toBe(303)
    const tab = await page(h, 'GET', ok.location as string)
    expect(tab.body).toContain('PendingConfirmation')
    expect(tab.body).toContain('action="/_sim/pages/sage/confirm"')
    expect((await page(h, 'POST', '/_sim/pages/sage/confirm', ids)).status).toBe(303)
    await h.push(s.pushUrl, s.accountId, [
      sageLine('t1', '2026-03-10', 12.5, 12.5, { description: '<b>Coffee</b>' }),
    ])
    await h.advance('PT60S')
    const refreshed = await page(h, 'POST', '/_sim/pages/sage/refresh', { businessId: s.businessId })
    expect(refreshed.status).toBe(303)
    const view = await page(h, 'GET', refreshed.location as string)
    expect(view.body).toContain('&lt;b&gt;Coffee&lt;/b&gt;')
    expect(view.body).toContain('<strong class="balance">12.50</strong>')
    expect(view.body).toContain('Refreshed')
  })

  it('Cancel on the pick step leaves the connection PendingAuth; unknown businesses are 404 pages', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    const ids = { businessId: s.businessId, sageBankAccountId: s.bankId }
    const otp = (await h.call('POST', `${s.base}/bankFeeds/otp`)).body.otp
    await page(h, 'POST', '/_sim/pages/sage/connect', { ...ids, connectionId: s.connectionId, otp })
    const cancel = await page(h, 'POST', '/_sim/pages/sage/select', { ...ids, cancel: '1' })
    expect(cancel.location).toContain('notice=cancelled')
    expect((await h.call('GET', s.base)).body.status).toBe('PendingAuth')
    expect((await page(h, 'GET', '/_sim/pages/sage/business?businessId=nope')).status).toBe(404)
    expect(
      (await page(h, 'GET', '/_sim/pages/sage/connect?businessId=nope&sageBankAccountId=x')).status,
    ).toBe(404)
    const index = await page(h, 'GET', '/_sim/pages/sage')
    expect(index.body).toContain('Sage Ltd books')
  })

  it('a person with no Sage business creates one on the index page and lands on its Banking tab; a bad form is shown again with why', async () => {
    const h = new Harness()
    const empty = await page(h, 'GET', '/_sim/pages/sage')
    expect(empty.body).toContain('Create business')
    const made = await page(h, 'POST', '/_sim/pages/sage/businesses', {
      name: 'Oak & Ash Ltd',
      bankAccountName: 'Business Current Account',
      currency: 'GBP',
    })
    expect(made.status).toBe(303)
    expect(made.location).toMatch(/^\/_sim\/pages\/sage\/business\?businessId=/)
    const banking = await page(h, 'GET', made.location as string)
    expect(banking.body).toContain('Oak &amp; Ash Ltd')
    expect(banking.body).toContain('Business Current Account')
    const bad = await page(h, 'POST', '/_sim/pages/sage/businesses', {
      name: 'X',
      bankAccountName: '',
      currency: 'GBP',
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('role="alert"')
    expect(h.sim.control.sage.listBusinesses().body).toHaveLength(1)
  })
})
