// Test support for the worker's tests: one PGlite store per file, a fresh app (fake Codat, manual
// clock) per test, and one company with five cleared transactions of yesterday on `acc-1`.
import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { auth, type Harness, harness, onboard } from '../testing/harness.js'

export const N = 5
export const txns = Array.from({ length: N }, (_, i) => ({
  id: `t${i + 1}`,
  date: '2026-11-24',
  description: `Payment ${i + 1}`,
  amount: i % 2 === 0 ? '-12.34' : '100.01',
  status: 'cleared',
}))
export const txnIds = txns.map((t) => t.id).sort()

export interface SyncFixture {
  readonly store: EventStore
  h: Harness
  companyId: string
  connectionId: string
  /** A fresh app with the company onboarded and the transactions recorded; linked unless told. */
  setUp(linked?: boolean, env?: Record<string, string>): Promise<void>
  feed(): Promise<{ counts: Record<string, number>; link: string; quarantineReasons: Record<string, number> }>
  /** Ids of the lines Codat holds for `acc-1`. */
  storedIds(): (string | undefined)[]
  /** Calls of `transactions.create` so far. */
  creates(): number
}

/** Registers the hooks of a worker test file and answers its fixture. */
export function useSyncFixture(): SyncFixture {
  let store: EventStore | undefined
  const f: SyncFixture = {
    get store() {
      if (store === undefined) throw new Error('the store opens in beforeAll')
      return store
    },
    h: undefined as unknown as Harness,
    companyId: '',
    connectionId: '',
    async setUp(linked = true, env?: Record<string, string>) {
      f.h = await harness({ store: f.store, ...(env === undefined ? {} : { env }) })
      ;({ companyId: f.companyId, connectionId: f.connectionId } = await onboard(f.h))
      const res = await f.h.app.inject({
        method: 'POST',
        url: `/v1/companies/${f.companyId}/accounts/acc-1/transactions`,
        headers: auth(),
        payload: { transactions: txns },
      })
      expect(res.statusCode).toBe(200)
      if (linked) f.h.codat.link(f.connectionId, ['acc-1'], '2026-11-20')
    },
    async feed() {
      const res = await f.h.app.inject({
        url: `/v1/companies/${f.companyId}/accounts/acc-1/feed`,
        headers: auth(),
      })
      return res.json()
    },
    storedIds: () => f.h.codat.storedLines('acc-1').map((l) => l.line.id),
    creates: () => f.h.codat.calls.filter((c) => c === 'transactions.create').length,
  }
  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite' })
  })
  afterAll(async () => {
    await store?.close()
  })
  afterEach(async () => {
    await f.h.close()
  })
  return f
}
