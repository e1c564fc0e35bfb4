import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, KEY_B, onboardBody } from '../testing/harness.js'

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

const create = (key: string | undefined, body: unknown = onboardBody, apiKey?: string) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/companies',
    headers: { ...auth(apiKey), ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload: body as string,
  })

describe('onboarding', () => {
  it('creates the company, an hcws connection and the source accounts in one call', async () => {
    h = await harness({ store })
    const res = await create(undefined)
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.linkUrl).toContain(`/companies/${body.companyId}/connections/${body.connectionId}/start`)
    expect(body.accounts).toEqual([{ accountId: 'acc-1', accountName: 'Checking', currency: 'USD' }])
    expect([...h.codat.connectionsById.values()][0]?.integrationKey).toBe('hcws')
    expect(h.codat.accounts.get(`${body.connectionId}/acc-1`)?.balance).toBe('1000.00')
  })

  it('under one Idempotency-Key answers the same company and creates nothing twice', async () => {
    h = await harness({ store })
    const first = await create('key-1')
    const again = await create('key-1')
    expect(again.statusCode).toBe(201)
    expect(again.json()).toEqual(first.json())
    expect(h.codat.companiesById.size).toBe(1)
    const other = await create('key-1', onboardBody, KEY_B)
    expect(other.json().companyId).not.toBe(first.json().companyId)
  })

  it('refuses the same Idempotency-Key with a different body', async () => {
    h = await harness({ store })
    await create('key-2')
    const res = await create('key-2', { ...onboardBody, name: 'Someone Else' })
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('idempotency_key_reused')
  })

  it('resumes a request that failed half way without creating a second Codat company', async () => {
    h = await harness({ store })
    const original = h.codat.sourceAccounts.create
    let broken = true
    Object.assign(h.codat.sourceAccounts, {
      create: async (r: Parameters<typeof original>[0]) => {
        if (broken) {
          broken = false
          throw new Error('crash while creating source accounts')
        }
        return original(r)
      },
    })
    const failed = await create('key-3')
    expect(failed.statusCode).toBe(500)
    const retried = await create('key-3')
    expect(retried.statusCode).toBe(201)
    expect(h.codat.companiesById.size).toBe(1)
    expect(h.codat.connectionsById.size).toBe(1)
    const view = await h.app.inject({ url: `/v1/companies/${retried.json().companyId}`, headers: auth() })
    expect(view.json().accounts).toHaveLength(1)
  })

  it('issues one-time QBO credentials without storing them', async () => {
    h = await harness({ store })
    const { companyId } = (await create(undefined)).json()
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/credentials`,
      headers: auth(),
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['cache-control']).toBe('no-store')
    const { password } = res.json()
    expect(password).toBe(h.codat.credentialsIssued[0]?.password)
    const all = await store.readAll({ limit: 100_000 })
    expect(JSON.stringify(all.events)).not.toContain(password)
  })
})
