import { createEventStore, type EventStore } from '@feedsync/store'
import { afterEach, describe, expect, it } from 'vitest'
import { isStorageUnavailable } from './storage.js'
import { auth, type Harness, harness, onboard } from './testing/harness.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** A real store that can be switched to refuse every call the way `pg` does when Postgres is down. */
function refusable(store: EventStore): EventStore & { refusing: boolean } {
  const refused = () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
    })
  const state = { refusing: false }
  const wrapper = new Proxy(store, {
    get(target, name) {
      if (name === 'refusing') return state.refusing
      const value = Reflect.get(target, name) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) =>
        state.refusing && name !== 'close' ? Promise.reject(refused()) : value.apply(target, args)
    },
    set(_target, name, value) {
      if (name !== 'refusing') return false
      state.refusing = value === true
      return true
    },
  }) as EventStore & { refusing: boolean }
  return wrapper
}

const storageLines = (logs: string[]) =>
  logs
    .map((l) => JSON.parse(l) as { msg: string; component?: string })
    .filter((l) => l.component === 'storage')

describe('the database unavailable', () => {
  it('PGlite closed: every API call is 503 storage_unavailable with Retry-After, logged once, not per request', async () => {
    const store = await createEventStore({ kind: 'pglite' })
    h = await harness({ store, env: { LOG_LEVEL: 'info' } })
    const { companyId } = await onboard(h)
    await store.close()
    for (let i = 0; i < 5; i++) {
      const res = await h.app.inject({ url: `/v1/companies/${companyId}`, headers: auth() })
      expect(res.statusCode, res.body).toBe(503)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.headers['retry-after']).toBe('5')
      expect(res.json()).toMatchObject({ status: 503, code: 'storage_unavailable' })
    }
    const write = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/accounts/acc-1/transactions`,
      headers: auth(),
      payload: {
        transactions: [{ id: 't1', date: '2026-11-24', description: 'x', amount: '1.00', status: 'cleared' }],
      },
    })
    expect(write.json().code).toBe('storage_unavailable')
    expect((await h.app.inject('/readyz')).json().code).toBe('not_ready')
    expect(storageLines(h.logs).map((l) => l.msg)).toEqual([
      'storage unavailable: the database does not answer; requests get 503',
    ])
    expect(h.logs.some((l) => l.includes('"level":50') && l.includes('unhandled error'))).toBe(false)
  })

  it('a store refusing connections as pg does (ECONNREFUSED): 503 while it refuses, answers again after, one line for each', async () => {
    const real = await createEventStore({ kind: 'pglite' })
    const store = refusable(real)
    h = await harness({ store, env: { LOG_LEVEL: 'info' } })
    const { companyId } = await onboard(h)
    store.refusing = true
    const during = []
    for (let i = 0; i < 3; i++)
      during.push(await h.app.inject({ url: `/v1/companies/${companyId}/operations`, headers: auth() }))
    expect(during.map((r) => [r.statusCode, r.json().code])).toEqual(
      Array.from({ length: 3 }, () => [503, 'storage_unavailable']),
    )
    store.refusing = false
    const after = await h.app.inject({ url: `/v1/companies/${companyId}`, headers: auth() })
    expect(after.statusCode, after.body).toBe(200)
    expect(storageLines(h.logs).map((l) => l.msg)).toEqual([
      'storage unavailable: the database does not answer; requests get 503',
      'storage available again',
    ])
    await h.close()
    h = undefined
    await real.close()
  })

  it('tells an unreachable database from a statement the database refused', () => {
    expect(isStorageUnavailable(Object.assign(new Error('boom'), { code: '57P01' }))).toBe(true)
    expect(isStorageUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isStorageUnavailable(new Error('x', { cause: { code: 'ETIMEDOUT' } }))).toBe(true)
    expect(isStorageUnavailable(Object.assign(new Error('invalid byte sequence'), { code: '22021' }))).toBe(
      false,
    )
    expect(isStorageUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
    expect(isStorageUnavailable('ECONNREFUSED')).toBe(false)
  })
})
