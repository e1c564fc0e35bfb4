import { inspect } from 'node:util'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCodatClient } from './client.js'
import type { CodatError } from './errors.js'
import {
  BASE,
  COMPANY_ID,
  codatHandlers,
  type RecordedRequest,
  rawJson,
  TEST_API_KEY,
  TEST_API_KEY_BASE64,
  testClient,
} from './testing/codat-fake.js'

const log: RecordedRequest[] = []
const server = setupServer(...codatHandlers(log))

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const COMPANY_URL = `${BASE}/companies/:companyId`

function expectNoSecret(text: string): void {
  expect(text).not.toContain(TEST_API_KEY)
  expect(text).not.toContain(TEST_API_KEY_BASE64)
}

function everyRendering(error: CodatError): string {
  return [
    error.message,
    String(error),
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
  ].join('\n')
}

describe('the API key never leaks', () => {
  it('is absent from the client rendered every way', () => {
    const { client } = testClient()
    const renderings = [String(client), `${client}`, JSON.stringify(client), inspect(client, { depth: 10 })]
    for (const text of renderings) expectNoSecret(text)
    expect(String(client)).toBe('CodatClient(https://api.codat.io)')
  })

  it('is absent from API errors, even when the server echoes the Authorization header back', async () => {
    server.use(
      http.get(COMPANY_URL, ({ request }) =>
        HttpResponse.json(
          {
            statusCode: 401,
            service: 'PublicApi',
            error: `Unauthorized: header was ${request.headers.get('authorization')} (key ${TEST_API_KEY})`,
            correlationId: 'c',
            canBeRetried: 'Unknown',
            detailedErrorCode: 0,
          },
          { status: 401 },
        ),
      ),
    )
    const { client } = testClient()
    const error = (await client.companies
      .get({ companyId: COMPANY_ID })
      .catch((e: unknown) => e)) as CodatError
    expect(error).toMatchObject({ status: 401 })
    expectNoSecret(everyRendering(error))
    expect(error.message).toContain('[REDACTED]')
  })

  it('is absent from a parsed error body even when the key was hidden behind JSON escapes', async () => {
    const escaped = [...TEST_API_KEY]
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('')
    server.use(
      http.get(COMPANY_URL, () =>
        rawJson(`{"statusCode":403,"error":"key ${escaped} is outdated","correlationId":"c"}`, 403),
      ),
    )
    const { client } = testClient()
    const error = (await client.companies
      .get({ companyId: COMPANY_ID })
      .catch((e: unknown) => e)) as CodatError
    expect(error).toMatchObject({ status: 403, body: { error: 'key [REDACTED] is outdated' } })
    expectNoSecret(everyRendering(error))
  })

  it('is absent from a non-JSON error body kept as rawBody', async () => {
    server.use(
      http.get(
        COMPANY_URL,
        ({ request }) =>
          new HttpResponse(`proxy saw ${request.headers.get('authorization')}`, { status: 502 }),
      ),
    )
    const { client } = testClient({ retry: { maxAttempts: 1 } })
    const error = (await client.companies
      .get({ companyId: COMPANY_ID })
      .catch((e: unknown) => e)) as CodatError & {
      rawBody: string
    }
    expectNoSecret(everyRendering(error))
    expectNoSecret(error.rawBody)
  })

  it('is absent from network and timeout errors', async () => {
    const throwing = createCodatClient({
      apiKey: TEST_API_KEY,
      retry: { maxAttempts: 1 },
      fetch: async (_url, init) => {
        throw new Error(`socket hang up while sending ${JSON.stringify(init.headers)}`)
      },
    })
    const networkError = (await throwing.companies
      .get({ companyId: COMPANY_ID })
      .catch((e: unknown) => e)) as CodatError
    expect(networkError.name).toBe('CodatNetworkError')
    expectNoSecret(everyRendering(networkError))
    expect(networkError.message).toContain('socket hang up')
    expect(networkError.message).toContain('Basic [REDACTED]')

    const hanging = createCodatClient({
      apiKey: TEST_API_KEY,
      timeoutMs: 20,
      retry: { maxAttempts: 1 },
      fetch: () => new Promise<Response>(() => {}),
    })
    const timeoutError = (await hanging.companies
      .get({ companyId: COMPANY_ID })
      .catch((e: unknown) => e)) as CodatError
    expect(timeoutError.name).toBe('CodatTimeoutError')
    expectNoSecret(everyRendering(timeoutError))
  })

  it('is absent from every onEvent payload of a call that retried and failed', async () => {
    server.use(http.post(`${BASE}/companies`, () => new HttpResponse(null, { status: 500 })))
    const { client, events } = testClient({ retry: { maxAttempts: 3 } })
    await client.companies.create({ name: 'Bank of Dave' }).catch(() => undefined)
    expect(events.map((e) => e.type)).toEqual([
      'request',
      'response',
      'retry',
      'request',
      'response',
      'retry',
      'request',
      'response',
    ])
    expectNoSecret(JSON.stringify(events))
  })

  it('is still sent where it belongs: the Authorization header', async () => {
    log.length = 0
    const { client } = testClient()
    await client.companies.get({ companyId: COMPANY_ID })
    expect(log[0]?.headers.get('authorization')).toBe(`Basic ${TEST_API_KEY_BASE64}`)
  })
})
