// The bad-request catalogue (parsing): malformed or mistyped JSON, a wrong media type, sizes over the limits, bad query
// parameters and unknown routes.
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
import { auth } from '../testing/harness.js'

const app = seededApp()

const cases: BadRequestCase[] = [
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
  {
    name: 'a page of 0',
    method: 'GET',
    url: () => `${app.base}/transactions?page=0`,
    req: () => ({ headers: auth() }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'an unknown orderBy',
    method: 'GET',
    url: () => `${app.base}/transactions?orderBy=amount`,
    req: () => ({ headers: auth() }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'an unknown route',
    method: 'GET',
    url: () => '/v2/nothing',
    req: () => ({ headers: auth() }),
    status: 404,
    code: 'route_not_found',
  },
]

describe('a bad request body, query or route', () => {
  itAnswersEachWithAProblem(app, cases)
})
