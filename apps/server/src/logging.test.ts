import { afterEach, describe, expect, it } from 'vitest'
import { auth, CODAT_KEY, type Harness, harness, KEY_A, KEY_B, onboard } from './testing/harness.js'

let h: Harness
afterEach(async () => {
  await h.close()
})

describe('logs', () => {
  it('never contain an API key, the Codat key or a QBO password, even at trace level and on errors', async () => {
    h = await harness({ env: { LOG_LEVEL: 'trace' } })
    const { companyId, connectionId } = await onboard(h)
    const creds = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/credentials`,
      headers: auth(),
    })
    const { username, password } = creds.json()
    await h.app.inject({ url: `/v1/companies/${companyId}`, headers: auth(KEY_B) })
    await h.app.inject({ url: '/v1/companies/x', headers: { authorization: `Bearer ${KEY_A}x` } })
    await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/accounts/acc-1/transactions`,
      headers: auth(),
      payload: {
        transactions: [{ id: 't1', date: '2026-11-24', description: 'x', amount: '1.00', status: 'cleared' }],
      },
    })
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    h.codat.failAfterPush = 1 // a warning with the Codat error is logged
    await h.app.services.worker.runOnce()
    Object.assign(h.codat.sourceAccounts, {
      generateCredentials: async () => {
        // Secrets as fields are redacted by path; configured keys inside a message are scrubbed.
        throw Object.assign(new Error(`boom with ${CODAT_KEY} and ${KEY_A}`), { password, apiKey: CODAT_KEY })
      },
    })
    const failed = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/credentials`,
      headers: auth(),
    })
    expect(failed.statusCode).toBe(500)
    expect(failed.body).not.toContain(password)

    const text = h.logs.join('')
    expect(h.logs.length).toBeGreaterThan(10)
    expect(text).toContain('push not confirmed')
    expect(text).toContain('boom with [redacted] and [redacted]')
    for (const secret of [KEY_A, KEY_B, CODAT_KEY, password, Buffer.from(CODAT_KEY).toString('base64')]) {
      expect(text).not.toContain(secret)
    }
    expect(username.length).toBeGreaterThan(0)
  })
})
