import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TARGETS } from '../testing/fake-codat-platforms.js'
import { auth, type Harness, harness, KEY_B, onboardBody } from '../testing/harness.js'

// Xero account mapping over the API (PLATFORMS.md X10-X14): GET/POST …/accounts/{accountId}/mapping.
let store: EventStore
let h: Harness
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})
afterEach(async () => {
  await h.close()
})

const TARGET = DEFAULT_TARGETS[0]?.id ?? ''

/** A company on `platform`; `consented`: the SMB allowed access in Xero (connection Linked). */
async function company(platform: 'qbo' | 'xero' | 'sage', consented = true) {
  h = await harness({ store })
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/companies',
    headers: auth(),
    payload: { ...onboardBody, platform },
  })
  const body = res.json() as { companyId: string; connectionId: string }
  const connection = h.codat.connectionsById.get(body.connectionId)
  if (consented && connection !== undefined) connection.status = 'Linked'
  h.codat.calls.length = 0
  return body
}

const url = (companyId: string, accountId = 'acc-1') =>
  `/v1/companies/${companyId}/accounts/${encodeURIComponent(accountId)}/mapping`
const get = (companyId: string, accountId?: string, key?: string) =>
  h.app.inject({ method: 'GET', url: url(companyId, accountId), headers: auth(key) })
const post = (companyId: string, payload: unknown, accountId?: string) =>
  h.app.inject({
    method: 'POST',
    url: url(companyId, accountId),
    headers: auth(),
    payload: payload as string,
  })

describe('GET …/mapping (Xero)', () => {
  it("answers the account's status and the SMB's target options", async () => {
    const { companyId } = await company('xero')
    const res = await get(companyId)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      accountId: 'acc-1',
      status: 'pending',
      targetAccountId: null,
      targetAccountName: null,
      feedStartDate: null,
      targetAccountOptions: DEFAULT_TARGETS.map((t) => ({
        id: t.id,
        name: t.name,
        balance: t.balance,
        sortCode: null,
        accountNumber: null,
      })),
    })
  })

  it('after mapping: connecting, then connected with the mapped target and feed start date', async () => {
    const { companyId, connectionId } = await company('xero')
    const mapped = await post(companyId, { targetAccountId: TARGET, feedStartDate: '2026-11-01' })
    expect(mapped.statusCode).toBe(200)
    expect(mapped.json()).toEqual({ accountId: 'acc-1', status: 'connecting', targetAccountId: TARGET })
    expect(h.codat.platforms.mappingRequests).toEqual([
      { sourceAccountId: 'acc-1', targetAccountId: TARGET, feedStartDate: '2026-11-01T00:00:00' },
    ])
    expect((await get(companyId)).json()).toMatchObject({ status: 'connecting', targetAccountId: TARGET })
    h.codat.platforms.completeMapping(connectionId, 'acc-1')
    expect((await get(companyId)).json()).toMatchObject({
      status: 'connected',
      targetAccountId: TARGET,
      targetAccountName: 'Business Account',
      feedStartDate: '2026-11-01',
    })
  })

  it('without targetAccountId asks Xero to create a new account', async () => {
    const { companyId } = await company('xero')
    const res = await post(companyId, {})
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accountId: 'acc-1', status: 'connecting', targetAccountId: null })
    expect(h.codat.platforms.mappingRequests).toEqual([{ sourceAccountId: 'acc-1' }])
  })
})

describe('POST …/mapping refusals', () => {
  it("Codat's HTTP 200 Failed answer is 422 mapping_refused with Codat's reason", async () => {
    const { companyId } = await company('xero')
    h.codat.platforms.refuseNextMapping = 'A feed connection already exists to this account'
    const res = await post(companyId, { targetAccountId: TARGET })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().code).toBe('mapping_refused')
    expect(res.json().detail).toContain('A feed connection already exists to this account')
  })

  it('a target that is not among the options is refused by Xero: 422 mapping_refused', async () => {
    const { companyId } = await company('xero')
    const res = await post(companyId, { targetAccountId: 'not-an-option' })
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('mapping_refused')
    expect(res.json().detail).toContain('Target account is not a valid option')
  })

  // Ids go by the shared id policy (http/schemas.ts `Id`): 400 with its code.
  const ID_CODE = /^(invalid_id|validation_failed)$/
  it.each([
    ['an impossible day', { feedStartDate: '2026-02-30' }, 422, /^invalid_date$/],
    ['a day not in YYYY-MM-DD', { feedStartDate: '01/11/2026' }, 400, /^validation_failed$/],
    ['a day as a number', { feedStartDate: 20261101 }, 400, /^validation_failed$/],
    ['an empty target id', { targetAccountId: '' }, 400, ID_CODE],
    ['a 1000-character target id', { targetAccountId: 'x'.repeat(1000) }, 400, ID_CODE],
    ['a target id as a number', { targetAccountId: 42 }, 400, ID_CODE],
    ['an array body', [], 400, /^validation_failed$/],
  ])('bad input (%s) → %i, nothing sent to Codat', async (_label, payload, status, code) => {
    const { companyId } = await company('xero')
    const res = await post(companyId, payload)
    expect(res.statusCode).toBe(status)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().code).toMatch(code)
    expect(h.codat.calls).toEqual([])
    expect(h.codat.platforms.mappingRequests).toEqual([])
  })

  it.each([['qbo'], ['sage']] as const)(
    'a %s company maps in its ledger: 409 mapping_in_ledger, nothing called',
    async (platform) => {
      const { companyId } = await company(platform)
      for (const res of [await get(companyId), await post(companyId, { targetAccountId: TARGET })]) {
        expect(res.statusCode).toBe(409)
        expect(res.json().code).toBe('mapping_in_ledger')
        expect(res.json().detail).toContain(platform === 'qbo' ? 'QuickBooks' : 'Sage')
      }
      expect(h.codat.calls).toEqual([])
    },
  )

  it('before the SMB allowed access in Xero: 409 connection_not_linked, no mapping sent', async () => {
    const { companyId } = await company('xero', false)
    const res = await post(companyId, { targetAccountId: TARGET })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('connection_not_linked')
    expect(res.json().detail).toContain('/link')
    expect(h.codat.platforms.mappingRequests).toEqual([])
  })

  it("an unknown account and another tenant's company are 404, nothing called", async () => {
    const { companyId } = await company('xero')
    expect((await get(companyId, 'no-such-account')).statusCode).toBe(404)
    expect((await post(companyId, {}, 'no-such-account')).statusCode).toBe(404)
    const other = await get(companyId, 'acc-1', KEY_B)
    expect(other.statusCode).toBe(404)
    expect(other.json().code).toBe('not_found')
    expect(h.codat.calls).toEqual([])
  })
})
