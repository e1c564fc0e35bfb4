import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulator } from '../../simulator.js'

const KEY = 'prop-key'

/** A simulator with one company, an olpr connection with a pending source account, and a Sage business. */
function world() {
  const sim = createSimulator({ apiKeys: [KEY], seed: 7, now: '2026-03-10T12:00:00Z', clock: 'frozen' })
  const company = sim.api.createCompany({ apiKey: KEY, body: { name: 'P' } }).body as { id: string }
  const params: Record<string, string> = { companyId: company.id }
  const conn = sim.api.createConnection({ apiKey: KEY, params, body: { platformKey: 'olpr' } }).body as {
    id: string
  }
  params.connectionId = conn.id
  sim.api.createSourceAccount({ apiKey: KEY, params, body: { id: 'acc', currency: 'GBP', balance: 0 } })
  const business = sim.control.sage.createBusiness({
    bankAccounts: [{ id: 'bank-1', name: 'Current', currency: 'GBP' }],
  })
  return { sim, connectionId: conn.id, businessId: (business.body as { id: string }).id }
}

const ACTIONS = [
  'createBusiness',
  'connectBank',
  'select',
  'confirm',
  'cancel',
  'disconnect',
  'expireAuth',
  'refresh',
] as const

describe('Sage control actions on hostile input', () => {
  it('never answer 5xx, and a refusal (4xx) changes neither Codat records nor the Sage side', () => {
    const w = world()
    const id = (valid: string) =>
      fc.oneof(fc.constant(valid), fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null))
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        {
          businessId: id(w.businessId),
          sageBankAccountId: id('bank-1'),
          connectionId: id(w.connectionId),
          sourceAccountId: id('acc'),
          otp: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
          name: fc.anything(),
          product: fc.oneof(fc.constant('Sage 50'), fc.anything()),
          bankAccounts: fc.oneof(
            fc.anything(),
            fc.array(
              fc.record(
                {
                  name: fc.anything(),
                  currency: fc.anything(),
                  balance: fc.anything(),
                  lines: fc.anything(),
                },
                { requiredKeys: [] },
              ),
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    )
    fc.assert(
      fc.property(fc.constantFrom(...ACTIONS), body, (action, b) => {
        const before = w.sim.control.exportState().body as { companies: unknown; platforms: unknown }
        const res = w.sim.control.sage[action](b)
        expect(res.status).toBeLessThan(500)
        if (res.status >= 400) {
          const after = w.sim.control.exportState().body as { companies: unknown; platforms: unknown }
          expect(after.companies).toEqual(before.companies)
          expect(after.platforms).toEqual(before.platforms)
        }
      }),
      { numRuns: 300 },
    )
  })
})
