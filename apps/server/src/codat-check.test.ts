import { createCodatClient } from '@feedsync/codat-client'
import { describe, expect, it } from 'vitest'
import { checkCodatAccess } from './codat-check.js'

const BASE = 'http://codat.test'
const KEY = 'the-right-key-123'

/** A Codat that takes only `KEY`, or answers `status` to everything when given one. */
function codatAnswering(status?: number) {
  const seen: string[] = []
  const client = createCodatClient({
    baseUrl: BASE,
    apiKey: KEY,
    retry: { maxAttempts: 1 },
    fetch: async (url) => {
      seen.push(url)
      if (status === undefined)
        return new Response(
          JSON.stringify({ results: [], pageNumber: 1, pageSize: 1, totalResults: 0, _links: {} }),
          {
            status: 200,
            headers: { 'content-type': 'application/json' },
          },
        )
      return new Response(JSON.stringify({ statusCode: status, error: 'no', correlationId: 'c1' }), {
        status,
        headers: { 'content-type': 'application/json' },
      })
    },
  })
  return { client, seen }
}

describe('checkCodatAccess', () => {
  it('lists one company, page 1, and is ok when Codat answers', async () => {
    const { client, seen } = codatAnswering()
    expect(await checkCodatAccess(client, BASE)).toEqual({ ok: true })
    expect(seen).toHaveLength(1)
    const url = new URL(seen[0] ?? '')
    expect(url.pathname).toBe('/companies')
    expect(url.searchParams.get('page')).toBe('1')
    expect(url.searchParams.get('pageSize')).toBe('1')
  })

  it.each([401, 403])(
    'refuses a key Codat answers %i to, naming CODAT_API_KEY and CODAT_BASE_URL, never the key',
    async (status) => {
      const access = await checkCodatAccess(codatAnswering(status).client, BASE)
      expect(access).toMatchObject({ ok: false, fatal: true })
      const message = access.ok ? '' : access.message
      expect(message).toContain('CODAT_API_KEY')
      expect(message).toContain('CODAT_BASE_URL')
      expect(message).not.toContain(KEY)
      expect(message).not.toContain(Buffer.from(KEY).toString('base64'))
    },
  )

  it('refuses a base URL that answers 404 to /companies, naming CODAT_BASE_URL', async () => {
    const access = await checkCodatAccess(codatAnswering(404).client, BASE)
    expect(access).toMatchObject({ ok: false, fatal: true })
    expect(access.ok ? '' : access.message).toContain('CODAT_BASE_URL')
  })

  it.each([429, 500, 503])(
    'starts anyway when Codat answers %i (down or busy, not a wrong key)',
    async (status) => {
      expect(await checkCodatAccess(codatAnswering(status).client, BASE)).toMatchObject({
        ok: false,
        fatal: false,
      })
    },
  )

  it('starts anyway when Codat cannot be reached', async () => {
    const client = createCodatClient({
      baseUrl: BASE,
      apiKey: KEY,
      retry: { maxAttempts: 1 },
      fetch: async () => {
        throw new TypeError('fetch failed')
      },
    })
    const access = await checkCodatAccess(client, BASE)
    expect(access).toMatchObject({ ok: false, fatal: false })
    expect(access.ok ? '' : access.message).toContain('CODAT_BASE_URL')
  })
})
