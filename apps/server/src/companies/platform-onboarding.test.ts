import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { accountStream, idempotencyStream, sha256, tenantOf } from '../streams.js'
import { auth, type Harness, KEY_A, harness as makeHarness, onboardBody } from '../testing/harness.js'

// One database for the file (each fake Codat's ids are unique), so each test only builds an app.
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
const harness = () => makeHarness({ store })

const create = (body: unknown) =>
  h.app.inject({ method: 'POST', url: '/v1/companies', headers: auth(), payload: body as string })

describe('onboarding per platform', () => {
  it.each([
    ['qbo', 'hcws'],
    ['xero', 'gbol'],
    ['sage', 'olpr'],
  ] as const)(
    'platform %s creates a %s connection and registers the accounts with that destination',
    async (platform, key) => {
      h = await harness()
      const res = await create({ ...onboardBody, platform })
      expect(res.statusCode).toBe(201)
      const body = res.json()
      expect(body.platform).toBe(platform)
      expect(h.codat.connectionsById.get(body.connectionId)?.integrationKey).toBe(key)
      const { state } = await h.app.services.accounts.load(accountStream(body.companyId, 'acc-1'))
      expect(state.account?.destination).toBe(platform)
      const company = await h.app.services.companies.load(body.companyId)
      expect(company?.platform).toBe(platform)
    },
  )

  it('defaults to QuickBooks when no platform is given', async () => {
    h = await harness()
    const body = (await create(onboardBody)).json()
    expect(body.platform).toBe('qbo')
    expect(h.codat.connectionsById.get(body.connectionId)?.integrationKey).toBe('hcws')
  })

  it('never hands a Sage company a linkUrl, at onboarding or in the company view (S1)', async () => {
    h = await harness()
    const body = (await create({ ...onboardBody, platform: 'sage' })).json()
    expect(body.linkUrl).toBeNull()
    const view = await h.app.inject({
      method: 'GET',
      url: `/v1/companies/${body.companyId}`,
      headers: auth(),
    })
    expect(view.statusCode).toBe(200)
    expect(view.json().platform).toBe('sage')
    expect(view.json().connection.linkUrl).toBeNull()
    expect(view.body).not.toContain('/start?otp=')
  })

  it('gives a Xero company the linkUrl while not linked', async () => {
    h = await harness()
    const body = (await create({ ...onboardBody, platform: 'xero' })).json()
    expect(body.linkUrl).toContain(`/connections/${body.connectionId}/start`)
    const view = await h.app.inject({
      method: 'GET',
      url: `/v1/companies/${body.companyId}`,
      headers: auth(),
    })
    expect(view.json().platform).toBe('xero')
    expect(view.json().connection.linkUrl).toContain('/start')
  })

  it.each([['netsuite'], [''], ['QBO'], [7], [null]])(
    'refuses platform %j with 400 problem+json before any call to Codat',
    async (platform) => {
      h = await harness()
      const res = await create({ ...onboardBody, platform })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().code).toBe('validation_failed')
      expect(h.codat.calls).toEqual([])
    },
  )

  it('replays an onboarding stored before platforms existed as the QBO company it was', async () => {
    h = await harness()
    const requestHash = sha256(JSON.stringify(onboardBody))
    const at = '2026-11-01T00:00:00.000Z'
    const result = {
      companyId: 'c-before-platforms',
      connectionId: 'k-before-platforms',
      linkUrl: 'https://link-api.codat.io/start?otp=1',
      accounts: [{ accountId: 'acc-1', accountName: 'Checking', currency: 'USD' }],
    }
    await store.appendToStream(idempotencyStream(tenantOf(KEY_A), 'before-platforms'), 'no_stream', [
      { type: 'OnboardingStarted', data: { requestHash, at } },
      { type: 'OnboardingCompleted', data: { requestHash, result, at } },
    ])
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/companies',
      headers: { ...auth(), 'idempotency-key': 'before-platforms' },
      payload: onboardBody,
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ ...result, platform: 'qbo' })
    expect(h.codat.calls).toEqual([])
  })
})
