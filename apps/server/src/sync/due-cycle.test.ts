import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auth, type Harness, harness, onboard } from '../testing/harness.js'
import { txns } from './test-fixture.js'

/** The store with every call counted by method while `counting` is on. */
function counted(store: EventStore): { store: EventStore; calls: Map<string, number>; counting: boolean } {
  const state = { calls: new Map<string, number>(), counting: false, store }
  state.store = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (state.counting) state.calls.set(String(property), (state.calls.get(String(property)) ?? 0) + 1)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return state
}

let raw: EventStore
let h: Harness
beforeAll(async () => {
  raw = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await raw.close()
})
afterEach(async () => {
  await h.close()
})

const codatIdOf = async (companyId: string) =>
  (await h.app.services.companies.get(companyId))?.codatCompanyId ?? 'unknown'

/** A fresh app on its own store, `companies` companies onboarded (one account each), one cycle run. */
async function settledWith(companies: number) {
  const c = counted(await createEventStore({ kind: 'pglite' }))
  h = await harness({ store: c.store })
  const ids: { companyId: string; connectionId: string }[] = []
  for (let i = 0; i < companies; i++) ids.push(await onboard(h))
  await h.app.services.worker.runOnce() // every new account is due once: learns it is not linked yet
  return { c, ids, close: () => c.store.close() }
}

describe('due work: a cycle reads only due accounts', () => {
  it('given N settled idle accounts, an idle cycle is one store call (the claim), for 2 and for 12 accounts', async () => {
    const perCycle: Record<string, number>[] = []
    for (const n of [2, 12]) {
      const { c, close } = await settledWith(n)
      c.counting = true
      await h.app.services.worker.runOnce()
      c.counting = false
      perCycle.push(Object.fromEntries(c.calls))
      await h.close()
      await close()
      h = await harness({ store: raw }) // for afterEach
    }
    expect(perCycle).toEqual([{ claimDue: 1 }, { claimDue: 1 }])
  })

  it('given a linked idle account, recording transactions makes it due at once: the next cycle pushes them', async () => {
    h = await harness({ store: raw })
    const { companyId, connectionId } = await onboard(h)
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    await h.app.services.worker.linkHint(await codatIdOf(companyId))
    await h.app.services.worker.runOnce() // learns the link; nothing to push
    const creates = () => h.codat.calls.filter((x) => x === 'transactions.create').length
    await h.app.services.worker.runOnce()
    expect(creates()).toBe(0)
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/accounts/acc-1/transactions`,
      headers: auth(),
      payload: { transactions: txns },
    })
    expect(res.statusCode).toBe(200)
    await h.app.services.worker.runOnce() // the clock has not moved: due because of the ingest
    expect(creates()).toBe(1)
    expect(h.codat.storedLines('acc-1')).toHaveLength(txns.length)
  })

  it('given an ingest, its wake is written in the append itself: no separate wake call that a crash could lose', async () => {
    // A store whose separate `markDue` fails during the ingest: a wake made after the append (the old
    // way) would fail the request and leave the account idle.
    let failWake = false
    const noSeparateWake = new Proxy(raw, {
      get(target, property, receiver) {
        if (property === 'markDue') {
          return async (keys: readonly string[]) =>
            failWake ? Promise.reject(new Error('no separate wake')) : target.markDue(keys)
        }
        const value: unknown = Reflect.get(target, property, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    h = await harness({ store: noSeparateWake })
    const { companyId, connectionId } = await onboard(h)
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    await h.app.services.worker.linkHint(await codatIdOf(companyId))
    await h.app.services.worker.runOnce()
    await h.app.services.worker.runOnce()
    const creates = () => h.codat.calls.filter((x) => x === 'transactions.create').length
    expect(creates()).toBe(0)
    failWake = true
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/accounts/acc-1/transactions`,
      headers: auth(),
      payload: { transactions: txns },
    })
    failWake = false
    expect(res.statusCode).toBe(200)
    await h.app.services.worker.runOnce()
    expect(creates()).toBe(1)
  })

  it('given an account not linked yet, it is not due again until its re-check; a link webhook makes it due at once', async () => {
    h = await harness({ store: raw })
    const { companyId } = await onboard(h)
    const reads = () => h.codat.calls.filter((x) => x === 'sourceAccounts.list').length
    await h.app.services.worker.runOnce()
    const first = reads()
    await h.app.services.worker.runOnce()
    expect(reads()).toBe(first)
    expect(await h.app.services.worker.linkHint(await codatIdOf(companyId))).toBe(true)
    await h.app.services.worker.runOnce()
    expect(reads()).toBe(first + 1)
  })
})
