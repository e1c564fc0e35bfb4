import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, KEY_B, onboard } from './testing/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => {
  await h.close()
})

describe('the app', () => {
  it('answers healthz, readyz, metrics and the OpenAPI document', async () => {
    expect((await h.app.inject('/healthz')).json()).toEqual({ status: 'ok' })
    expect((await h.app.inject('/readyz')).json()).toEqual({ status: 'ready' })
    const metrics = await h.app.inject('/metrics')
    expect(metrics.body).toContain('feedsync_events_appended_total 0')
    const doc = (await h.app.inject('/openapi.json')).json()
    expect(Object.keys(doc.paths)).toContain('/v1/companies/{companyId}/accounts/{accountId}/transactions')
    expect((await h.app.inject('/docs')).statusCode).toBeLessThan(400)
  })

  it('onboards a company and shows it to its tenant only', async () => {
    const { companyId } = await onboard(h)
    const mine = await h.app.inject({ url: `/v1/companies/${companyId}`, headers: auth() })
    expect(mine.statusCode).toBe(200)
    expect(mine.json().accounts[0]).toMatchObject({
      accountId: 'acc-1',
      link: 'not_linked',
      codatStatus: 'pending',
    })
    const theirs = await h.app.inject({ url: `/v1/companies/${companyId}`, headers: auth(KEY_B) })
    expect(theirs.statusCode).toBe(404)
    expect(theirs.headers['content-type']).toContain('application/problem+json')
  })
})
