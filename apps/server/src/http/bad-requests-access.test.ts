// The bad-request catalogue (access): no or a wrong API key, another tenant's or an unknown company, account or
// transaction.
// Each → 4xx problem+json with a stable code; no event appended, no call to Codat.
import { describe, expect, it } from 'vitest'
import {
  type BadRequestCase,
  body,
  itAnswersEachWithAProblem,
  seededApp,
  txn,
} from '../testing/bad-requests.js'
import { auth, KEY_B } from '../testing/harness.js'

const app = seededApp()

const cases: BadRequestCase[] = [
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
    url: () => `/v1/companies/${app.companyId}/accounts/nope/transactions`,
    req: () => body([txn()]),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'clearing an unknown transaction',
    url: () => `${app.base}/transactions/nope/clear`,
    req: () => ({ headers: auth() }),
    status: 404,
    code: 'unknown_transaction',
  },
  {
    name: 'voiding an unknown transaction',
    url: () => `${app.base}/transactions/nope/void`,
    req: () => ({ headers: auth() }),
    status: 404,
    code: 'unknown_transaction',
  },
  {
    name: "voiding another tenant's transaction",
    url: () => `${app.base}/transactions/seen/void`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's credentials",
    url: () => `/v1/companies/${app.companyId}/credentials`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's sync now",
    url: () => `${app.base}/sync`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's operations",
    method: 'GET',
    url: () => `/v1/companies/${app.companyId}/operations`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's transaction list",
    method: 'GET',
    url: () => `${app.base}/transactions`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
  {
    name: "another tenant's feed",
    method: 'GET',
    url: () => `${app.base}/feed`,
    req: () => ({ headers: auth(KEY_B) }),
    status: 404,
    code: 'not_found',
  },
]

describe('a bad key or another tenant', () => {
  itAnswersEachWithAProblem(app, cases)

  it('another tenant gets exactly the answer an unknown company gets', async () => {
    const theirs = await app.h.app.inject({ url: `/v1/companies/${app.companyId}`, headers: auth(KEY_B) })
    const unknown = await app.h.app.inject({
      url: '/v1/companies/00000000-0000-4000-8000-000000000000',
      headers: auth(KEY_B),
    })
    expect(theirs.statusCode).toBe(404)
    expect(theirs.json().code).toBe(unknown.json().code)
    expect(theirs.json().title).toBe(unknown.json().title)
  })
})
