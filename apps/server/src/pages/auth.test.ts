import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BAKERY, SAMPLE_KEY_A } from './sample-data.js'
import { Agent, type PagesTestApp, pagesTestApp } from './test-agent.js'

let t: PagesTestApp
beforeEach(async () => {
  t = await pagesTestApp()
})
afterEach(async () => {
  await t.app.close()
})

describe('signing in and out', () => {
  it('given the root, when opened, then it redirects to /app', async () => {
    const res = await t.app.inject('/')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/app')
  })

  it('given no session, when a page is opened, then it redirects to sign-in keeping where to go next', async () => {
    const res = await new Agent(t.app).get(`/app/companies/${BAKERY}`)
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/app/sign-in?next=${encodeURIComponent(`/app/companies/${BAKERY}`)}`)
  })

  it('given a valid key, when signing in, then an HTTP-only SameSite=Lax cookie opens the company list', async () => {
    const a = new Agent(t.app)
    const res = await a.signIn()
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/app')
    const cookie = res.cookies.find((c) => c.name === 'feedsync_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/app' })
    const list = await a.get('/app')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Northwind Bakery LLC')
    expect(list.body).not.toContain('Other Tenant Co')
  })

  it('given a wrong key, when signing in, then the form comes back 401 without the key and no session', async () => {
    const a = new Agent(t.app)
    await a.get('/app/sign-in')
    const res = await a.post('/app/sign-in', { apiKey: 'not-the-key-<b>', next: '/app' })
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('That key is not valid')
    expect(res.body).not.toContain('not-the-key')
    expect((await a.get('/app')).statusCode).toBe(303)
  })

  it('given a session, when signing out, then pages redirect to sign-in again', async () => {
    const a = new Agent(t.app)
    await a.signIn()
    await a.get('/app')
    const out = await a.post('/app/sign-out')
    expect(out.statusCode).toBe(303)
    expect(out.headers.location).toBe('/app/sign-in')
    expect((await a.get('/app')).headers.location).toContain('/app/sign-in')
  })

  it('given a sign-in with an outside next, then it stays inside the app', async () => {
    const a = new Agent(t.app)
    await a.get('/app/sign-in')
    const res = await a.post('/app/sign-in', { apiKey: SAMPLE_KEY_A, next: '//evil.example/app' })
    expect(res.headers.location).toBe('/app')
  })

  it('never writes the key to a page, a URL or a log line', async () => {
    const a = new Agent(t.app)
    const res = await a.signIn()
    const page = await a.get('/app')
    for (const text of [res.body, page.body, String(res.headers.location), ...t.logs]) {
      expect(text).not.toContain(SAMPLE_KEY_A)
    }
  })

  it('sends helmet headers with a self-only CSP and no caching', async () => {
    const res = await new Agent(t.app).get('/app/sign-in')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).not.toMatch(/<script>(?!<)/)
    expect(res.body).not.toContain('style="')
  })

  it('serves one stylesheet and one script', async () => {
    const css = await t.app.inject('/app/assets/style.css')
    expect(css.statusCode).toBe(200)
    expect(css.headers['content-type']).toContain('text/css')
    const js = await t.app.inject('/app/assets/app.js')
    expect(js.headers['content-type']).toContain('text/javascript')
  })

  it('given a session cookie that was tampered with, then it counts as no session', async () => {
    const a = new Agent(t.app)
    await a.signIn()
    a.cookie = `${a.cookie?.slice(0, -4)}AAAA`
    expect((await a.get('/app')).statusCode).toBe(303)
  })
})
