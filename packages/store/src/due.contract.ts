import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventStore } from './event-store.js'

/** A store opened on a fresh, empty database, and how to dispose of both (the contract suites' fixture). */
export interface StoreFixture {
  readonly store: EventStore
  dispose(): Promise<void>
}

const NOW = '2026-12-02T10:00:00.000Z'
const claim = (store: EventStore, owner: string, limit = 10, now = NOW) =>
  store.claimDue({ owner, now, limit, claimTtlMs: 60_000 })
const keys = (claims: readonly { key: string }[]) => claims.map((c) => c.key)

/**
 * Due work's contract (`markDue`, `claimDue`, `settleDue`, ...), for a store factory like
 * `eventStoreContract`'s.
 *
 * @example
 * dueContract('pglite', async () => { const store = await createEventStore({ kind: 'pglite' }); return { store, dispose: () => store.close() } })
 */
export function dueContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`due work on ${name}`, () => {
    let fixture: StoreFixture
    let store: EventStore
    beforeEach(async () => {
      fixture = await open()
      store = fixture.store
    })
    afterEach(async () => {
      await fixture.dispose()
    })

    it('given nothing due, a claim returns nothing', async () => {
      await store.settleDue({ key: 'idle', wake: '0', dueAt: null, streak: 0, version: 1 })
      await store.settleDue({
        key: 'later',
        wake: '0',
        dueAt: '2026-12-02T11:00:00.000Z',
        streak: 0,
        version: 1,
      })
      expect(await claim(store, 'a')).toEqual([])
    })

    it('with a prefix, claims only keys that start with it: two queues share the table', async () => {
      await store.settleDue({
        key: 'q1:b',
        wake: '0',
        dueAt: '2026-12-02T09:00:00.000Z',
        streak: 0,
        version: 1,
      })
      await store.settleDue({
        key: 'q2:a',
        wake: '0',
        dueAt: '2026-12-02T08:00:00.000Z',
        streak: 0,
        version: 1,
      })
      await store.markDue(['q1:a', 'q1'])
      const q1 = (owner: string) =>
        store.claimDue({ owner, now: NOW, limit: 10, claimTtlMs: 60_000, prefix: 'q1:' })
      expect(keys(await q1('w')).sort()).toEqual(['q1:a', 'q1:b'])
      expect(keys(await q1('w'))).toEqual([]) // claimed; q2's key and 'q1' (no colon) are not q1's
      expect(keys(await claim(store, 'x')).sort()).toEqual(['q1', 'q2:a'])
    })

    it('claims what is due, oldest first, up to the limit, and never an idle or future key', async () => {
      await store.settleDue({ key: 'b', wake: '0', dueAt: '2026-12-02T09:00:00.000Z', streak: 2, version: 1 })
      await store.settleDue({ key: 'a', wake: '0', dueAt: '2026-12-02T09:30:00.000Z', streak: 0, version: 1 })
      await store.settleDue({ key: 'idle', wake: '0', dueAt: null, streak: 0, version: 1 })
      await store.settleDue({
        key: 'future',
        wake: '0',
        dueAt: '2026-12-02T10:00:00.001Z',
        streak: 0,
        version: 1,
      })
      await store.markDue(['woken'])
      expect(keys(await claim(store, 'w', 2))).toEqual(['woken', 'b'])
      const rest = await claim(store, 'w', 10)
      expect(rest).toEqual([{ key: 'a', wake: '0', streak: 0 }])
      expect(await claim(store, 'w', 10)).toEqual([]) // claimed ones are out until settled
    })

    it('two claimers at once never get the same key, and together get every due key', async () => {
      const all = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`)
      await store.markDue(all)
      const rounds = await Promise.all(
        Array.from({ length: 8 }, (_, i) => claim(store, `worker-${i % 2}`, 7)),
      )
      const got = rounds.flatMap(keys)
      expect(new Set(got).size).toBe(got.length)
      const more = keys(await claim(store, 'late', 100))
      expect([...got, ...more].sort()).toEqual(all)
    })

    it('a settled key is due again at its instant; a released claim leaves it due', async () => {
      await store.markDue(['k'])
      const [c] = await claim(store, 'a')
      await store.settleDue({
        key: 'k',
        wake: c?.wake ?? '',
        dueAt: '2026-12-02T10:05:00.000Z',
        streak: 1,
        version: 3,
      })
      expect(await claim(store, 'a')).toEqual([])
      expect(await claim(store, 'a', 10, '2026-12-02T10:05:00.000Z')).toEqual([
        { key: 'k', wake: c?.wake, streak: 1 },
      ])
      await store.releaseDue('k', 'someone-else')
      expect(await claim(store, 'b', 10, '2026-12-02T10:06:00.000Z')).toEqual([])
      await store.releaseDue('k', 'a')
      expect(keys(await claim(store, 'b', 10, '2026-12-02T10:06:00.000Z'))).toEqual(['k'])
    })

    it('a claim expires by the database clock and the key is claimable again', async () => {
      await store.markDue(['k'])
      expect(keys(await store.claimDue({ owner: 'a', now: NOW, limit: 1, claimTtlMs: 1 }))).toEqual(['k'])
      let again: string[] = []
      while (again.length === 0) again = keys(await claim(store, 'b'))
      expect(again).toEqual(['k'])
    })

    it('a wake during the work wins over a settle derived from an older reading', async () => {
      await store.markDue(['k'])
      const [c] = await claim(store, 'a')
      await store.markDue(['k']) // e.g. a transaction recorded while the account was being synced
      await store.settleDue({ key: 'k', wake: c?.wake ?? '', dueAt: null, streak: 0, version: 2 })
      const [d] = await claim(store, 'a')
      expect(d?.key).toBe('k')
      expect(d?.wake).not.toBe(c?.wake)
      await store.settleDue({ key: 'k', wake: d?.wake ?? '', dueAt: null, streak: 0, version: 2 })
      expect(await claim(store, 'a')).toEqual([])
      expect(await store.readDue('k')).toEqual({ key: 'k', wake: d?.wake, streak: 0 })
      expect(await store.readDue('none')).toEqual({ key: 'none', wake: '0', streak: 0 })
    })

    it('at start, streams with no due row and streams that moved past their settled version are due', async () => {
      await store.appendToStream('acc-1', 'no_stream', [{ type: 'T', data: 1 }])
      await store.appendToStream('acc-2', 'no_stream', [{ type: 'T', data: 1 }])
      await store.appendToStream('acc-3', 'no_stream', [{ type: 'T', data: 1 }])
      await store.appendToStream('other', 'no_stream', [{ type: 'T', data: 1 }])
      await store.settleDue({ key: 'acc-1', wake: '0', dueAt: null, streak: 0, version: 1 })
      await store.settleDue({ key: 'acc-2', wake: '0', dueAt: null, streak: 0, version: 1 })
      await store.appendToStream('acc-2', 1, [{ type: 'T', data: 2 }]) // its wake lost in a crash
      expect(await store.markMovedDue('acc-')).toBe(2)
      expect(keys(await claim(store, 'a')).sort()).toEqual(['acc-2', 'acc-3'])
      expect(await store.markMovedDue('acc-')).toBe(0) // claimed: already due
    })
  })
}
