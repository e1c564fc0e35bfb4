import { describe, expect, it, vi } from 'vitest'
import { buildSimulatorServer } from '../server.js'
import { createSimulator } from '../simulator.js'

const KEY = 'pages-key'
const auth = { authorization: `Basic ${Buffer.from(KEY).toString('base64')}` }
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

async function setup(accountName = 'Business Checking') {
  const sim = createSimulator({ apiKeys: [KEY], seed: 3, now: '2026-03-10T12:00:00Z', clock: 'frozen' })
  const app = buildSimulatorServer(sim)
  const api = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const r = await app.inject({
      method,
      url,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined }
  }
  const companyId: string = (await api('POST', '/companies', { name: 'Pages Ltd' })).body.id
  const conn = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'hcws' })).body
  const base = `/companies/${companyId}/connections/${conn.id}`
  await api('POST', `${base}/connectionInfo/bankFeedAccounts`, {
    id: 'chk',
    accountName,
    accountType: 'Debit',
    accountNumber: '0001',
    currency: 'USD',
    balance: 0,
  })
  const creds = (await api('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`, {})).body
  const linkForm = (over: Record<string, string | string[]> = {}) => {
    const f = new URLSearchParams({
      companyId,
      connectionId: conn.id,
      username: creds.username,
      password: creds.password,
      'qboAccountName:chk': 'Checking (feed)',
      feedStartDate: '2026-03-04',
    })
    f.append('account', 'chk')
    for (const [k, v] of Object.entries(over)) {
      f.delete(k)
      for (const x of Array.isArray(v) ? v : [v]) f.append(k, x)
    }
    return f.toString()
  }
  return {
    sim,
    app,
    api,
    companyId,
    connectionId: conn.id as string,
    linkUrl: conn.linkUrl as string,
    base,
    creds,
    linkForm,
  }
}

describe('pages for a person', () => {
  it('serves the link page at the path of the connection linkUrl while its otp is current, listing the source accounts', async () => {
    const s = await setup()
    const path = new URL(s.linkUrl).pathname + new URL(s.linkUrl).search
    const page = await s.app.inject({ method: 'GET', url: path })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('value="chk"')
    expect(page.body).toContain('Business Checking')
    expect(page.body).toContain('name="password"')
    const wrong = await s.app.inject({ method: 'GET', url: path.replace(/otp=\d+/, 'otp=000000x') })
    expect(wrong.statusCode).toBe(401)
    await s.api('POST', '/_sim/clock', { advance: 'PT61M' })
    expect((await s.app.inject({ method: 'GET', url: path })).statusCode).toBe(401)
  })

  it('every page reads through the read-only accessors, never a copy of the whole state', async () => {
    const s = await setup()
    const exportState = vi.spyOn(s.sim.control, 'exportState')
    const listConnections = vi.spyOn(s.sim.control, 'listConnections')
    const ids = new URLSearchParams({ companyId: s.companyId, connectionId: s.connectionId }).toString()
    const urls = [
      '/_sim/pages',
      `/_sim/pages/link?${ids}`,
      new URL(s.linkUrl).pathname + new URL(s.linkUrl).search,
      `/_sim/pages/qbo?${ids}`,
    ]
    for (const url of urls) {
      const res = await s.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBeLessThan(500)
    }
    const post = await s.app.inject({
      method: 'POST',
      url: '/_sim/pages/link',
      headers: FORM,
      payload: s.linkForm({ password: 'wrong' }),
    })
    expect(post.statusCode).toBe(401)
    expect(listConnections).toHaveBeenCalled()
    expect(exportState).not.toHaveBeenCalled()
  })

  it('Connect with the one-time credentials links the chosen account and redirects to the QBO view with the test lines', async () => {
    const s = await setup()
    const res = await s.app.inject({
      method: 'POST',
      url: '/_sim/pages/link',
      headers: FORM,
      payload: s.linkForm(),
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(
      `/_sim/pages/qbo?companyId=${s.companyId}&connectionId=${s.connectionId}&notice=linked`,
    )
    expect((await s.api('GET', s.base)).body.status).toBe('Linked')
    const accounts = (await s.api('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body
    expect(accounts[0]).toMatchObject({ status: 'connected', feedStartDate: '2026-03-04T00:00:00' })
    const view = await s.app.inject({ method: 'GET', url: String(res.headers.location) })
    expect(view.statusCode).toBe(200)
    expect(view.body).toContain('Checking (feed)')
    expect(view.body.match(/<tr class="test"/g)).toHaveLength(2)
    const events = (await s.api('GET', '/_sim/events?type=QboLinked')).body
    expect(events).toHaveLength(1)
  })

  it('shows refused credentials plainly and changes nothing: unknown, revoked, no account chosen', async () => {
    const s = await setup()
    const post = (payload: string) =>
      s.app.inject({ method: 'POST', url: '/_sim/pages/link', headers: FORM, payload })
    const unknown = await post(s.linkForm({ password: 'not-the-password' }))
    expect(unknown.statusCode).toBe(401)
    expect(unknown.body).toContain('role="alert"')
    expect(unknown.body).toContain('credentials are unknown or have been revoked')
    expect(unknown.body).not.toContain('not-the-password')
    expect(unknown.body).toContain(`value="${s.creds.username}"`)
    const none = await post(s.linkForm({ account: [] }))
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Choose at least one source account.')
    const future = await post(s.linkForm({ feedStartDate: '2026-03-11' }))
    expect(future.statusCode).toBe(400)
    expect(future.body).toContain('feedStartDate cannot be after today')
    expect((await s.api('GET', s.base)).body.status).toBe('PendingAuth')
    await s.app.inject({
      method: 'DELETE',
      url: `${s.base}/connectionInfo/bankFeedAccounts/credentials`,
      headers: auth,
    })
    const revoked = await post(s.linkForm())
    expect(revoked.statusCode).toBe(401)
    expect(revoked.body).toContain('revoked')
    expect((await s.api('GET', s.base)).body.status).toBe('PendingAuth')
  })

  it('the QBO view shows delivered lines and balance after Update, which pulls at once', async () => {
    const s = await setup()
    await s.app.inject({ method: 'POST', url: '/_sim/pages/link', headers: FORM, payload: s.linkForm() })
    const push = await s.api('POST', `${s.base}/push/bankAccounts/chk/bankTransactions`, {
      accountId: 'chk',
      transactions: [
        { id: 'p1', date: '2026-03-09', description: 'Rent <flat>', amount: -500.25, balance: 1000.1 },
        { id: 'p2', date: '2026-03-10', description: 'Salary', amount: 1500.15, balance: 2500.25 },
      ],
    })
    expect(push.status).toBe(200)
    await s.api('POST', '/_sim/clock', { advance: 'PT2S' })
    const viewUrl = `/_sim/pages/qbo?companyId=${s.companyId}&connectionId=${s.connectionId}`
    expect((await s.app.inject({ method: 'GET', url: viewUrl })).body).not.toContain('data-id="p1"')
    const update = await s.app.inject({
      method: 'POST',
      url: '/_sim/pages/qbo/update',
      headers: FORM,
      payload: new URLSearchParams({ companyId: s.companyId, connectionId: s.connectionId }).toString(),
    })
    expect(update.statusCode).toBe(303)
    const view = await s.app.inject({ method: 'GET', url: String(update.headers.location) })
    expect(view.body).toContain('data-id="p1"')
    expect(view.body).toContain('Rent &lt;flat&gt;')
    expect(view.body).toContain('<strong class="balance">2500.25</strong>')
    // Amounts in their currency's decimals (1000.1 USD is 1000.10), names before ids.
    expect(view.body).toContain('<td class="num">1000.10</td>')
    expect(view.body).not.toContain('>1000.1<')
    expect(view.body).toContain('<strong class="company">Pages Ltd</strong>')
    expect(view.body).toContain('no. 0001 · USD')
    expect(view.body).toContain('<span class="last-pull">2026-03-10T12:00:02Z</span>')
    expect(view.body).toContain('Updated')
  })

  it('escapes every value it shows (an account name with markup stays text)', async () => {
    const s = await setup('<img src=x onerror=alert(1)>"')
    const page = await s.app.inject({
      method: 'GET',
      url: `/_sim/pages/link?companyId=${s.companyId}&connectionId=${s.connectionId}`,
    })
    expect(page.body).not.toContain('<img src=x')
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;')
    const index = await s.app.inject({ method: 'GET', url: '/_sim/pages' })
    expect(index.body).toContain('Pages Ltd')
  })

  it('answers loopback clients only and refuses cross-site form posts', async () => {
    const s = await setup()
    const remote = await s.app.inject({ method: 'GET', url: '/_sim/pages', remoteAddress: '192.0.2.7' })
    expect(remote.statusCode).toBe(403)
    const cross = await s.app.inject({
      method: 'POST',
      url: '/_sim/pages/qbo/update',
      headers: { ...FORM, origin: 'https://evil.example', host: 'localhost:80' },
      payload: new URLSearchParams({ companyId: s.companyId, connectionId: s.connectionId }).toString(),
    })
    expect(cross.statusCode).toBe(403)
    expect((await s.api('GET', '/_sim/events?type=QboPulled')).body).toEqual([])
  })

  it('answers 404 for an unknown connection and 400 without ids', async () => {
    const s = await setup()
    expect(
      (
        await s.app.inject({
          method: 'GET',
          url: `/_sim/pages/link?companyId=${s.companyId}&connectionId=nope`,
        })
      ).statusCode,
    ).toBe(404)
    expect((await s.app.inject({ method: 'GET', url: '/_sim/pages/qbo' })).statusCode).toBe(400)
    expect(
      (await s.app.inject({ method: 'GET', url: `/_sim/pages/qbo?companyId=x&connectionId=y` })).statusCode,
    ).toBe(404)
  })
})
