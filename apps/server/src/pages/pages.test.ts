import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BAKERY, OTHER, SCRIPTY } from './sample-data.js'
import { Agent, type PagesTestApp, pagesTestApp } from './test-agent.js'

let t: PagesTestApp
let a: Agent
beforeEach(async () => {
  t = await pagesTestApp()
  a = new Agent(t.app)
  await a.signIn()
})
afterEach(async () => {
  await t.app.close()
})

const acct = `/app/companies/${BAKERY}/accounts/chk`

describe('the pages', () => {
  it('renders user data as text: a name or description with <script> never becomes markup', async () => {
    for (const url of [
      '/app',
      `/app/companies/${SCRIPTY}`,
      `/app/companies/${SCRIPTY}/accounts/gbp`,
      acct,
      `${acct}/reconciliation`,
    ]) {
      const res = await a.get(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.body, url).not.toMatch(/<script>alert|<b>not bold|<i>Account/)
    }
    const company = await a.get(`/app/companies/${SCRIPTY}`)
    expect(company.body).toContain('Café &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co')
    expect(company.body).not.toContain('javascript:alert')
    const txns = await a.get(acct)
    expect(txns.body).toContain('Pending card hold &lt;b&gt;not bold&lt;/b&gt;')
  })

  it('answers 404 pages (HTML) for unknown ids and for another tenant’s ids alike', async () => {
    for (const url of [
      '/app/companies/nope',
      `/app/companies/${OTHER}`,
      `/app/companies/${OTHER}/accounts/x`,
      `/app/companies/${BAKERY}/accounts/nope`,
      `/app/companies/${OTHER}/operations`,
      `/app/companies/${BAKERY}/accounts/nope/reconciliation`,
      '/app/no/such/page',
    ]) {
      const res = await a.get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.headers['content-type']).toContain('text/html')
      expect(res.body).toContain('There is no such page')
      expect(res.body).not.toContain('Hidden Account')
    }
    const long = await a.get(`/app/companies/${'x'.repeat(500)}`)
    expect(long.statusCode).toBeGreaterThanOrEqual(400)
    expect(long.statusCode).toBeLessThan(500)
    await a.get('/app')
    expect((await a.post(`/app/companies/${OTHER}/credentials`)).statusCode).toBe(404)
    expect(t.data.credentialsIssued).toBe(0)
  })

  it('never answers 500 for a query a person can type', async () => {
    for (const q of [
      '?page=-1',
      '?page=abc',
      '?page=99999999999999999999',
      '?status=<x>',
      '?sort=%27',
      '?page=9',
      '?status=a&status=b',
    ]) {
      const res = await a.get(`${acct}${q}`)
      expect(res.statusCode, q).toBeLessThan(500)
    }
    expect((await a.get('/app?q=%3Cnone%3E')).body).toContain('No company matches “&lt;none&gt;”')
    expect((await a.get(`${acct}?page=9`)).body).toContain('page 5 of 5')
  })

  it('shows amounts for their currency and dates as dates, and filters and sorts the table', async () => {
    const res = await a.get(`${acct}?status=quarantined`)
    expect(res.body).toContain('$826.80')
    expect(res.body).toContain('Oct 30, 2026')
    expect(res.body).toContain('older than Nov 4')
    expect(res.body).toContain('Will not be sent')
    expect(res.body).not.toContain('Flour Mill Co')
    const oldest = await a.get(`${acct}?sort=date`)
    expect(oldest.body).toContain('aria-sort="ascending"')
  })

  it('shows the one-time credentials once, not cached, with the QBO steps; the company page alone does not', async () => {
    await a.get(`/app/companies/${SCRIPTY}`)
    const res = await a.post(`/app/companies/${SCRIPTY}/credentials`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toContain('USER-1-ABCD')
    expect(res.body).toContain('pw1Secret1234567')
    expect(res.body).toContain('Copy password')
    expect(res.body).toContain('feed start date')
    const again = await a.get(`/app/companies/${SCRIPTY}`)
    expect(again.body).not.toContain('pw1Secret1234567')
    expect(again.body).toContain('data-poll=')
    expect(t.logs.join('\n')).not.toContain('pw1Secret1234567')
  })

  it('revokes credentials and says so', async () => {
    await a.get(`/app/companies/${BAKERY}`)
    const res = await a.post(`/app/companies/${BAKERY}/credentials/revoke`)
    expect(res.statusCode).toBe(303)
    expect((await a.get(`/app/companies/${BAKERY}`)).body).toContain('was revoked')
  })

  it('serves the link status as a fragment for the auto-refresh', async () => {
    const res = await a.get(`/app/companies/${SCRIPTY}/status`)
    expect(res.body.startsWith('<div data-final="false">')).toBe(true)
    expect((await a.get(`/app/companies/${BAKERY}/status`)).body).toContain('data-final="true"')
  })

  it('lists push operations with account names', async () => {
    const res = await a.get(`/app/companies/${BAKERY}/operations`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Reserve Savings')
    expect(res.body).toContain('Q4: the transaction is older')
  })

  it('renders reconciliation with its chart, and its actions require a note', async () => {
    const res = await a.get(`${acct}/reconciliation`)
    expect(res.body).toContain('<svg')
    expect(res.body).toContain('$4,867.45')
    expect(res.body).toContain('Redate and send')
    const none = await a.post(`${acct}/transactions/late-1/dismiss`, { note: '  ' })
    expect(none.statusCode).toBe(303)
    expect(t.data.calls.some((c) => c.startsWith('dismiss'))).toBe(false)
    await a.post(`${acct}/transactions/late-1/redate`, { note: 'late posting' })
    await a.post(`${acct}/transactions/held-1/accept-balance`, { note: 'bank confirmed' })
    expect(t.data.calls).toEqual(
      expect.arrayContaining([
        `redate:${BAKERY}:chk:late-1:late posting`,
        `accept:${BAKERY}:chk:held-1:bank confirmed`,
      ]),
    )
  })
})

describe('without the reconciliation ports', () => {
  it('does not offer the page', async () => {
    const t2 = await pagesTestApp({ withReconciliation: false })
    const b = new Agent(t2.app)
    await b.signIn()
    expect((await b.get(`${acct}/reconciliation`)).statusCode).toBe(404)
    expect((await b.get(acct)).body).not.toContain('/reconciliation')
    await t2.app.close()
  })
})
