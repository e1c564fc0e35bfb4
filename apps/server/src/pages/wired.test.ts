import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, KEY_A, KEY_B, onboard } from '../testing/harness.js'
import { Agent } from './test-agent.js'

// The web app as buildApp registers it: real services on PGlite, a fake Codat, Bearer keys as tenants.
let h: Harness
let a: Agent
let mine: string
let theirs: string
beforeAll(async () => {
  h = await harness()
  mine = (await onboard(h, KEY_A)).companyId
  theirs = (await onboard(h, KEY_B)).companyId
  a = new Agent(h.app)
  const signIn = await a.signIn(KEY_A)
  expect(signIn.statusCode).toBe(303)
}, 60_000)
afterAll(async () => {
  await h.close()
})

const isHtml = (type: string | string[] | number | undefined) => String(type).startsWith('text/html')

describe('the web app in the server', () => {
  it('given a visitor at /, when they open it, then they are sent to /app (and from there to sign-in)', async () => {
    const root = await h.app.inject('/')
    expect(root.statusCode).toBe(302)
    expect(root.headers.location).toBe('/app')
    const app = await h.app.inject('/app')
    expect(app.statusCode).toBe(303)
    expect(app.headers.location).toBe('/app/sign-in?next=%2Fapp')
  })

  it('given a signed-in operator, when they open the company list, then it shows their company by name only', async () => {
    const list = await a.get('/app')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Elaborate Events, Inc')
    expect(list.body).toContain(`/app/companies/${mine}`)
    expect(list.body).not.toContain(theirs)
  })

  it("given another tenant's company, when an operator opens any of its pages or posts to it, then each answers the same 404 page as an unknown id", async () => {
    const unknown = await a.get('/app/companies/00000000-0000-4000-8000-000000000000')
    expect(unknown.statusCode).toBe(404)
    for (const id of [theirs, 'no-such-company']) {
      const base = `/app/companies/${id}`
      for (const url of [
        base,
        `${base}/operations`,
        `${base}/accounts/acc-1`,
        `${base}/accounts/acc-1/reconciliation`,
      ]) {
        const res = await a.get(url)
        expect(res.statusCode, url).toBe(404)
        expect(isHtml(res.headers['content-type']), url).toBe(true)
        expect(res.body, url).toContain('There is no such page')
      }
      expect((await a.get(`${base}/status`)).statusCode).toBe(404) // the company page's status fragment
      await a.get(`/app/companies/${mine}`) // a fresh CSRF token from a page of our own
      for (const url of [
        `${base}/credentials`,
        `${base}/accounts/acc-1/sync`,
        `${base}/accounts/acc-1/transactions/t1/redate`,
        `${base}/accounts/acc-1/transactions/t1/dismiss`,
      ]) {
        const res = await a.post(url, { note: 'why' })
        expect(res.statusCode, url).toBe(404)
      }
    }
    // Nothing was issued for the other tenant's company.
    const other = await h.app.inject({ url: `/v1/companies/${theirs}`, headers: auth(KEY_B) })
    expect(other.statusCode).toBe(200)
  })

  it('given the portal-sessions route, when the bank asks for a link to its company, then it answers a link on the server’s origin; another tenant’s company is 404', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${mine}/portal-sessions`,
      headers: auth(KEY_A),
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/portal\/[\w-]+\.[\w-]+$/)
    const no = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${theirs}/portal-sessions`,
      headers: auth(KEY_A),
    })
    expect(no.statusCode).toBe(404)
    const anonymous = await h.app.inject({ method: 'POST', url: `/v1/companies/${mine}/portal-sessions` })
    expect(anonymous.statusCode).toBe(401)
  })
})

/** What a person can type into an address bar: anything, including broken escapes and traversal. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '..',
    '../..',
    '%',
    '%zz',
    '%00',
    '__proto__',
    'constructor',
    'toString',
    '-1',
    '0',
    '1e308',
    'NaN',
    ' ',
    '<script>alert(1)</script>',
    '"\'`',
    'x'.repeat(600),
    '\u0000',
    '\ud800',
  ),
)

/** Percent-encodes as a browser would, keeping what cannot be encoded (a lone surrogate) as an escape. */
function enc(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return '%ED%A0%80'
  }
}

describe('nothing a person types is a 500', () => {
  it('given hostile ids in the path and hostile query values, when a signed-in operator opens any page, then the answer is a page below 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (id, query, page) => {
        const urls = [
          `/app/companies/${enc(id)}`,
          `/app/companies/${enc(id)}/operations`,
          `/app/companies/${mine}/accounts/${enc(id)}?status=${enc(query)}&sort=${enc(query)}&page=${enc(page)}`,
          `/app/companies/${mine}/accounts/acc-1?status=${enc(query)}&sort=${enc(page)}&page=${enc(page)}`,
          `/app/companies/${mine}/accounts/${enc(id)}/reconciliation`,
          `/app?q=${enc(query)}`,
          `/app/sign-in?next=${enc(query)}`,
          `/app/portal/${enc(id)}`,
          `/app/${enc(id)}`,
        ]
        for (const url of urls) {
          const res = await a.get(url)
          if (res.statusCode >= 500) throw new Error(`${url} answered ${res.statusCode}`)
          const redirect = res.statusCode >= 300 && res.statusCode < 400
          expect(isHtml(res.headers['content-type']) || redirect, url).toBe(true)
        }
      }),
      { numRuns: 40 },
    )
  }, 60_000)

  it('given raw, unencoded hostile characters in the address, when they reach the server, then no answer is a 500', async () => {
    for (const raw of [
      '%00',
      'a%00b',
      '%',
      '%zz',
      '%E0%A4%A',
      '..%2f..%2f',
      '%00',
      'a b',
      '<x>',
      '%ED%A0%80',
      '\\',
    ]) {
      for (const url of [`/app/companies/${raw}`, `/app/companies/${mine}/accounts/acc-1?page=${raw}`]) {
        const res = await a.get(url)
        expect(res.statusCode, url).toBeLessThan(500)
      }
    }
  }, 30_000)
})
