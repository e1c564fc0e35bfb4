import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BAKERY, EVENTS, OTHER, TENANT_A } from './sample-data.js'
import { Agent, type PagesTestApp, pagesTestApp } from './test-agent.js'

let t: PagesTestApp
beforeEach(async () => {
  t = await pagesTestApp()
})
afterEach(async () => {
  await t.app.close()
})

/** Opens a portal link the way a browser does: GET the landing page, press Continue. */
async function openPortal(a: Agent, token: string) {
  const landing = await a.get(`/app/portal/${token}`)
  if (landing.statusCode !== 200) return landing
  return a.post(`/app/portal/${token}`)
}

describe('portal links for the SMB', () => {
  it('given a fresh link, when opened, then the SMB lands on its company page without a key', async () => {
    const { token } = t.tokens.issue(TENANT_A, EVENTS)
    const a = new Agent(t.app)
    const landing = await a.get(`/app/portal/${token}`)
    expect(landing.statusCode).toBe(200)
    expect(landing.body).toContain('Continue')
    const res = await a.post(`/app/portal/${token}`)
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/app/companies/${EVENTS}`)
    const page = await a.get(`/app/companies/${EVENTS}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Elaborate Events, Inc')
    expect(page.body).toContain('Get QuickBooks credentials')
    expect(page.body).not.toContain('href="/app/companies/new"')
  })

  it('given a link already used, when opened again (even in another browser), then it is refused', async () => {
    const { token } = t.tokens.issue(TENANT_A, EVENTS)
    expect((await openPortal(new Agent(t.app), token)).statusCode).toBe(303)
    const again = await openPortal(new Agent(t.app), token)
    expect(again.statusCode).toBe(410)
    expect(again.body).toContain('Ask your bank for a new one')
    expect(t.logs.join('\n')).not.toContain(token.split('.')[1])
  })

  it('given a link older than its lifetime, when opened, then it is refused', async () => {
    const { token } = t.tokens.issue(TENANT_A, EVENTS)
    t.clock.ms += t.tokens.ttlMs + 1
    expect((await openPortal(new Agent(t.app), token)).statusCode).toBe(410)
  })

  it('given a forged or altered token, then it is refused', async () => {
    const { token } = t.tokens.issue(TENANT_A, EVENTS)
    const [payload] = token.split('.')
    const altered = `${Buffer.from(JSON.stringify({ t: 'x', n: TENANT_A, c: BAKERY, e: t.clock.ms + 1e6 })).toString('base64url')}.${token.split('.')[1]}`
    expect((await new Agent(t.app).get(`/app/portal/${altered}`)).statusCode).toBe(410)
    expect((await new Agent(t.app).get(`/app/portal/${payload}`)).statusCode).toBe(410)
    expect((await new Agent(t.app).get('/app/portal/not.a-token')).statusCode).toBe(410)
    const broken = await new Agent(t.app).get('/app/portal/%00%ff')
    expect(broken.statusCode).toBeGreaterThanOrEqual(400)
    expect(broken.statusCode).toBeLessThan(500)
  })

  it('given a portal session, then it cannot see another company, the operator list or operator pages', async () => {
    const { token } = t.tokens.issue(TENANT_A, EVENTS)
    const a = new Agent(t.app)
    await openPortal(a, token)
    const list = await a.get('/app')
    expect(list.statusCode).toBe(303)
    expect(list.headers.location).toBe(`/app/companies/${EVENTS}`)
    for (const url of [
      `/app/companies/${BAKERY}`,
      `/app/companies/${BAKERY}/accounts/chk`,
      `/app/companies/${OTHER}`,
      `/app/companies/${EVENTS}/operations`,
      '/app/companies/new',
      `/app/companies/${BAKERY}/accounts/chk/reconciliation`,
    ]) {
      const res = await a.get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.body).not.toContain('Northwind Bakery LLC')
    }
    expect((await a.post(`/app/companies/${BAKERY}/credentials`)).statusCode).toBe(404)
    expect(t.data.credentialsIssued).toBe(0)
  })

  it('given a portal session, then its own account page and Sync now work', async () => {
    const { token } = t.tokens.issue(TENANT_A, BAKERY)
    const a = new Agent(t.app)
    await openPortal(a, token)
    const page = await a.get(`/app/companies/${BAKERY}/accounts/chk`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('/reconciliation')
    expect((await a.post(`/app/companies/${BAKERY}/accounts/chk/sync`)).statusCode).toBe(303)
  })

  it('given a portal session past its lifetime, then its pages ask for a new link', async () => {
    const { token } = t.tokens.issue(TENANT_A, EVENTS)
    const a = new Agent(t.app)
    await openPortal(a, token)
    t.clock.ms += 61 * 60_000
    const res = await a.get(`/app/companies/${EVENTS}`)
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('Ask your bank for a new link')
    expect((await a.get(`/app/companies/${EVENTS}`)).statusCode).toBe(303)
  })

  it('given an operator who opens a portal link, then the session becomes the portal one', async () => {
    const a = new Agent(t.app)
    await a.signIn()
    const { token } = t.tokens.issue(TENANT_A, EVENTS)
    await openPortal(a, token)
    expect((await a.get(`/app/companies/${BAKERY}`)).statusCode).toBe(404)
  })
})
