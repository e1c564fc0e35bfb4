import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TARGETS } from '../testing/fake-codat-platforms.js'
import { auth, type Harness, harness, KEY_A, onboardBody } from '../testing/harness.js'
import { Agent } from './test-agent.js'

// The web app's Xero and Sage hand-offs, as buildApp registers them: real services, a fake Codat.
let h: Harness
let a: Agent
let xero: { companyId: string; connectionId: string }
let sage: { companyId: string; connectionId: string }

async function onboardOn(platform: 'qbo' | 'xero' | 'sage') {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/companies',
    headers: auth(),
    payload: { ...onboardBody, name: `${platform} business`, platform },
  })
  expect(res.statusCode).toBe(201)
  return res.json() as { companyId: string; connectionId: string }
}

beforeAll(async () => {
  h = await harness({ env: { LOG_LEVEL: 'info' } })
  xero = await onboardOn('xero')
  sage = await onboardOn('sage')
  a = new Agent(h.app)
  expect((await a.signIn(KEY_A)).statusCode).toBe(303)
}, 60_000)
afterAll(async () => {
  await h.close()
})

const logs = () => h.logs.join('')

describe('the connect form', () => {
  it('offers the platform, QuickBooks by default, and onboards a Sage business on olpr', async () => {
    const form = await a.get('/app/companies/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toMatch(/<select id="platform" name="platform"/)
    expect(form.body).toMatch(/<option value="qbo" selected>QuickBooks Online<\/option>/)
    expect(form.body).toContain('<option value="xero" >Xero</option>')
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const res = await a.post('/app/companies/new', {
      idempotencyKey: key,
      accountCount: '1',
      name: 'Sage bakery',
      platform: 'sage',
      timeZone: 'UTC',
      'accounts.0.accountName': 'Checking',
      'accounts.0.accountNumber': '123',
      'accounts.0.accountType': 'checking',
      'accounts.0.currency': 'GBP',
      'accounts.0.balance': '10.00',
      action: 'submit',
    })
    expect(res.statusCode).toBe(303)
    const connection = [...h.codat.connectionsById.values()].at(-1)
    expect(connection?.integrationKey).toBe('olpr')
    const page = await a.get(String(res.headers.location))
    expect(page.body).toContain('Get a one-time password')
  })

  it('refuses an unknown platform with the form again (422), creating nothing', async () => {
    const before = h.codat.companiesById.size
    const form = await a.get('/app/companies/new')
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const res = await a.post('/app/companies/new', {
      idempotencyKey: key,
      accountCount: '1',
      name: 'Somewhere',
      platform: 'netsuite',
      timeZone: 'UTC',
      'accounts.0.accountName': 'Checking',
      'accounts.0.accountNumber': '123',
      'accounts.0.accountType': 'checking',
      'accounts.0.currency': 'USD',
      'accounts.0.balance': '10.00',
      action: 'submit',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Choose the accounting software the business uses.')
    expect(h.codat.companiesById.size).toBe(before)
  })
})

describe('a Xero business', () => {
  it('"Connect to Xero" sends each click to a fresh link read from Codat, never logged', async () => {
    const page = await a.get(`/app/companies/${xero.companyId}`)
    expect(page.body).toContain(`href="/app/companies/${xero.companyId}/connect/xero"`)
    expect(page.body).not.toContain('QuickBooks credentials')
    const connection = h.codat.connectionsById.get(xero.connectionId)
    if (connection === undefined) throw new Error('no connection')
    const urls: string[] = []
    for (const otp of ['314159', '271828']) {
      connection.linkUrl = `https://link-api.codat.io/companies/${xero.companyId}/connections/${xero.connectionId}/start?otp=${otp}`
      const res = await a.get(`/app/companies/${xero.companyId}/connect/xero`)
      expect(res.statusCode).toBe(303)
      expect(res.headers['cache-control']).toBe('no-store')
      urls.push(String(res.headers.location))
    }
    expect(urls).toEqual([expect.stringContaining('otp=314159'), expect.stringContaining('otp=271828')])
    expect(logs()).toContain('pages: Xero link handed out')
    expect(logs()).not.toContain('otp=314159')
  })

  it('once Xero access is allowed, maps an account from the page (CSRF-checked), and shows Xero refusals', async () => {
    const connection = h.codat.connectionsById.get(xero.connectionId)
    if (connection !== undefined) connection.status = 'Linked'
    const page = await a.get(`/app/companies/${xero.companyId}`)
    expect(page.body).toContain('Map accounts in Xero')
    for (const t of DEFAULT_TARGETS) expect(page.body).toContain(`<option value="${t.id}">${t.name}</option>`)
    const url = `/app/companies/${xero.companyId}/accounts/acc-1/mapping`

    const forged = await a.post(url, { targetAccountId: 'new' }, null)
    expect(forged.statusCode).toBe(403)
    expect(h.codat.platforms.mappingRequests).toEqual([])

    const bad = await a.post(url, { targetAccountId: 'new', feedStartDate: 'soon' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter the feed start date as a date')
    expect(h.codat.platforms.mappingRequests).toEqual([])

    h.codat.platforms.refuseNextMapping = 'A feed connection already exists to this account'
    await a.get(`/app/companies/${xero.companyId}`)
    const refused = await a.post(url, { targetAccountId: DEFAULT_TARGETS[0]?.id ?? '' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('A feed connection already exists to this account')

    await a.get(`/app/companies/${xero.companyId}`)
    const done = await a.post(url, { targetAccountId: 'new', feedStartDate: '2026-11-01' })
    expect(done.statusCode).toBe(303)
    expect(h.codat.platforms.mappingRequests.at(-1)).toEqual({
      sourceAccountId: 'acc-1',
      feedStartDate: '2026-11-01T00:00:00',
    })
    const after = await a.get(`/app/companies/${xero.companyId}`)
    expect(after.body).toContain('Xero is saving the feed')
  })
})

describe('a Sage business', () => {
  it('gets the connection id and a fresh one-time password, shown once, never a linkUrl, never logged', async () => {
    const page = await a.get(`/app/companies/${sage.companyId}`)
    expect(page.body).toContain('Get a one-time password')
    expect(page.body).not.toContain('/start?otp=')
    expect(page.body).not.toContain('/connect/xero')

    const forged = await a.post(`/app/companies/${sage.companyId}/sage-otp`, {}, null)
    expect(forged.statusCode).toBe(403)
    expect(h.codat.platforms.otpsIssued).toEqual([])

    const res = await a.post(`/app/companies/${sage.companyId}/sage-otp`)
    expect(res.statusCode).toBe(200)
    const otp = h.codat.platforms.otpsIssued.at(-1)
    expect(res.body).toContain(`<code class="secret" id="sage-otp">${otp?.otp}</code>`)
    expect(res.body).toContain(sage.connectionId)
    expect(res.body).toContain('Connect Bank')
    expect(res.body).not.toContain('/start?otp=')
    expect(logs()).toContain('pages: Sage one-time password issued')
    expect(logs()).not.toContain(otp?.otp ?? 'none')
  })
})

describe('pages name the company platform, never QuickBooks for Xero or Sage', () => {
  it('the company list shows each ledger and offers to connect a business', async () => {
    const list = await a.get('/app')
    expect(list.statusCode).toBe(200)
    const row = (name: string) => list.body.split('<tr>').find((r) => r.includes(`>${name}</a>`)) ?? ''
    expect(row('xero business')).toContain('<td data-label="Ledger">Xero</td>')
    expect(row('sage business')).toContain('<td data-label="Ledger">Sage</td>')
    expect(list.body).toContain('>Connect a business</a>')
    expect(list.body).not.toContain('Connect account to QuickBooks')
  })

  it("a linked Xero company's page names its Xero organisation, as Codat's bankFeeds/info gives it", async () => {
    // The mapping test above left the Xero connection Linked.
    const page = await a.get(`/app/companies/${xero.companyId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Xero organisation “Demo Company (UK)”')
    const calls = h.codat.calls.filter((c) => c === 'companyInformation.get').length
    const sagePage = await a.get(`/app/companies/${sage.companyId}`)
    expect(sagePage.body).not.toContain('organisation “')
    expect(h.codat.calls.filter((c) => c === 'companyInformation.get').length).toBe(calls)
  })

  it.each([
    ['Xero', () => xero.companyId],
    ['Sage', () => sage.companyId],
  ])('the %s account and reconciliation pages name that ledger', async (label, id) => {
    const base = `/app/companies/${id()}/accounts/acc-1`
    const account = await a.get(base)
    expect(account.statusCode).toBe(200)
    expect(account.body).toContain(`Feed to ${label}</h2>`)
    expect(account.body).toContain(`Sent to ${label}`)
    const rec = await a.get(`${base}/reconciliation`)
    expect(rec.statusCode).toBe(200)
    expect(rec.body).toContain(`against what ${label} holds`)
    // The footer names every ledger the bank feeds; nothing else may say QuickBooks.
    const qbo = (body: string) =>
      body.replace(/<footer>.*<\/footer>/s, '').match(/.{0,60}QuickBooks.{0,60}/g) ?? []
    expect(qbo(account.body)).toEqual([])
    expect(qbo(rec.body)).toEqual([])
  })
})
