// Test support only (not exported from index.ts): typed msw handlers standing in for Codat at
// https://api.codat.io, recording every request they see.
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createCodatClient } from '../client.js'
import type { CodatClientEvent } from '../events.js'
import type { Company } from '../models/company.js'
import type { Connection } from '../models/connection.js'
import type { ErrorMessage } from '../models/error-message.js'
import type { PushOperation } from '../models/push-operation.js'
import type { CodatClientOptions } from '../options.js'

export const BASE = 'https://api.codat.io'
export const COMPANY_ID = '8a210b68-6988-11ed-a1eb-0242ac120002'
export const CONNECTION_ID = '2e9d2c44-f675-40ba-8049-353bfcb5e171'
export const PUSH_KEY = 'b18d5a8e-0b6e-4ee6-9c1f-2b4a3c6d7e8f'
/** Distinctive enough that a leak is unambiguous. */
export const TEST_API_KEY = 'sk_test_Zq8vN3pL0wXy7Rt2'
export const TEST_API_KEY_BASE64 = Buffer.from(TEST_API_KEY).toString('base64')

export interface RecordedRequest {
  method: string
  path: string
  search: URLSearchParams
  headers: Headers
  body: string
}

async function record(log: RecordedRequest[], request: Request): Promise<void> {
  const url = new URL(request.url)
  log.push({
    method: request.method,
    path: url.pathname,
    search: url.searchParams,
    headers: request.headers,
    body: await request.clone().text(),
  })
}

export const company: Company = {
  id: COMPANY_ID,
  name: 'Bank of Dave',
  description: 'feedsync test',
  redirect: `https://link.codat.io/company/${COMPANY_ID}`,
  created: '2026-11-24T10:00:00Z',
  products: [],
  tags: {},
  referenceSubsidiaryCompanies: [],
  dataConnections: [],
}

export const connection: Connection = {
  id: CONNECTION_ID,
  integrationId: 'd6a3e4b0-1111-4c2b-9d7e-0123456789ab',
  integrationKey: 'hcws',
  sourceId: 'a1b2c3d4-2222-4c2b-9d7e-0123456789ab',
  sourceType: 'BankFeed',
  platformName: 'QuickBooks Online Bank Feeds',
  linkUrl: `https://link-api.codat.io/companies/${COMPANY_ID}/connections/${CONNECTION_ID}/start?otp=123456`,
  status: 'PendingAuth',
  created: '2026-11-24T10:00:01Z',
}

export const pendingOperation: PushOperation = {
  dataType: 'bankTransactions',
  companyId: COMPANY_ID,
  pushOperationKey: PUSH_KEY,
  dataConnectionKey: CONNECTION_ID,
  requestedOnUtc: '2026-11-24T10:05:00Z',
  status: 'Pending',
  statusCode: 202,
}

/** A raw JSON response, so decimals in it are exactly the text we wrote. */
export function rawJson(
  text: string,
  status = 200,
  headers: Record<string, string> = {},
): HttpResponse<string> {
  return new HttpResponse(text, { status, headers: { 'content-type': 'application/json', ...headers } })
}

export function errorBody(statusCode: number, error: string): ErrorMessage {
  return {
    statusCode,
    service: 'PublicApi',
    error,
    correlationId: '7eb40d6e7ca1e9b4d9a6bbf1cdee3f92',
    validation: null,
    canBeRetried: 'Unknown',
    detailedErrorCode: 0,
  }
}

const sourceAccountJson =
  '{"id":"acc-1","accountName":"Checking","accountType":"checking","accountNumber":"01234567","currency":"USD",' +
  '"balance":1500.25,"status":"pending","feedStartDate":null}'

const mappingJson =
  '{"sourceAccountId":"acc-1","sourceAccountName":"Checking","sourceAccountNumber":"01234567",' +
  '"sourceBalance":1500.25,"sourceCurrency":"GBP","status":"pending","targetAccountOptions":' +
  '[{"id":"044096a7-1478-4554-8820-f478caad1b00","name":"Business Account","balance":100.99,' +
  '"sortCode":"602336","accountNumber":"23203"}]}'

type CompanyParams = { companyId: string }
type ConnectionParams = { companyId: string; connectionId: string }
type AccountParams = ConnectionParams & { accountId: string }

/** Happy-path handlers for every path the client uses; specific paths before general ones. */
export function codatHandlers(log: RecordedRequest[]) {
  const C = `${BASE}/companies/:companyId/connections/:connectionId`
  return [
    http.get<ConnectionParams>(`${C}/bankFeedAccounts/mapping`, async ({ request }) => {
      await record(log, request)
      return rawJson(`[${mappingJson}]`)
    }),
    http.post<ConnectionParams>(`${C}/bankFeedAccounts/mapping`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({
        sourceAccountId: 'acc-1',
        targetAccountId: null,
        status: 'connecting',
        error: null,
      })
    }),
    http.post<ConnectionParams>(`${C}/bankFeeds/otp`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({ otp: 'GT40U4', expiry: '2026-11-24T10:30:00Z' })
    }),
    http.get<ConnectionParams>(`${C}/bankFeeds/info`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({
        companyName: 'Demo Company (UK)',
        baseCurrency: 'GBP',
        planType: null,
        multicurrencyEnabled: false,
        currencies: null,
      })
    }),
    http.post<ConnectionParams>(`${C}/connectionInfo/bankFeedAccounts/batch`, async ({ request }) => {
      await record(log, request)
      return rawJson(
        `[{"sourceAccountId":"acc-1","result":{"statusCode":200,"error":null,"account":${sourceAccountJson}}},` +
          '{"sourceAccountId":"acc-2","result":{"statusCode":"400","error":"duplicate id"}}]',
        207,
      )
    }),
    http.post<ConnectionParams>(`${C}/connectionInfo/bankFeedAccounts/credentials`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({ username: 'S0MW-TR0P-7DS0', password: 'cO0ajh0uGyTN0Pwh' })
    }),
    http.delete<ConnectionParams>(`${C}/connectionInfo/bankFeedAccounts/credentials`, async ({ request }) => {
      await record(log, request)
      return new HttpResponse(null, { status: 204 })
    }),
    http.patch<AccountParams>(`${C}/connectionInfo/bankFeedAccounts/:accountId`, async ({ request }) => {
      await record(log, request)
      return rawJson(sourceAccountJson)
    }),
    http.delete<AccountParams>(`${C}/connectionInfo/bankFeedAccounts/:accountId`, async ({ request }) => {
      await record(log, request)
      return new HttpResponse(null, { status: 204 })
    }),
    http.post<ConnectionParams>(`${C}/connectionInfo/bankFeedAccounts`, async ({ request }) => {
      await record(log, request)
      return rawJson(sourceAccountJson)
    }),
    http.get<ConnectionParams>(`${C}/connectionInfo/bankFeedAccounts`, async ({ request }) => {
      await record(log, request)
      return rawJson(`[${sourceAccountJson}]`)
    }),
    http.post<AccountParams>(`${C}/push/bankAccounts/:accountId/bankTransactions`, async ({ request }) => {
      await record(log, request)
      const body = await request.text()
      return rawJson(`{"data":${body},${JSON.stringify(pendingOperation).slice(1)}`)
    }),
    http.get<ConnectionParams, never, Connection>(C, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json(connection)
    }),
    http.patch<ConnectionParams, { status: string }, Connection>(C, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({ ...connection, status: 'Unlinked' })
    }),
    http.delete<ConnectionParams>(C, async ({ request }) => {
      await record(log, request)
      return new HttpResponse(null, { status: 200 })
    }),
    http.post<CompanyParams, { platformKey: string }, Connection>(
      `${BASE}/companies/:companyId/connections`,
      async ({ request }) => {
        await record(log, request)
        return HttpResponse.json(connection)
      },
    ),
    http.get<CompanyParams>(`${BASE}/companies/:companyId/connections`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({
        results: [connection],
        pageNumber: 1,
        pageSize: 100,
        totalResults: 1,
        _links: {
          self: { href: '/companies/x/connections' },
          current: { href: '/companies/x/connections?page=1' },
        },
      })
    }),
    http.get<CompanyParams & { pushOperationKey: string }, never, PushOperation>(
      `${BASE}/companies/:companyId/push/:pushOperationKey`,
      async ({ request }) => {
        await record(log, request)
        return HttpResponse.json({ ...pendingOperation, status: 'Success', statusCode: 200 })
      },
    ),
    http.get<CompanyParams>(`${BASE}/companies/:companyId/push`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({
        results: [pendingOperation],
        pageNumber: 1,
        pageSize: 100,
        totalResults: 1,
        _links: { self: { href: '/companies/x/push' }, current: { href: '/companies/x/push?page=1' } },
      })
    }),
    http.get<CompanyParams, never, Company>(`${BASE}/companies/:companyId`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json(company)
    }),
    http.delete<CompanyParams>(`${BASE}/companies/:companyId`, async ({ request }) => {
      await record(log, request)
      return new HttpResponse(null, { status: 204 })
    }),
    http.post<never, { name: string }, Company>(`${BASE}/companies`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json(company)
    }),
    http.get(`${BASE}/companies`, async ({ request }) => {
      await record(log, request)
      return HttpResponse.json({
        results: [company],
        pageNumber: 2,
        pageSize: 10,
        totalResults: 11,
        _links: { self: { href: '/companies' }, current: { href: '/companies?page=2&pageSize=10' } },
      })
    }),
  ]
}

/** A client wired for tests: no real waiting (sleeps are recorded), fixed jitter, numbered keys, events kept. */
export function testClient(overrides: Partial<CodatClientOptions> = {}) {
  const sleeps: number[] = []
  const events: CodatClientEvent[] = []
  let keys = 0
  const client = createCodatClient({
    apiKey: TEST_API_KEY,
    retry: { maxAttempts: 4 },
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    newIdempotencyKey: () => `generated-key-${++keys}`,
    onEvent: (event) => events.push(event),
    ...overrides,
  })
  return { client, sleeps, events }
}

/**
 * An msw server playing Codat for the duration of a test file: listening before the tests (unhandled
 * requests are errors), the request log emptied before each test, per-test overrides reset after it.
 */
export function useFakeCodat() {
  const log: RecordedRequest[] = []
  const server = setupServer(...codatHandlers(log))
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(() => {
    log.length = 0
  })
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return { server, log }
}
