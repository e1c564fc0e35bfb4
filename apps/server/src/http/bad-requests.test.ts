import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, KEY_B, onboard, onboardBody } from '../testing/harness.js'

let store: EventStore
let h: Harness
let companyId: string
let base: string

async function eventCount(): Promise<number> {
  return (await store.readAll({ limit: 1_000_000 })).events.length
}

beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
  h = await harness({ store })
  ;({ companyId } = await onboard(h))
  base = `/v1/companies/${companyId}/accounts/acc-1`
  const seeded = await h.app.inject({
    method: 'POST',
    url: `${base}/transactions`,
    headers: auth(),
    payload: {
      transactions: [
        { id: 'seen', date: '2026-11-24', description: 'Coffee', amount: '-3.10', status: 'cleared' },
      ],
    },
  })
  expect(seeded.statusCode).toBe(200)
})
afterAll(async () => {
  await h.close()
  await store.close()
})

const txn = (over: Record<string, unknown> = {}) => ({
  id: 'new-1',
  date: '2026-11-24',
  description: 'Lunch',
  amount: '-12.30',
  status: 'cleared',
  ...over,
})
const raw = (text: string) => ({ payload: text, headers: { ...auth(), 'content-type': 'application/json' } })
const body = (transactions: unknown[]) => ({ payload: { transactions }, headers: auth() })

type Case = {
  name: string
  method?: 'GET' | 'POST'
  url?: () => string
  req: () => { payload?: unknown; headers?: Record<string, string> }
  status: number
  code: string
}

const cases: Case[] = [
  { name: 'malformed JSON', req: () => raw('{"transactions": ['), status: 400, code: 'malformed_json' },
  {
    name: 'a NaN token',
    req: () =>
      raw(
        `{"transactions":[{"id":"x","date":"2026-11-24","description":"d","amount":NaN,"status":"cleared"}]}`,
      ),
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'an Infinity token',
    req: () =>
      raw(
        `{"transactions":[{"id":"x","date":"2026-11-24","description":"d","amount":Infinity,"status":"cleared"}]}`,
      ),
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a __proto__ key',
    req: () => raw('{"__proto__":{"admin":true},"transactions":[]}'),
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'JSON nested 100 deep',
    req: () => raw(`${'['.repeat(100)}${']'.repeat(100)}`),
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a text/plain body',
    req: () => ({ payload: 'hello', headers: { ...auth(), 'content-type': 'text/plain' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'a boolean amount',
    req: () => body([txn({ amount: true })]),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'a numeric description',
    req: () => body([txn({ description: 123 })]),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'an unknown status',
    req: () => body([txn({ status: 'done' })]),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'transactions not an array',
    req: () => ({ payload: { transactions: {} }, headers: auth() }),
    status: 400,
    code: 'validation_failed',
  },
  { name: 'an empty body', req: () => raw(''), status: 400, code: 'validation_failed' },
  {
    name: 'more than 1000 transactions',
    req: () => body(Array.from({ length: 1001 }, (_, i) => txn({ id: `b${i}` }))),
    status: 413,
    code: 'too_many_transactions',
  },
  {
    name: 'a body over the size limit',
    req: () => body([txn({ description: 'x'.repeat(3 * 1024 * 1024) })]),
    status: 413,
    code: 'body_too_large',
  },
  { name: 'a "NaN" amount', req: () => body([txn({ amount: 'NaN' })]), status: 422, code: 'invalid_amount' },
  {
    name: 'an "Infinity" amount',
    req: () => body([txn({ amount: 'Infinity' })]),
    status: 422,
    code: 'invalid_amount',
  },
  {
    name: 'an amount of 1e400',
    req: () =>
      raw(
        `{"transactions":[{"id":"x","date":"2026-11-24","description":"d","amount":1e400,"status":"cleared"}]}`,
      ),
    status: 422,
    code: 'invalid_amount',
  },
  {
    name: 'an over-precise number amount',
    req: () =>
      raw(
        `{"transactions":[{"id":"x","date":"2026-11-24","description":"d","amount":0.1000000000000000055511,"status":"cleared"}]}`,
      ),
    status: 422,
    code: 'amount_too_precise',
  },
  {
    name: 'an over-precise string amount',
    req: () => body([txn({ amount: '1.234' })]),
    status: 422,
    code: 'amount_too_precise',
  },
  {
    name: 'an over-precise balance',
    req: () => body([txn({ balance: '10.001' })]),
    status: 422,
    code: 'balance_too_precise',
  },
  {
    name: 'an impossible date',
    req: () => body([txn({ date: '2026-02-30' })]),
    status: 422,
    code: 'invalid_date',
  },
  {
    name: 'a transaction type QBO refuses',
    req: () => body([txn({ type: 'Atm' })]),
    status: 422,
    code: 'invalid_transaction_type',
  },
  {
    name: 'a known id with different content',
    req: () => body([txn({ id: 'seen', amount: '-3.11' })]),
    status: 409,
    code: 'duplicate_conflict',
  },
  {
    name: 'one id twice with different content',
    req: () => body([txn(), txn({ amount: '-1.00' })]),
    status: 409,
    code: 'duplicate_conflict',
  },
  {
    name: 'one bad transaction among good ones',
    req: () => body([txn({ id: 'g1' }), txn({ id: 'g2', amount: 'abc' })]),
    status: 422,
    code: 'invalid_amount',
  },
  {
    name: 'no API key',
    req: () => ({ payload: { transactions: [txn()] } }),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'a wrong API key',
    req: () => ({
      payload: { transactions: [txn()] },
      headers: { authorization: 'Bearer nope-nope-nope-nope' },
    }),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: "another tenant's company",
    req: () => ({ payload: { transactions: [txn()] }, headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'an unknown company',
    url: () => '/v1/companies/nope/accounts/acc-1/transactions',
    req: () => body([txn()]),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'an unknown account',
    url: () => `/v1/companies/${companyId}/accounts/nope/transactions`,
    req: () => body([txn()]),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'clearing an unknown transaction',
    url: () => `${base}/transactions/nope/clear`,
    req: () => ({ headers: auth() }),
    status: 404,
    code: 'unknown_transaction',
  },
  {
    name: 'voiding an unknown transaction',
    url: () => `${base}/transactions/nope/void`,
    req: () => ({ headers: auth() }),
    status: 404,
    code: 'unknown_transaction',
  },
  {
    name: "voiding another tenant's transaction",
    url: () => `${base}/transactions/seen/void`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's credentials",
    url: () => `/v1/companies/${companyId}/credentials`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's sync now",
    url: () => `${base}/sync`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's operations",
    method: 'GET',
    url: () => `/v1/companies/${companyId}/operations`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's transaction list",
    method: 'GET',
    url: () => `${base}/transactions`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a page of 0',
    method: 'GET',
    url: () => `${base}/transactions?page=0`,
    req: () => ({ headers: auth() }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'an unknown orderBy',
    method: 'GET',
    url: () => `${base}/transactions?orderBy=amount`,
    req: () => ({ headers: auth() }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: "another tenant's feed",
    method: 'GET',
    url: () => `${base}/feed`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'an unknown route',
    method: 'GET',
    url: () => '/v2/nothing',
    req: () => ({ headers: auth() }),
    status: 404,
    code: 'route_not_found',
  },
  {
    name: 'onboarding with a lower-case currency',
    url: () => '/v1/companies',
    req: () => ({
      payload: { ...onboardBody, accounts: [{ ...onboardBody.accounts[0], currency: 'usd' }] },
      headers: auth(),
    }),
    status: 400,
    code: 'invalid_currency',
  },
  {
    name: 'onboarding with an over-precise balance',
    url: () => '/v1/companies',
    req: () => ({
      payload: { ...onboardBody, accounts: [{ ...onboardBody.accounts[0], balance: '1.001' }] },
      headers: auth(),
    }),
    status: 422,
    code: 'balance_too_precise',
  },
  {
    name: 'onboarding with no accounts',
    url: () => '/v1/companies',
    req: () => ({ payload: { ...onboardBody, accounts: [] }, headers: auth() }),
    status: 400,
    code: 'validation_failed',
  },
]

describe('a bad request', () => {
  it.each(cases)('$name → $status $code, problem+json, nothing changes', async (c) => {
    const before = await eventCount()
    const codatCalls = h.codat.calls.length
    const req = c.req()
    const res = await h.app.inject({
      method: c.method ?? 'POST',
      url: c.url?.() ?? `${base}/transactions`,
      ...(req.headers === undefined ? {} : { headers: req.headers }),
      ...(req.payload === undefined ? {} : { payload: req.payload as string }),
    })
    expect(res.statusCode, res.body).toBe(c.status)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const problem = res.json()
    expect(problem).toMatchObject({ status: c.status, code: c.code })
    expect(typeof problem.type).toBe('string')
    expect(typeof problem.title).toBe('string')
    expect(typeof problem.detail).toBe('string')
    expect(await eventCount()).toBe(before)
    expect(h.codat.calls.length).toBe(codatCalls)
  })

  it('another tenant gets exactly the answer an unknown company gets', async () => {
    const theirs = await h.app.inject({ url: `/v1/companies/${companyId}`, headers: auth(KEY_B) })
    const unknown = await h.app.inject({
      url: '/v1/companies/00000000-0000-4000-8000-000000000000',
      headers: auth(KEY_B),
    })
    expect(theirs.statusCode).toBe(404)
    expect(theirs.json().code).toBe(unknown.json().code)
    expect(theirs.json().title).toBe(unknown.json().title)
  })
})
