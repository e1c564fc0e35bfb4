import { delay, HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { CodatApiError, CodatNetworkError, CodatTimeoutError } from './errors.js'
import {
  BASE,
  COMPANY_ID,
  CONNECTION_ID,
  errorBody,
  rawJson,
  testClient,
  useFakeCodat,
} from './testing/codat-fake.js'

const { server, log } = useFakeCodat()

const ids = { companyId: COMPANY_ID, connectionId: CONNECTION_ID }
const PUSH_URL = `${BASE}/companies/:companyId/connections/:connectionId/push/bankAccounts/:accountId/bankTransactions`
const COMPANY_URL = `${BASE}/companies/:companyId`

/** A one-shot failure that still records the request (so we can inspect every attempt's headers). */
function failOnce(method: 'get' | 'post', url: string, respond: () => Response | Promise<Response>) {
  return http[method](
    url,
    async ({ request }) => {
      const u = new URL(request.url)
      log.push({
        method: request.method,
        path: u.pathname,
        search: u.searchParams,
        headers: request.headers,
        body: await request.clone().text(),
      })
      return respond()
    },
    { once: true },
  )
}

const push = (client: ReturnType<typeof testClient>['client'], idempotencyKey?: string) =>
  client.transactions.create({
    ...ids,
    accountId: 'acc-1',
    idempotencyKey,
    createBankTransactions: {
      accountId: 'acc-1',
      transactions: [
        { id: 'tx-1', date: '2026-11-24', description: 'Coffee', amount: '-3.10', balance: '96.90' },
      ],
    },
  })

describe('retries on server errors and network failures', () => {
  it('retries a 500 and a 503, sending the same generated Idempotency-Key and body each time', async () => {
    server.use(
      failOnce('post', PUSH_URL, () => HttpResponse.json(errorBody(500, 'boom'), { status: 500 })),
      failOnce('post', PUSH_URL, () => HttpResponse.json(errorBody(503, 'maintenance'), { status: 503 })),
    )
    const { client, sleeps } = testClient()
    const operation = await push(client)
    expect(operation.status).toBe('Pending')
    expect(log).toHaveLength(3)
    expect(new Set(log.map((r) => r.headers.get('idempotency-key')))).toEqual(new Set(['generated-key-1']))
    expect(new Set(log.map((r) => r.body)).size).toBe(1)
    // equal jitter with random() = 0.5: 0.75 × 500 and 0.75 × 500 × 1.5
    expect(sleeps).toEqual([375, 563])
  })

  it('keeps the caller-supplied Idempotency-Key on every retry', async () => {
    server.use(failOnce('post', PUSH_URL, () => new HttpResponse('upstream exploded', { status: 502 })))
    const { client } = testClient()
    await push(client, 'batch-7')
    expect(log.map((r) => r.headers.get('idempotency-key'))).toEqual(['batch-7', 'batch-7'])
  })

  it('retries a network error with the same Idempotency-Key', async () => {
    server.use(failOnce('post', PUSH_URL, () => HttpResponse.error()))
    const { client, sleeps, events } = testClient()
    await push(client, 'batch-8')
    expect(log.map((r) => r.headers.get('idempotency-key'))).toEqual(['batch-8', 'batch-8'])
    expect(sleeps).toEqual([375])
    expect(events.find((e) => e.type === 'retry')).toMatchObject({
      reason: 'network',
      status: null,
      attempt: 1,
    })
  })

  it('gives each separate call its own generated key', async () => {
    const { client } = testClient()
    await push(client)
    await push(client)
    expect(log.map((r) => r.headers.get('idempotency-key'))).toEqual(['generated-key-1', 'generated-key-2'])
  })

  it('gives up after maxAttempts with a CodatApiError carrying status, operation and the parsed body', async () => {
    let calls = 0
    server.use(
      http.post(PUSH_URL, () => {
        calls++
        return HttpResponse.json(errorBody(503, 'The Codat API is temporarily offline for maintenance.'), {
          status: 503,
        })
      }),
    )
    const { client, sleeps } = testClient({ retry: { maxAttempts: 3 } })
    const error = await push(client).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CodatApiError)
    const apiError = error as CodatApiError
    expect(apiError.status).toBe(503)
    expect(apiError.operation).toBe('transactions.create')
    expect(apiError.attempts).toBe(3)
    expect(apiError.body).toEqual(errorBody(503, 'The Codat API is temporarily offline for maintenance.'))
    expect(apiError.message).toContain('HTTP 503')
    expect(apiError.message).toContain('7eb40d6e7ca1e9b4d9a6bbf1cdee3f92')
    expect(calls).toBe(3)
    expect(sleeps).toHaveLength(2)
  })

  it('gives up on a network error that persists with a CodatNetworkError', async () => {
    server.use(http.get(COMPANY_URL, () => HttpResponse.error()))
    const { client } = testClient({ retry: { maxAttempts: 2 } })
    const error = await client.companies.get({ companyId: COMPANY_ID }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CodatNetworkError)
    expect(error).toMatchObject({ operation: 'companies.get', attempts: 2, method: 'GET' })
  })

  it('grows the wait exponentially and never beyond maxDelayMs', async () => {
    server.use(http.get(COMPANY_URL, () => new HttpResponse(null, { status: 500 })))
    const { client, sleeps } = testClient({
      random: () => 0.999,
      retry: { maxAttempts: 9, initialDelayMs: 100, maxDelayMs: 1000, exponent: 2 },
    })
    await expect(client.companies.get({ companyId: COMPANY_ID })).rejects.toBeInstanceOf(CodatApiError)
    expect(sleeps).toEqual([100, 200, 400, 800, 1000, 1000, 1000, 1000])
  })

  it('spreads waits with jitter between half and all of the exponential base', async () => {
    server.use(http.get(COMPANY_URL, () => new HttpResponse(null, { status: 500 })))
    const low = testClient({ random: () => 0, retry: { maxAttempts: 3 } })
    await expect(low.client.companies.get({ companyId: COMPANY_ID })).rejects.toBeInstanceOf(CodatApiError)
    expect(low.sleeps).toEqual([250, 375])
  })
})

describe('calls that must not be retried', () => {
  it('answers a 400 at once with the validation errors Codat sent', async () => {
    const body = {
      ...errorBody(400, 'Error processing request - not valid.'),
      validation: {
        errors: [{ itemId: 'tx-1', message: 'amount is required', validatorName: 'BankTransactions' }],
      },
    }
    server.use(failOnce('post', PUSH_URL, () => HttpResponse.json(body, { status: 400 })))
    const { client, sleeps } = testClient()
    const error = (await push(client).catch((e: unknown) => e)) as CodatApiError
    expect(error).toBeInstanceOf(CodatApiError)
    expect(error.status).toBe(400)
    expect(error.attempts).toBe(1)
    expect(error.body?.validation?.errors?.[0]?.itemId).toBe('tx-1')
    expect(log).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it.each([
    [409, 'idempotency key in flight'],
    [422, 'idempotency key reused with a different body'],
  ])('answers a %i (%s) at once: the caller must reconcile', async (status, error) => {
    server.use(failOnce('post', PUSH_URL, () => HttpResponse.json(errorBody(status, error), { status })))
    const { client, sleeps } = testClient()
    await expect(push(client, 'batch-11')).rejects.toMatchObject({ status, attempts: 1, body: { error } })
    expect(log).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('answers a 404 at once', async () => {
    server.use(
      http.get(COMPANY_URL, () => HttpResponse.json(errorBody(404, 'No company was found'), { status: 404 })),
    )
    const { client } = testClient()
    await expect(client.companies.get({ companyId: COMPANY_ID })).rejects.toMatchObject({
      status: 404,
      attempts: 1,
    })
  })

  it('keeps a non-JSON error body as rawBody', async () => {
    server.use(http.get(COMPANY_URL, () => new HttpResponse('<html>Bad Gateway</html>', { status: 502 })))
    const { client } = testClient({ retry: { maxAttempts: 1 } })
    const error = (await client.companies
      .get({ companyId: COMPANY_ID })
      .catch((e: unknown) => e)) as CodatApiError
    expect(error.body).toBeUndefined()
    expect(error.rawBody).toBe('<html>Bad Gateway</html>')
  })

  it('reports a 2xx whose body is not JSON as a CodatApiError instead of returning garbage', async () => {
    server.use(http.get(COMPANY_URL, () => new HttpResponse('not json', { status: 200 })))
    const { client } = testClient()
    await expect(client.companies.get({ companyId: COMPANY_ID })).rejects.toMatchObject({
      status: 200,
      rawBody: 'not json',
    })
  })
})

describe('a push whose outcome the caller reconciles (retryUnknownOutcome: false)', () => {
  const pushOnce = (client: ReturnType<typeof testClient>['client']) =>
    client.transactions.create({
      ...ids,
      accountId: 'acc-1',
      idempotencyKey: 'batch-11',
      retryUnknownOutcome: false,
      createBankTransactions: {
        accountId: 'acc-1',
        transactions: [
          { id: 'tx-1', date: '2026-11-24', description: 'Coffee', amount: '-3.10', balance: '96.90' },
        ],
      },
    })

  it('is sent once when the connection drops (Codat may have stored it): a CodatNetworkError at once', async () => {
    server.use(failOnce('post', PUSH_URL, () => HttpResponse.error()))
    const { client, sleeps } = testClient()
    await expect(pushOnce(client)).rejects.toBeInstanceOf(CodatNetworkError)
    expect(log).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('is sent once on a 503, and still retried on a 429 (nothing stored)', async () => {
    server.use(
      failOnce('post', PUSH_URL, () => HttpResponse.json(errorBody(503, 'maintenance'), { status: 503 })),
    )
    const first = testClient()
    await expect(pushOnce(first.client)).rejects.toMatchObject({ status: 503 })
    expect(log).toHaveLength(1)
    server.use(
      failOnce('post', PUSH_URL, () =>
        HttpResponse.json(errorBody(429, 'You have made too many requests'), {
          status: 429,
          headers: { 'retry-after': '1' },
        }),
      ),
    )
    const second = testClient()
    expect((await pushOnce(second.client)).status).toBe('Pending')
    expect(log.slice(1).map((r) => r.headers.get('idempotency-key'))).toEqual(['batch-11', 'batch-11'])
    expect(second.sleeps).toEqual([1000])
  })
})

describe('429 and Retry-After', () => {
  const tooMany = (retryAfter?: string) => () =>
    HttpResponse.json(errorBody(429, 'You have made too many requests'), {
      status: 429,
      headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
    })

  it('waits the Retry-After seconds, then retries with the same key (a 429 is never stored by Codat)', async () => {
    server.use(failOnce('post', PUSH_URL, tooMany('3')), failOnce('post', PUSH_URL, tooMany('1')))
    const { client, sleeps, events } = testClient()
    await push(client, 'batch-9')
    expect(sleeps).toEqual([3000, 1000])
    expect(log.map((r) => r.headers.get('idempotency-key'))).toEqual(['batch-9', 'batch-9', 'batch-9'])
    expect(events.filter((e) => e.type === 'retry')).toEqual([
      expect.objectContaining({ status: 429, delayMs: 3000, retryAfter: true }),
      expect.objectContaining({ status: 429, delayMs: 1000, retryAfter: true }),
    ])
  })

  it('waits until a Retry-After HTTP date', async () => {
    const now = Date.parse('Wed, 25 Nov 2026 13:00:00 GMT')
    server.use(failOnce('get', COMPANY_URL, tooMany('Wed, 25 Nov 2026 13:00:07 GMT')))
    const { client, sleeps } = testClient({ now: () => now })
    await client.companies.get({ companyId: COMPANY_ID })
    expect(sleeps).toEqual([7000])
  })

  it('falls back to backoff when a 429 has no Retry-After', async () => {
    server.use(failOnce('get', COMPANY_URL, tooMany()))
    const { client, sleeps } = testClient()
    await client.companies.get({ companyId: COMPANY_ID })
    expect(sleeps).toEqual([375])
  })

  it('honours Retry-After on a 503 too', async () => {
    server.use(
      failOnce(
        'get',
        COMPANY_URL,
        () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '2' } }),
      ),
    )
    const { client, sleeps } = testClient()
    await client.companies.get({ companyId: COMPANY_ID })
    expect(sleeps).toEqual([2000])
  })

  it('does not sit out a Retry-After longer than maxRetryAfterMs: it throws with retryAfterMs instead', async () => {
    server.use(failOnce('post', PUSH_URL, tooMany('3600')))
    const { client, sleeps } = testClient({ retry: { maxRetryAfterMs: 60_000 } })
    const error = (await push(client).catch((e: unknown) => e)) as CodatApiError
    expect(error).toBeInstanceOf(CodatApiError)
    expect(error.status).toBe(429)
    expect(error.retryAfterMs).toBe(3_600_000)
    expect(sleeps).toEqual([])
  })

  it('gives up on 429 after maxAttempts', async () => {
    server.use(http.get(COMPANY_URL, tooMany('1')))
    const { client, sleeps } = testClient({ retry: { maxAttempts: 2 } })
    await expect(client.companies.get({ companyId: COMPANY_ID })).rejects.toMatchObject({
      status: 429,
      attempts: 2,
    })
    expect(sleeps).toEqual([1000])
  })
})

describe('per-request timeout', () => {
  it('aborts an attempt that takes longer than timeoutMs and retries it with the same key', async () => {
    server.use(
      failOnce('post', PUSH_URL, async () => {
        await delay('infinite')
        return new HttpResponse(null, { status: 500 })
      }),
    )
    const { client, events } = testClient({ timeoutMs: 50 })
    const operation = await push(client, 'batch-10')
    expect(operation.status).toBe('Pending')
    expect(log.map((r) => r.headers.get('idempotency-key'))).toEqual(['batch-10', 'batch-10'])
    expect(events.find((e) => e.type === 'response')).toMatchObject({ status: null, failure: 'timeout' })
  })

  it('throws CodatTimeoutError when every attempt times out', async () => {
    server.use(
      http.get(COMPANY_URL, async () => {
        await delay('infinite')
        return new HttpResponse(null, { status: 500 })
      }),
    )
    const { client } = testClient({ timeoutMs: 30, retry: { maxAttempts: 2 } })
    const started = performance.now()
    const error = (await client.companies
      .get({ companyId: COMPANY_ID })
      .catch((e: unknown) => e)) as CodatTimeoutError
    expect(error).toBeInstanceOf(CodatTimeoutError)
    expect(error.timeoutMs).toBe(30)
    expect(error.attempts).toBe(2)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('times out a response whose body stalls after the headers', async () => {
    server.use(
      http.get(COMPANY_URL, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":'))
          },
        })
        return new HttpResponse(stream, { status: 200, headers: { 'content-type': 'application/json' } })
      }),
    )
    const { client } = testClient({ timeoutMs: 50, retry: { maxAttempts: 1 } })
    await expect(client.companies.get({ companyId: COMPANY_ID })).rejects.toBeInstanceOf(CodatTimeoutError)
  })
})

describe('onEvent', () => {
  it('reports request, response and retry with method, path, status, attempt and duration', async () => {
    server.use(failOnce('get', COMPANY_URL, () => new HttpResponse(null, { status: 500 })))
    let clock = 1000
    const { client, events } = testClient({
      now: () => {
        clock += 5
        return clock
      },
    })
    await client.companies.get({ companyId: COMPANY_ID })
    const path = `/companies/${COMPANY_ID}`
    const base = { operation: 'companies.get', method: 'GET', path }
    expect(events).toEqual([
      { type: 'request', ...base, attempt: 1 },
      { type: 'response', ...base, attempt: 1, status: 500, durationMs: 5 },
      { type: 'retry', ...base, attempt: 1, status: 500, reason: 'status', delayMs: 375, retryAfter: false },
      { type: 'request', ...base, attempt: 2 },
      { type: 'response', ...base, attempt: 2, status: 200, durationMs: 5 },
    ])
  })

  it('a listener that throws does not fail the call', async () => {
    const { client } = testClient({
      onEvent: () => {
        throw new Error('listener broke')
      },
    })
    await expect(client.companies.get({ companyId: COMPANY_ID })).resolves.toMatchObject({ id: COMPANY_ID })
  })
})

describe('raw JSON helper sanity', () => {
  it('serves decimal text exactly as written', async () => {
    server.use(http.get(COMPANY_URL, () => rawJson('{"id":"x","name":"n","redirect":"r","balance":1.10}')))
    const { client } = testClient()
    expect(await client.companies.get({ companyId: COMPANY_ID })).toMatchObject({ balance: '1.10' })
  })
})
