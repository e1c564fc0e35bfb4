import { createEventStore } from '@feedsync/store'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.js'
import { EndpointRegistry } from './endpoints.js'
import { Outbox } from './outbox.js'
import { allCauses, company } from './outbox-fixture.js'
import { startReceiver } from './test-receiver.js'

const url = process.env.TEST_DATABASE_URL
if (url === undefined)
  console.warn('[notify] skipping the two-worker Postgres test: TEST_DATABASE_URL is not set')

describe.skipIf(url === undefined)('two outbox workers on one Postgres database', () => {
  it('deliver each event once', async () => {
    const store = await createEventStore({ kind: 'postgres', url: url ?? '' })
    const receiver = await startReceiver()
    const clock = new ManualClock(new Date().toISOString())
    const tenant = `t_${Date.now()}`
    const companyId = `co-${Date.now()}`
    try {
      await company(store, tenant, companyId)
      await new EndpointRegistry(store, clock).create(tenant, {
        url: receiver.url,
        events: ['feed.linked', 'feed.disconnected', 'transactions.pushed'],
      })
      await allCauses(store, companyId)
      const tenantOfCompany = async () => tenant
      const a = new Outbox({ store, clock, tenantOfCompany, owner: 'a' })
      const b = new Outbox({ store, clock, tenantOfCompany, owner: 'b' })
      // Schedule first, so both workers see the same due deliveries and race for each one.
      await a.fanOut()
      await Promise.all([a.deliverDue(), b.deliverDue()])
      for (let i = 0; i < 3; i++) await Promise.all([a.tick(), b.tick()])
      const mine = receiver.received.map(
        (r) => JSON.parse(r.body) as { id: string; data: { companyId: string } },
      )
      expect(mine).toHaveLength(3)
      expect(new Set(mine.map((m) => m.id)).size).toBe(3)
    } finally {
      await receiver.close()
      await store.close()
    }
  })
})
