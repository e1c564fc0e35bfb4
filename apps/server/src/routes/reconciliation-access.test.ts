import { describe, expect, it } from 'vitest'
import { KEY_B } from '../testing/harness.js'
import { useReconFixture } from '../testing/reconciliation-fixture.js'

const f = useReconFixture()

type Method = 'GET' | 'POST' | 'PATCH'

/** Sends a request that must be refused with `status` and `code` and leave the account's stream as it was. */
async function refused(
  status: number,
  code: string,
  method: Method,
  path: string,
  payload?: unknown,
  headers?: Record<string, string>,
): Promise<void> {
  const before = await f.version()
  const res = await f.send(method, path, payload, headers)
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(res.json()).toMatchObject({ status, code, type: expect.any(String), detail: expect.any(String) })
  expect(await f.version(), 'nothing appended').toBe(before)
}

describe('bad input to the reconciliation routes changes nothing', () => {
  it('refuses malformed bodies, queries and headers with 400 validation_failed, invalid_text or 422 invalid_date', async () => {
    await f.setUp()
    const line = (action: string) => `${f.base}/transactions/late/${action}`
    for (const action of ['redate', 'dismiss', 'accept-balance']) {
      await refused(400, 'validation_failed', 'POST', line(action), {})
      await refused(400, 'invalid_text', 'POST', line(action), { note: '' })
      await refused(400, 'invalid_text', 'POST', line(action), { note: 'x'.repeat(1001) })
      await refused(400, 'invalid_text', 'POST', line(action), { note: 'a\u0000b' })
      await refused(400, 'invalid_text', 'POST', line(action), { note: 'lone \ud800' })
      await refused(400, 'validation_failed', 'POST', line(action), { note: 42 })
      await refused(
        400,
        'invalid_text',
        'POST',
        line(action),
        { note: 'ok' },
        { 'x-operator': 'o'.repeat(201) },
      )
    }
    await refused(400, 'validation_failed', 'PATCH', `${f.base}/settings`, {})
    await refused(400, 'validation_failed', 'PATCH', `${f.base}/settings`, { latePostings: 'sometimes' })
    await refused(400, 'invalid_text', 'PATCH', `${f.base}/settings`, {
      latePostings: 'redate',
      note: 'n'.repeat(1001),
    })
    await refused(422, 'invalid_date', 'GET', `${f.base}/reconciliation?asOf=yesterday`)
    await refused(422, 'invalid_date', 'GET', `${f.base}/reconciliation?asOf=0000-01-01`)
    await refused(400, 'validation_failed', 'GET', '/v1/reconciliation?state=stuck')
    await refused(400, 'validation_failed', 'GET', '/v1/reconciliation?stuckForMinutes=-1')
    await refused(400, 'validation_failed', 'GET', '/v1/reconciliation?stuckForMinutes=1.5')
  })

  it('refuses an impossible day with 422 invalid_date', async () => {
    await f.setUp()
    await refused(422, 'invalid_date', 'GET', `${f.base}/reconciliation?asOf=2026-02-30`)
  })

  it("refuses an action the line's state does not allow with the core's code", async () => {
    await f.setUp()
    const note = { note: 'why not' }
    const line = (id: string, action: string) => `${f.base}/transactions/${id}/${action}`
    await refused(409, 'transaction_already_pushed', 'POST', line('t1', 'redate'), note)
    await refused(409, 'transaction_already_pushed', 'POST', line('t1', 'dismiss'), note)
    await refused(404, 'unknown_transaction', 'POST', line('nope', 'redate'), note)
    await refused(409, 'no_balance_mismatch', 'POST', line('late', 'accept-balance'), note)
    const dismissed = await f.send('POST', line('early', 'dismiss'), note)
    expect(dismissed.statusCode).toBe(200)
    await refused(409, 'not_redatable', 'POST', line('early', 'redate'), note)
  })

  it('dismissing twice, or setting the same latePostings again, appends nothing more', async () => {
    await f.setUp()
    const path = `${f.base}/transactions/early/dismiss`
    expect((await f.send('POST', path, { note: 'refunded' })).statusCode).toBe(200)
    const v = await f.version()
    expect((await f.send('POST', path, { note: 'refunded' })).statusCode).toBe(200)
    expect((await f.send('PATCH', `${f.base}/settings`, { latePostings: 'quarantine' })).statusCode).toBe(200)
    expect(await f.version()).toBe(v)
  })
})

describe("another tenant's ids", () => {
  it('answer 404 not_found on every reconciliation route, exactly as unknown ones, and change nothing', async () => {
    await f.setUp()
    const b = { authorization: `Bearer ${KEY_B}` }
    const note = { note: 'not mine' }
    await refused(404, 'not_found', 'GET', `${f.base}/reconciliation`, undefined, b)
    await refused(404, 'not_found', 'GET', `${f.base}/reconciliation/series`, undefined, b)
    await refused(404, 'not_found', 'GET', `/v1/companies/${f.companyId}/reconciliation`, undefined, b)
    for (const action of ['redate', 'dismiss', 'accept-balance'])
      await refused(404, 'not_found', 'POST', `${f.base}/transactions/late/${action}`, note, b)
    await refused(404, 'not_found', 'PATCH', `${f.base}/settings`, { latePostings: 'redate' }, b)
    await refused(404, 'not_found', 'GET', `/v1/companies/${f.companyId}/accounts/acc-9/reconciliation`)
    const theirs = await f.send('GET', '/v1/reconciliation', undefined, b)
    expect(theirs.statusCode).toBe(200)
    expect(theirs.json().results.filter((a: { companyId: string }) => a.companyId === f.companyId)).toEqual(
      [],
    )
  })

  it('are checked after authentication: no key is 401', async () => {
    await f.setUp()
    const res = await f.send('GET', '/v1/reconciliation', undefined, { authorization: '' })
    expect(res.statusCode).toBe(401)
  })
})

describe('OpenAPI', () => {
  it('documents every reconciliation route with real examples', async () => {
    await f.setUp()
    const doc = (await f.send('GET', '/openapi.json')).json()
    const paths = Object.keys(doc.paths)
    for (const p of [
      '/v1/companies/{companyId}/accounts/{accountId}/reconciliation',
      '/v1/companies/{companyId}/accounts/{accountId}/reconciliation/series',
      '/v1/companies/{companyId}/reconciliation',
      '/v1/reconciliation',
      '/v1/companies/{companyId}/accounts/{accountId}/transactions/{transactionId}/redate',
      '/v1/companies/{companyId}/accounts/{accountId}/transactions/{transactionId}/dismiss',
      '/v1/companies/{companyId}/accounts/{accountId}/transactions/{transactionId}/accept-balance',
      '/v1/companies/{companyId}/accounts/{accountId}/settings',
    ])
      expect(paths).toContain(p)
    const text = JSON.stringify(doc)
    for (const example of ['826.80', 'older_than_destination', 'ops@bank.example', 'pend-2026-11-28-017'])
      expect(text).toContain(example)
  })
})
