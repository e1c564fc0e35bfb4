import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, KEY_B, onboardBody } from '../testing/harness.js'

// POST /v1/companies/{companyId}/link: each platform's hand-off (PLATFORMS.md §1).
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

async function company(platform: 'qbo' | 'xero' | 'sage', env: Record<string, string> = {}) {
  h = await harness({ store, env })
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/companies',
    headers: auth(),
    payload: { ...onboardBody, platform },
  })
  expect(res.statusCode).toBe(201)
  return res.json() as { companyId: string; connectionId: string }
}

const link = (companyId: string, key?: string) =>
  h.app.inject({ method: 'POST', url: `/v1/companies/${companyId}/link`, headers: auth(key) })

describe('POST /v1/companies/{companyId}/link', () => {
  it('QBO: a fresh one-time username and password, and where to start', async () => {
    const { companyId, connectionId } = await company('qbo')
    const res = await link(companyId)
    expect(res.statusCode).toBe(201)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json()
    expect(body.platform).toBe('qbo')
    expect(body.linkUrl).toContain(`/connections/${connectionId}/start`)
    expect(h.codat.credentialsIssued).toEqual([{ username: body.username, password: body.password }])
    const again = (await link(companyId)).json()
    expect(again.password).not.toBe(body.password)
  })

  it('Xero: the linkUrl read from get-connection on every call, nothing else', async () => {
    const { companyId, connectionId } = await company('xero')
    const connection = h.codat.connectionsById.get(connectionId)
    if (connection === undefined) throw new Error('no connection')
    connection.linkUrl = 'https://link.example/one?otp=111111'
    const first = (await link(companyId)).json()
    connection.linkUrl = 'https://link.example/two?otp=222222'
    const second = await link(companyId)
    expect(first).toMatchObject({ platform: 'xero', linkUrl: 'https://link.example/one?otp=111111' })
    expect(second.json()).toMatchObject({ platform: 'xero', linkUrl: 'https://link.example/two?otp=222222' })
    expect(second.json()).not.toHaveProperty('password')
    expect(second.headers['cache-control']).toBe('no-store')
    expect(h.codat.credentialsIssued).toEqual([])
    expect(h.codat.platforms.otpsIssued).toEqual([])
  })

  it('Sage: the connection id and a fresh one-time password with its expiry, never a linkUrl', async () => {
    const { companyId, connectionId } = await company('sage')
    const res = await link(companyId)
    expect(res.statusCode).toBe(201)
    const body = res.json()
    const [otp] = h.codat.platforms.otpsIssued
    expect(body).toMatchObject({ platform: 'sage', connectionId, otp: otp?.otp, expiry: otp?.expiry })
    expect(body).not.toHaveProperty('linkUrl')
    expect(res.body).not.toContain('/start?otp=')
    const again = (await link(companyId)).json()
    expect(again.otp).not.toBe(body.otp)
    expect(h.codat.platforms.otpsIssued).toHaveLength(2)
  })

  it("another tenant's company is 404 and nothing is minted", async () => {
    const { companyId } = await company('sage')
    const res = await link(companyId, KEY_B)
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('not_found')
    expect(h.codat.platforms.otpsIssued).toEqual([])
  })

  it('an unknown company is 404 problem+json, no call to Codat', async () => {
    h = await harness({ store })
    const res = await link('no-such-company')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(h.codat.calls).toEqual([])
  })

  it('the QBO-only credentials route refuses Xero and Sage companies with 409 wrong_platform', async () => {
    for (const platform of ['xero', 'sage'] as const) {
      const { companyId } = await company(platform)
      const res = await h.app.inject({
        method: 'POST',
        url: `/v1/companies/${companyId}/credentials`,
        headers: auth(),
      })
      expect(res.statusCode).toBe(409)
      expect(res.json().code).toBe('wrong_platform')
      expect(res.json().detail).toContain('/link')
      expect(h.codat.credentialsIssued).toEqual([])
      await h.close()
    }
    h = await harness({ store })
  })

  it('no Sage password, QBO password or Xero link reaches the logs, even at trace level', async () => {
    const secretOf = { qbo: 'password', xero: 'linkUrl', sage: 'otp' } as const
    for (const platform of ['qbo', 'xero', 'sage'] as const) {
      const { companyId } = await company(platform, { LOG_LEVEL: 'trace' })
      const secret = (await link(companyId)).json()[secretOf[platform]] as string
      const text = h.logs.join('')
      expect(text).toContain(`"platform":"${platform}"`)
      expect(secret.length).toBeGreaterThan(5)
      expect(text).not.toContain(secret)
      await h.close()
    }
    h = await harness({ store })
  })
})
