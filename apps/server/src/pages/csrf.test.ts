import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BAKERY } from './sample-data.js'
import { Agent, type PagesTestApp, pagesTestApp } from './test-agent.js'

let t: PagesTestApp
beforeEach(async () => {
  t = await pagesTestApp()
})
afterEach(async () => {
  await t.app.close()
})

const acct = `/app/companies/${BAKERY}/accounts/chk`
const note = { note: 'checked with the branch' }

/** Every form the app renders, with a body that would otherwise succeed. */
const FORMS: readonly (readonly [string, Record<string, string>])[] = [
  ['/app/sign-out', {}],
  ['/app/companies/new', { name: 'Bakery', idempotencyKey: 'abcdef12-3456' }],
  [`/app/companies/${BAKERY}/credentials`, {}],
  [`/app/companies/${BAKERY}/credentials/revoke`, {}],
  [`${acct}/sync`, {}],
  [`${acct}/transactions/late-1/redate`, note],
  [`${acct}/transactions/late-1/dismiss`, note],
  [`${acct}/transactions/held-1/accept-balance`, note],
]

describe('CSRF on every form', () => {
  for (const [url, form] of FORMS) {
    it(`refuses ${url.replace(BAKERY, '{company}')} without a token, and with a bad one`, async () => {
      const a = new Agent(t.app)
      await a.signIn()
      await a.get('/app')
      const calls = t.data.calls.length
      const none = await a.post(url, form, null)
      expect(none.statusCode).toBe(403)
      expect(none.headers['content-type']).toContain('text/html')
      expect(none.body).toContain('This form has expired')
      const bad = await a.post(url, form, 'forged-token')
      expect(bad.statusCode).toBe(403)
      expect(t.data.calls.length).toBe(calls)
      expect(t.data.credentialsIssued).toBe(0)
    })
  }

  it('refuses sign-in without a token (login CSRF) and a portal link opened by a forged form', async () => {
    const a = new Agent(t.app)
    await a.get('/app/sign-in')
    expect((await a.post('/app/sign-in', { apiKey: 'whatever' }, null)).statusCode).toBe(403)
    const { token } = t.tokens.issue('t_sample_a', BAKERY)
    const forged = await new Agent(t.app).post(`/app/portal/${token}`, {}, 'forged')
    expect(forged.statusCode).toBe(403)
  })

  it('refuses a token from another session', async () => {
    const mallory = new Agent(t.app)
    await mallory.signIn()
    await mallory.get('/app')
    const victim = new Agent(t.app)
    await victim.signIn()
    await victim.get('/app')
    const res = await victim.post(`${acct}/sync`, {}, mallory.csrf)
    expect(res.statusCode).toBe(403)
  })

  it('accepts the form with the token of the page', async () => {
    const a = new Agent(t.app)
    await a.signIn()
    await a.get(acct)
    const res = await a.post(`${acct}/sync`)
    expect(res.statusCode).toBe(303)
    expect(t.data.calls).toContain(`sync:${BAKERY}:chk`)
    const back = await a.get(acct)
    expect(back.body).toContain('Synced: 1 push sent to QuickBooks.')
  })
})
