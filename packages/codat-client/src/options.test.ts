import { describe, expect, it } from 'vitest'
import { createCodatClient } from './client.js'

describe('createCodatClient configuration', () => {
  it.each([
    [{ apiKey: '' }, /apiKey/],
    [{ apiKey: '   ' }, /apiKey/],
    [{ apiKey: 'k', baseUrl: 'not a url' }, /baseUrl/],
    [{ apiKey: 'k', baseUrl: 'ftp://codat.example' }, /baseUrl/],
    [{ apiKey: 'k', timeoutMs: 0 }, /timeoutMs/],
    [{ apiKey: 'k', retry: { maxAttempts: 0 } }, /maxAttempts/],
    [{ apiKey: 'k', retry: { maxAttempts: 1.5 } }, /maxAttempts/],
    [{ apiKey: 'k', retry: { exponent: 0.5 } }, /exponent/],
  ])('fails at construction on bad options %j', (options, message) => {
    expect(() => createCodatClient(options)).toThrow(message)
  })

  it('keeps a base URL path prefix and drops a trailing slash', async () => {
    const urls: string[] = []
    const client = createCodatClient({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:4010/codat/',
      fetch: async (url) => {
        urls.push(url)
        return new Response('{"id":"c","name":"n","redirect":"r"}', { status: 200 })
      },
    })
    await client.companies.get({ companyId: 'c' })
    expect(urls).toEqual(['http://127.0.0.1:4010/codat/companies/c'])
    expect(String(client)).toBe('CodatClient(http://127.0.0.1:4010/codat)')
  })
})
