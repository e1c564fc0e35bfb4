// The bad-request catalogue (the input policy, input-policy.ts): ids that Postgres cannot store or that cannot
// travel as one URL segment, text with NUL or unpaired surrogates, amounts beyond what survives Codat's JSON,
// dates out of bounds, integers that are not integers, in bodies, paths, queries and headers.
// Each → 4xx problem+json with a stable code; no event appended, no call to Codat.
import { describe, expect, it } from 'vitest'
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

const get = (url: () => string): Pick<BadRequestCase, 'method' | 'url' | 'req'> => ({
  method: 'GET',
  url,
  req: () => ({ headers: auth() }),
})

const onboarding = (account: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  url: () => '/v1/companies',
  req: () => ({
    payload: { ...onboardBody, ...over, accounts: [{ ...onboardBody.accounts[0], ...account }] },
    headers: auth(),
  }),
})

const ids: BadRequestCase[] = [
  {
    name: 'a NUL in a transaction id',
    req: () => body([txn({ id: 'a\u0000b' })]),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a tab in a transaction id',
    req: () => body([txn({ id: 'a\tb' })]),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a lone surrogate in a transaction id',
    req: () => body([txn({ id: 'x\ud800' })]),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a lone surrogate written as a JSON escape',
    req: () =>
      raw(
        '{"transactions":[{"id":"x\\udc00","date":"2026-11-24","description":"d","amount":"1.00","status":"cleared"}]}',
      ),
    status: 400,
    code: 'invalid_id',
  },
  { name: 'the id "."', req: () => body([txn({ id: '.' })]), status: 400, code: 'invalid_id' },
  { name: 'the id ".."', req: () => body([txn({ id: '..' })]), status: 400, code: 'invalid_id' },
  {
    name: 'a 201-character id',
    req: () => body([txn({ id: 'i'.repeat(201) })]),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a NUL in replacesPendingId',
    req: () => body([txn({ replacesPendingId: 'p\u0000' })]),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'onboarding: a NUL in an account id',
    ...onboarding({ id: 'acc\u0000' }),
    status: 400,
    code: 'invalid_id',
  },
  { name: 'onboarding: the account id ".."', ...onboarding({ id: '..' }), status: 400, code: 'invalid_id' },
  {
    name: 'onboarding: a lone surrogate in an account id',
    ...onboarding({ id: 'acc-\udfff' }),
    status: 400,
    code: 'invalid_id',
  },
]

const paths: BadRequestCase[] = [
  {
    name: 'a NUL company id in the path',
    ...get(() => '/v1/companies/%00'),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a NUL account id in the path',
    ...get(() => `/v1/companies/${app.companyId}/accounts/a%00/feed`),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a NUL transaction id in the path',
    method: 'POST',
    url: () => `${app.base}/transactions/t%00/void`,
    req: () => ({ headers: auth() }),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a path id of 201 characters (the router limit is the schema limit)',
    ...get(() => `/v1/companies/${'c'.repeat(201)}`),
    status: 400,
    code: 'invalid_id',
  },
  {
    name: 'a %-escape that is not UTF-8 (an encoded lone surrogate)',
    ...get(() => '/v1/companies/%ED%A0%80'),
    status: 400,
    code: 'malformed_url',
  },
  { name: 'a broken %-escape', ...get(() => '/v1/companies/%E0%A4%A'), status: 400, code: 'malformed_url' },
]

const texts: BadRequestCase[] = [
  {
    name: 'a NUL in a description',
    req: () => body([txn({ description: 'a\u0000' })]),
    status: 400,
    code: 'invalid_text',
  },
  {
    name: 'a lone surrogate in a description',
    req: () => body([txn({ description: 'caf\ud83d' })]),
    status: 400,
    code: 'invalid_text',
  },
  {
    name: 'onboarding: a NUL in the name',
    ...onboarding({}, { name: 'Acme\u0000' }),
    status: 400,
    code: 'invalid_text',
  },
  {
    name: 'onboarding: a lone surrogate in an account name',
    ...onboarding({ accountName: '\udc00Checking' }),
    status: 400,
    code: 'invalid_text',
  },
]

const values: BadRequestCase[] = [
  {
    name: 'an amount of 1e60',
    req: () =>
      raw(
        '{"transactions":[{"id":"x","date":"2026-11-24","description":"d","amount":1e60,"status":"cleared"}]}',
      ),
    status: 422,
    code: 'amount_out_of_range',
  },
  {
    name: 'a 20-digit amount',
    req: () => body([txn({ amount: '12345678901234567890' })]),
    status: 422,
    code: 'amount_out_of_range',
  },
  {
    name: 'an amount of 10^13',
    req: () => body([txn({ amount: '10000000000000.00' })]),
    status: 422,
    code: 'amount_out_of_range',
  },
  {
    name: 'a balance of 16 significant digits',
    req: () => body([txn({ balance: '123456789012.3456' })]),
    status: 422,
    code: 'balance_out_of_range',
  },
  {
    name: 'onboarding: a balance of 1e20',
    ...onboarding({ balance: '1e20' }),
    status: 422,
    code: 'balance_out_of_range',
  },
  {
    name: 'a date with a +99:99 offset',
    req: () => body([txn({ date: '2026-11-24T10:00:00+99:99' })]),
    status: 422,
    code: 'invalid_date',
  },
  {
    name: 'a date in year 0000',
    req: () => body([txn({ date: '0000-01-01' })]),
    status: 422,
    code: 'invalid_date',
  },
  {
    name: 'a date in year 9999',
    req: () => body([txn({ date: '9999-12-31' })]),
    status: 422,
    code: 'invalid_date',
  },
  {
    name: 'a time of 24:00',
    req: () => body([txn({ date: '2026-11-24T24:00:00' })]),
    status: 422,
    code: 'invalid_date',
  },
  {
    name: 'clearing on a date with a +15:00 offset',
    url: () => `${app.base}/transactions/seen/clear`,
    req: () => ({ payload: { date: '2026-11-24T00:00:00+15:00' }, headers: auth() }),
    status: 422,
    code: 'invalid_date',
  },
  {
    name: 'pageSize=1.5',
    ...get(() => `${app.base}/transactions?pageSize=1.5`),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'page=0x10',
    ...get(() => `${app.base}/transactions?page=0x10`),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'page=1e3',
    ...get(() => `${app.base}/transactions?page=1e3`),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'page given twice',
    ...get(() => `${app.base}/transactions?page=1&page=2`),
    status: 400,
    code: 'validation_failed',
  },
]

describe('the input policy', () => {
  describe('ids', () => itAnswersEachWithAProblem(app, ids))
  describe('path parameters', () => itAnswersEachWithAProblem(app, paths))
  describe('stored text', () => itAnswersEachWithAProblem(app, texts))
  describe('amounts, dates and integers', () => itAnswersEachWithAProblem(app, values))

  it('says what to fix: the rule of the field, with its path', async () => {
    const res = await app.h.app.inject({
      method: 'POST',
      url: `${app.base}/transactions`,
      headers: auth(),
      payload: { transactions: [txn({ id: '..' })] },
    })
    expect(res.json()).toMatchObject({
      code: 'invalid_id',
      detail: expect.stringContaining('body/transactions/0/id: an id is a string of 1 to 200 characters'),
      errors: [{ path: 'body/transactions/0/id', message: expect.stringContaining('not "." or ".."') }],
    })
    const date = await app.h.app.inject({
      method: 'POST',
      url: `${app.base}/transactions`,
      headers: auth(),
      payload: { transactions: [txn({ date: '9999-12-31' })] },
    })
    expect(date.json().detail).toContain('in the years 1970 to 2099')
  })

  it('lists the allowed values of an enum instead of one "must be equal to constant" each', async () => {
    const res = await app.h.app.inject({ url: `${app.base}/transactions?orderBy=amount`, headers: auth() })
    expect(res.json().detail).toBe('querystring/orderBy: must be one of "date", "-date", "id", "-id".')
    expect(res.body).not.toContain('equal to constant')
  })

  it('accepts what is inside the bounds: 13 integer digits, 15 significant, paired surrogates, years 1970 and 2099', async () => {
    const res = await app.h.app.inject({
      method: 'POST',
      url: `${app.base}/transactions`,
      headers: auth(),
      payload: {
        transactions: [
          txn({ id: 'max', amount: '-9999999999999.99', balance: '9999999999999.99' }),
          txn({ id: 'emoji-\u{1F600}', description: 'Caf\u00e9 \u{1F600}\tline\nnext' }),
          txn({ id: 'old', date: '1970-01-01' }),
          txn({ id: 'late', date: '2099-12-31T23:59:59.1234567+14:00' }),
        ],
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().recorded).toBe(4)
    const emoji = encodeURIComponent('emoji-\u{1F600}')
    const voided = await app.h.app.inject({
      method: 'POST',
      url: `${app.base}/transactions/${emoji}/void`,
      headers: auth(),
    })
    expect(voided.statusCode, voided.body).toBe(200)
  })
})
