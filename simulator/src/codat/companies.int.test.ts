import { describe, expect, it } from 'vitest'
import { SimulatorConfigError } from '../options.js'
import { basic, Harness, OTHER_KEY } from '../testing/harness.js'

describe('authentication', () => {
  it('a missing or wrong key is a 401 with the standard body; the key travels as Basic base64(key)', async () => {
    const h = new Harness()
    for (const authorization of [undefined, 'Basic d3Jvbmc=', 'test-api-key', 'Bearer test-api-key']) {
      const res = await h.app.inject({
        method: 'GET',
        url: '/companies',
        headers: authorization ? { authorization } : {},
      })
      expect(res.statusCode).toBe(401)
      const body = JSON.parse(res.body)
      expect(Object.keys(body)).toEqual([
        'statusCode',
        'service',
        'error',
        'correlationId',
        'canBeRetried',
        'detailedErrorCode',
      ])
      expect(body).toMatchObject({
        statusCode: 401,
        service: 'PublicApi',
        error: 'Unauthorized',
        canBeRetried: 'Unknown',
        detailedErrorCode: 0,
      })
      expect(body.correlationId).toMatch(/^[0-9a-f]{32}$/)
    }
  })

  it("another tenant's company is a 403 and does not appear in its list", async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const other = { authorization: basic(OTHER_KEY) }
    const get = await h.call('GET', `/companies/${s.companyId}`, undefined, other)
    expect(get.status).toBe(403)
    expect(get.body.error).toBe(
      'You are using an outdated API key or a key not associated with that resource.',
    )
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`, undefined, other)).status).toBe(
      403,
    )
    expect((await h.call('GET', '/companies', undefined, other)).body.totalResults).toBe(0)
  })

  it('an unknown path is a 404 and a known path with another method a 405', async () => {
    const h = new Harness()
    expect((await h.call('GET', '/nothing/here')).status).toBe(404)
    expect((await h.call('DELETE', '/companies')).status).toBe(405)
  })
})

describe('companies', () => {
  it('create strips forbidden characters and answers 200 with the Company shape', async () => {
    const h = new Harness()
    const res = await h.call('POST', '/companies', {
      name: 'Company (Codat[1])',
      description: 'd',
      tags: { region: 'uk' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: res.body.id,
      name: 'Company Codat1',
      description: 'd',
      platform: '',
      redirect: `https://link.codat.io/company/${res.body.id}`,
      created: '2026-03-10T12:00:00Z',
      createdByUserName: null,
      products: [],
      tags: { region: 'uk' },
      referenceSubsidiaryCompanies: [],
      dataConnections: [],
    })
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('create refuses a missing name, a name of only forbidden characters and bad tags', async () => {
    const h = new Harness()
    expect((await h.call('POST', '/companies', {})).body.validation.errors[0].itemId).toBe('name')
    expect((await h.call('POST', '/companies', { name: '[]()' })).status).toBe(400)
    const tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
    expect((await h.call('POST', '/companies', { name: 'a', tags })).status).toBe(400)
    expect((await h.call('POST', '/companies', { name: 'a', tags: { ['x'.repeat(28)]: 'v' } })).status).toBe(
      400,
    )
  })

  it('PUT replaces (omitted fields cleared), PATCH updates only what is given, DELETE is 204 then 404', async () => {
    const h = new Harness()
    const c = (await h.call('POST', '/companies', { name: 'A', description: 'keep', tags: { t: '1' } })).body
    const patched = await h.call('PATCH', `/companies/${c.id}`, { name: 'B' })
    expect(patched.body).toMatchObject({ name: 'B', description: 'keep', tags: { t: '1' } })
    const put = await h.call('PUT', `/companies/${c.id}`, { name: 'C' })
    expect(put.body).toMatchObject({ name: 'C', tags: {} })
    expect(put.body).not.toHaveProperty('description')
    expect((await h.call('DELETE', `/companies/${c.id}`)).status).toBe(204)
    const gone = await h.call('GET', `/companies/${c.id}`)
    expect(gone.status).toBe(404)
    expect(gone.body.error).toBe(`No company was found with ID ${c.id}`)
  })

  it('list pages with the envelope and links, filters with query and orders with orderBy', async () => {
    const h = new Harness()
    for (const name of ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo']) {
      await h.call('POST', '/companies', { name, tags: { region: name < 'C' ? 'uk' : 'us' } })
    }
    const page = await h.call('GET', '/companies?page=2&pageSize=2&orderBy=name')
    expect(page.body.results.map((c: { name: string }) => c.name)).toEqual(['Charlie', 'Delta'])
    expect(page.body).toMatchObject({ pageNumber: 2, pageSize: 2, totalResults: 5 })
    expect(page.body._links).toEqual({
      self: { href: '/companies' },
      current: { href: '/companies?page=2&pageSize=2&orderBy=name' },
      next: { href: '/companies?page=3&pageSize=2&orderBy=name' },
      previous: { href: '/companies?page=1&pageSize=2&orderBy=name' },
    })
    const uk = await h.call('GET', `/companies?query=${encodeURIComponent('region=uk')}&orderBy=-name`)
    expect(uk.body.results.map((c: { name: string }) => c.name)).toEqual(['Bravo', 'Alpha'])
    const q = await h.call(
      'GET',
      `/companies?query=${encodeURIComponent('{name=Alpha || name~ho} && tags.region!=uk')}`,
    )
    expect(q.body.results.map((c: { name: string }) => c.name)).toEqual(['Echo'])
    const past = await h.call('GET', '/companies?page=9')
    expect(past.body).toMatchObject({ results: [], totalResults: 5 })
  })

  it('a malformed query, unknown orderBy field or bad paging is a 400', async () => {
    const h = new Harness()
    const bad = await h.call('GET', `/companies?query=${encodeURIComponent('name==')}`)
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('Error parsing query - Malformed query.')
    const unknown = await h.call('GET', '/companies?orderBy=-colour')
    expect(unknown.body.error).toBe('Error parsing query - Could not resolve property colour on Company')
    expect((await h.call('GET', '/companies?pageSize=5001')).status).toBe(400)
    expect((await h.call('GET', '/companies?page=0')).status).toBe(400)
  })

  it('the access token lasts a day', async () => {
    const h = new Harness()
    const c = (await h.call('POST', '/companies', { name: 'A' })).body
    const t = await h.call('GET', `/companies/${c.id}/accessToken`)
    expect(t.body).toMatchObject({ expiresIn: 86400, tokenType: 'Bearer' })
  })
})

describe('connections', () => {
  it('create needs platformKey hcws; the connection shape has exactly the declared properties', async () => {
    const h = new Harness()
    const c = (await h.call('POST', '/companies', { name: 'A' })).body
    expect((await h.call('POST', `/companies/${c.id}/connections`, { platformKey: 'HCWS' })).status).toBe(400)
    expect((await h.call('POST', `/companies/${c.id}/connections`, { platformKey: 'zzzz' })).status).toBe(400)
    const conn = await h.call('POST', `/companies/${c.id}/connections`, { platformKey: 'hcws' })
    expect(Object.keys(conn.body).sort()).toEqual(
      [
        'id',
        'integrationId',
        'integrationKey',
        'sourceId',
        'platformName',
        'linkUrl',
        'status',
        'created',
        'sourceType',
        'dataConnectionErrors',
        'connectionInfo',
      ].sort(),
    )
    expect(conn.body.platformName).toBe('QuickBooks Online Bank Feeds')
    const company = await h.call('GET', `/companies/${c.id}`)
    expect(company.body.dataConnections).toHaveLength(1)
    const list = await h.call(
      'GET',
      `/companies/${c.id}/connections?query=${encodeURIComponent('status=PendingAuth')}`,
    )
    expect(list.body.totalResults).toBe(1)
  })

  it('the linkUrl otp stays for an hour; after it expires a get returns a fresh one', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const first = (await h.call('GET', s.base)).body.linkUrl
    await h.advance('PT59M')
    expect((await h.call('GET', s.base)).body.linkUrl).toBe(first)
    await h.advance('PT1M')
    const fresh = (await h.call('GET', s.base)).body.linkUrl
    expect(fresh).not.toBe(first)
    expect(fresh).toMatch(/otp=\d{6}$/)
  })

  it('linkUrl starts at Codat link-api by default and at linkBaseUrl when set (a trailing slash is dropped)', async () => {
    const codat = new Harness()
    const a = await codat.setup({ link: false })
    expect((await codat.call('GET', a.base)).body.linkUrl).toMatch(
      new RegExp(`^https://link-api\\.codat\\.io${a.base}/start\\?otp=\\d{6}$`),
    )
    const local = new Harness({ linkBaseUrl: 'http://127.0.0.1:4010/' })
    const b = await local.setup({ link: false })
    const conn = (await local.call('GET', b.base)).body
    expect(conn.linkUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:4010${b.base}/start\\?otp=\\d{6}$`))
    const company = (await local.call('GET', `/companies/${b.companyId}`)).body
    expect(company.dataConnections[0].linkUrl).toBe(conn.linkUrl)
  })

  it('a linkBaseUrl that is not an http(s) URL fails at start', () => {
    for (const linkBaseUrl of ['127.0.0.1:4010', 'ftp://x', 'http://x/?a=1', 'not a url']) {
      expect(() => new Harness({ linkBaseUrl }), linkBaseUrl).toThrow(SimulatorConfigError)
    }
  })

  it('unlink needs exactly {status:"Unlinked"} and a Linked connection; delete is 200 then 404', async () => {
    const h = new Harness()
    const pending = await h.setup({ link: false })
    expect((await h.call('PATCH', pending.base, { status: 'Unlinked' })).status).toBe(400)
    const s = await h.setup()
    expect((await h.call('PATCH', s.base, { status: 'Linked' })).status).toBe(400)
    expect((await h.call('PATCH', s.base, { status: 'Unlinked', extra: 1 })).status).toBe(400)
    const unlinked = await h.call('PATCH', s.base, { status: 'Unlinked' })
    expect(unlinked.body.status).toBe('Unlinked')
    const del = await h.call('DELETE', s.base)
    expect(del.status).toBe(200)
    expect(del.body).toBeUndefined()
    const gone = await h.call('GET', s.base)
    expect(gone.status).toBe(404)
    expect(gone.body.error).toBe(`Data connection ${s.connectionId} not found`)
  })
})
