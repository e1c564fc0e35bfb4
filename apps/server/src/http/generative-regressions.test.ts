// The generative API test (issue 14), kept cases: every defect the generator found, as an explicit
// request named for it, checked by the same contract (never a 5xx; what must be refused is; a refusal
// is problem+json with a stable code and changes nothing: events, Codat calls, feed, transactions,
// operations). GENERATIVE-FINDINGS.md lists them with the answers seen before the fixes.
import { afterAll, describe, it } from 'vitest'
import type { ApiRequest } from '../testing/api-requests.js'
import { runCase } from '../testing/generative.js'
import { createWorld } from '../testing/generative-world.js'
import { RawNumber } from '../testing/schema-arbitrary.js'

const world = await createWorld()
afterAll(() => world.close())

const COMPANY = '/v1/companies/{companyId}'
const ACCOUNT = `${COMPANY}/accounts/{accountId}`
let n = 0
/** A valid line with a fresh id (a reused id would be refused as a duplicate, hiding the defect). */
const txn = (over: Record<string, unknown>) => ({
  id: `kept-${++n}`,
  date: '2026-11-24',
  description: 'Lunch',
  amount: '-12.30',
  status: 'cleared',
  ...over,
})
const account = (over: Record<string, unknown>) => ({
  id: 'acc-kept',
  accountName: 'Checking',
  accountType: 'checking',
  accountNumber: '12345670',
  currency: 'USD',
  balance: '10.00',
  ...over,
})

/** A request of the operation `id`, path parameters defaulting to tenant A's company and acc-1. */
function request(
  id: string,
  parts: Partial<Pick<ApiRequest, 'path' | 'query' | 'headers' | 'body' | 'urlEdit' | 'rawBody'>>,
): ApiRequest {
  const op = world.operations.find((o) => o.id === id)
  if (op === undefined) throw new Error(`no operation ${id} in the OpenAPI document`)
  return {
    op,
    query: {},
    headers: {},
    body: undefined,
    ...parts,
    path: {
      companyId: world.companyId,
      accountId: 'acc-1',
      transactionId: world.roles.pending,
      ...parts.path,
    },
  }
}

interface Kept {
  name: string
  cls: string
  req: () => ApiRequest
}

const ingest = (...transactions: unknown[]) =>
  request(`POST ${ACCOUNT}/transactions`, { body: { transactions } })
const onboard = (...accounts: unknown[]) =>
  request('POST /v1/companies', { body: { name: 'Kept Co', accounts } })
const badPath = (edit: string) =>
  request(`GET ${ACCOUNT}/feed`, { urlEdit: (url) => url.replace('/accounts/acc-1/', `/accounts/${edit}/`) })

const KEPT: Kept[] = [
  {
    name: 'invalid UTF-8 in a stored string (read as U+FFFD and stored: 201, found after 235ba26)',
    cls: 'invalid UTF-8',
    req: () =>
      request('POST /v1/companies', {
        rawBody: Buffer.concat([
          Buffer.from('{"name":"'),
          Buffer.from([0xff]),
          Buffer.from(`Kept Co","accounts":${JSON.stringify([account({})])}}`),
        ]),
      }),
  },
  {
    name: 'NUL in a path company id (was 500)',
    cls: 'NUL',
    req: () => request(`GET ${COMPANY}`, { path: { companyId: `\u0000${world.companyId}` } }),
  },
  {
    name: 'NUL in a path account id',
    cls: 'NUL',
    req: () => request(`GET ${ACCOUNT}/feed`, { path: { accountId: 'acc-1\u0000' } }),
  },
  {
    name: 'NUL as a whole path id, %00 (was 500)',
    cls: 'bad URL encoding',
    req: () => request(`GET ${COMPANY}`, { urlEdit: (url) => url.replace(world.companyId, '%00') }),
  },
  {
    name: 'NUL in an account id at onboarding (was 500 after the Codat calls)',
    cls: 'NUL',
    req: () => onboard(account({ id: 'acc\u0000x' })),
  },
  { name: 'NUL in a transaction id', cls: 'NUL', req: () => ingest(txn({ id: 'kept\u00001' })) },
  {
    name: 'NUL in a transaction description',
    cls: 'NUL',
    req: () => ingest(txn({ description: 'Lunch\u0000' })),
  },
  {
    name: 'NUL in a dismiss note (was 200)',
    cls: 'NUL',
    req: () =>
      request(`POST ${ACCOUNT}/transactions/{transactionId}/dismiss`, {
        path: { transactionId: world.roles.early },
        body: { note: '\u0000why' },
      }),
  },
  {
    name: 'lone surrogate in a transaction id (two such ids collided)',
    cls: 'lone surrogate',
    req: () => ingest(txn({ id: 'kept-\uD800' })),
  },
  {
    name: 'lone surrogate in a sortCode at onboarding (was 201)',
    cls: 'lone surrogate',
    req: () => onboard(account({ sortCode: '\uD800x' })),
  },
  {
    name: 'lone surrogate in a path id, WTF-8 encoded (was FST_ERR_BAD_URL, not problem+json)',
    cls: 'lone surrogate',
    req: () => request(`GET ${ACCOUNT}/feed`, { path: { accountId: 'acc-1\uDFFF' } }),
  },
  {
    name: 'C0 control in a transaction id (was recorded)',
    cls: 'C0 control',
    req: () => ingest(txn({ id: 'kept-\b1' })),
  },
  { name: 'account id "." at onboarding', cls: 'dot segment', req: () => onboard(account({ id: '.' })) },
  { name: 'account id ".." at onboarding', cls: 'dot segment', req: () => onboard(account({ id: '..' })) },
  { name: 'transaction id ".."', cls: 'dot segment', req: () => ingest(txn({ id: '..' })) },
  {
    name: 'path id of 150 characters, within the schema (was 414, not problem+json)',
    cls: 'long path id',
    req: () => badPath('a'.repeat(150)),
  },
  {
    name: 'path id of 1000 characters (was 414, not problem+json)',
    cls: 'path id over its limit',
    req: () => badPath('a'.repeat(1000)),
  },
  {
    name: 'path id of 101 emoji (was 414, not problem+json)',
    cls: 'string over its limit',
    req: () => request(`GET ${COMPANY}`, { path: { companyId: '😀'.repeat(201) } }),
  },
  {
    name: 'bad URL escape %zz (was FST_ERR_BAD_URL, not problem+json)',
    cls: 'bad URL encoding',
    req: () => badPath('%zz'),
  },
  {
    name: 'truncated URL escape % (was FST_ERR_BAD_URL)',
    cls: 'bad URL encoding',
    req: () => badPath('acc%'),
  },
  {
    name: 'overlong UTF-8 escape %C0%AF (was FST_ERR_BAD_URL)',
    cls: 'bad URL encoding',
    req: () => badPath('%C0%AF'),
  },
  {
    name: 'amount 1e60 as a JSON number',
    cls: 'decimal out of range',
    req: () => ingest(txn({ amount: new RawNumber('1e60') })),
  },
  {
    name: 'amount "1e60" as a string',
    cls: 'decimal out of range',
    req: () => ingest(txn({ amount: '1e60' })),
  },
  {
    name: 'a 20-digit amount',
    cls: 'decimal out of range',
    req: () => ingest(txn({ amount: '12345678901234567890' })),
  },
  {
    name: 'a 20-digit JSON number balance at onboarding',
    cls: 'decimal out of range',
    req: () => onboard(account({ balance: new RawNumber('12345678901234567890') })),
  },
  {
    name: 'date with a +99:99 offset',
    cls: 'bad date',
    req: () => ingest(txn({ date: '2026-11-24T10:00:00+99:99' })),
  },
  { name: 'date in year 0000', cls: 'bad date', req: () => ingest(txn({ date: '0000-01-01' })) },
  { name: 'date in year 9999', cls: 'bad date', req: () => ingest(txn({ date: '9999-12-31' })) },
  {
    name: 'clear date in year 9999',
    cls: 'bad date',
    req: () =>
      request(`POST ${ACCOUNT}/transactions/{transactionId}/clear`, { body: { date: '9999-12-31' } }),
  },
  {
    name: 'pageSize=1.5 (was taken as 1)',
    cls: 'non-integer for integer',
    req: () => request(`GET ${ACCOUNT}/transactions`, { query: { pageSize: '1.5' } }),
  },
  {
    name: 'page=99999999999999999999',
    cls: 'number out of range',
    req: () => request(`GET ${ACCOUNT}/transactions`, { query: { page: '99999999999999999999' } }),
  },
  {
    name: 'stuckForMinutes=1.5 (was 200)',
    cls: 'non-integer for integer',
    req: () => request('GET /v1/reconciliation', { query: { stuckForMinutes: '1.5' } }),
  },
  {
    name: 'stuckForMinutes=true (was 200)',
    cls: 'wrong type',
    req: () => request('GET /v1/reconciliation', { query: { stuckForMinutes: 'true' } }),
  },
  {
    name: 'a __proto__ key in a transaction',
    cls: 'prototype key',
    req: () => ingest(Object.defineProperty(txn({}), '__proto__', { value: { x: 1 }, enumerable: true })),
  },
]

describe('generative: kept cases (issue 14 defects found by the generator)', () => {
  it.each(KEPT)('$name', async (k) => runCase(world, k.req(), { cls: k.cls, must: true, label: k.name }))
})
