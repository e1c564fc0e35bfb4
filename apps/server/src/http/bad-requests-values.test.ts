// The bad-request catalogue (values): amounts, balances, dates, types and duplicates the core refuses, at ingest
// and at onboarding.
// Each → 4xx problem+json with a stable code; no event appended, no call to Codat.
import { describe } from 'vitest'
import {
  type BadRequestCase,
  body,
  itAnswersEachWithAProblem,
  raw,
  seededApp,
  txn,
} from '../testing/bad-requests.js'
import { auth, onboardBody } from '../testing/harness.js'

const app = seededApp()

const cases: BadRequestCase[] = [
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
    code: 'amount_out_of_range',
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

describe('a bad value', () => {
  itAnswersEachWithAProblem(app, cases)
})
