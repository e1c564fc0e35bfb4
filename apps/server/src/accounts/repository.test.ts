import { decide, type FeedEvent, fold, initialState, toSnapshot } from '@feedsync/core'
import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Metrics } from '../metrics.js'
import { AccountRepository } from './repository.js'

let store: EventStore
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})

describe('the account repository', () => {
  it('loads snapshot + tail to the same state as a fold from scratch, snapshotting every N events', async () => {
    const repo = new AccountRepository(store, 3, new Metrics())
    const stream = 'account:c1:a1'
    const at = '2026-11-25T00:00:00Z'
    const all: FeedEvent[] = []
    let loaded = await repo.load(stream)
    const reg = decide(
      { type: 'RegisterAccount', accountId: 'a1', currency: 'USD', openingBalance: '10', at },
      loaded.state,
    )
    if (!reg.ok) throw new Error(reg.error.message)
    await repo.append(loaded, reg.events)
    all.push(...reg.events)
    for (let i = 0; i < 10; i++) {
      loaded = await repo.load(stream)
      const d = decide(
        {
          type: 'RecordTransaction',
          transaction: {
            id: `t${i}`,
            date: '2026-11-24',
            description: 'x',
            amount: `${i}.01`,
            status: 'cleared',
          },
          at,
        },
        loaded.state,
      )
      if (!d.ok) throw new Error(d.error.message)
      await repo.append(loaded, d.events)
      all.push(...d.events)
    }
    await repo.flush()
    const snap = await store.loadSnapshot(stream)
    expect(snap?.version).toBeGreaterThanOrEqual(3)
    const reloaded = await repo.load(stream)
    expect(reloaded.snapshotVersion).toBe(snap?.version)
    expect(toSnapshot(reloaded.state)).toEqual(
      toSnapshot(fold(all, initialState({ foldSettled: true, foldBatches: true }))),
    )
  })

  it('refuses an append at a stale version and leaves the state untouched', async () => {
    const repo = new AccountRepository(store, 100, new Metrics())
    const stream = 'account:c2:a1'
    const at = '2026-11-25T00:00:00Z'
    const a = await repo.load(stream)
    const b = await repo.load(stream)
    const reg = decide(
      { type: 'RegisterAccount', accountId: 'a1', currency: 'USD', openingBalance: '1', at },
      a.state,
    )
    if (!reg.ok) throw new Error(reg.error.message)
    await repo.append(a, reg.events)
    await expect(repo.append(b, reg.events)).rejects.toThrow(/expected version/i)
    expect(b.state.version).toBe(0)
  })

  describe('its state cache', () => {
    const at = '2026-11-25T00:00:00Z'
    /** A store that counts cold loads (snapshot reads). */
    function counting(): { store: EventStore; coldLoads: () => number } {
      let n = 0
      const counted: EventStore = Object.create(store)
      counted.loadSnapshot = (stream) => {
        n++
        return store.loadSnapshot(stream)
      }
      return { store: counted, coldLoads: () => n }
    }
    async function register(repo: AccountRepository, stream: string, transactions: number): Promise<void> {
      await repo.withAccount(stream, async (loaded) => {
        const events: FeedEvent[] = []
        const reg = decide(
          { type: 'RegisterAccount', accountId: 'a1', currency: 'USD', openingBalance: '1', at },
          loaded.state,
        )
        if (!reg.ok) throw new Error(reg.error.message)
        events.push(...reg.events)
        await repo.append(loaded, reg.events)
        for (let i = 0; i < transactions; i++) {
          const d = decide(
            {
              type: 'RecordTransaction',
              transaction: {
                id: `t${i}`,
                date: '2026-11-24',
                description: 'x',
                amount: '1.00',
                status: 'cleared',
              },
              at,
            },
            loaded.state,
          )
          if (!d.ok) throw new Error(d.error.message)
          await repo.append(loaded, d.events)
        }
      })
    }

    it('keeps states within its byte budget and loads an evicted one again from the store', async () => {
      const { store: s, coldLoads } = counting()
      // One state of 3 transactions weighs 4096 + 3 * 1200 = 7696 estimated bytes: one fits, two do not.
      const repo = new AccountRepository(s, 100, new Metrics(), 10_000)
      await register(repo, 'account:cache1:a', 3)
      await repo.withAccount('account:cache1:a', async () => {})
      expect(coldLoads()).toBe(1) // cached
      await register(repo, 'account:cache1:b', 3) // 15392 > 10000: a is evicted
      const before = coldLoads()
      const state = await repo.withAccount('account:cache1:a', async (loaded) => loaded.state)
      expect(coldLoads()).toBe(before + 1)
      expect(state.txns.size).toBe(3)
      // b was evicted in turn by a (most recently used); a state heavier than the budget is never kept.
      const tiny = new AccountRepository(s, 100, new Metrics(), 5000)
      await register(tiny, 'account:cache1:c', 1)
      const n = coldLoads()
      await tiny.withAccount('account:cache1:c', async () => {})
      expect(coldLoads()).toBe(n + 1)
    })

    it('counts and logs a snapshot it could not save, and the append still succeeds', async () => {
      const failing: EventStore = Object.create(store)
      failing.saveSnapshot = async () => {
        throw new Error('disk full')
      }
      const metrics = new Metrics({ defaultMetrics: false })
      const warnings: { fields: Record<string, unknown>; message: string }[] = []
      const repo = new AccountRepository(failing, 1, metrics, 1_000_000, {
        warn: (fields, message) => warnings.push({ fields, message }),
      })
      await register(repo, 'account:snapfail:a', 2)
      await repo.flush()
      const text = await metrics.render()
      expect(text).toMatch(/feedsync_snapshot_failures_total [1-9]/)
      expect(text).toMatch(/feedsync_snapshots_saved_total 0/)
      expect(warnings.length).toBeGreaterThan(0)
      expect(warnings[0]?.message).toBe('account snapshot not saved')
      expect(warnings[0]?.fields).toMatchObject({
        stream: 'account:snapfail:a',
        error: { message: 'disk full' },
      })
      // Every event is in the store although no snapshot was saved.
      const loaded = await repo.load('account:snapfail:a')
      expect(loaded.state.txns.size).toBe(2)
      await repo.flush()
      expect(await store.loadSnapshot('account:snapfail:a')).toBeUndefined()
    })

    it('counts the snapshots it saved', async () => {
      const metrics = new Metrics({ defaultMetrics: false })
      const repo = new AccountRepository(store, 1, metrics)
      await register(repo, 'account:snapok:a', 2)
      await repo.flush()
      expect(await metrics.render()).toMatch(/feedsync_snapshots_saved_total [1-9]/)
    })

    it('lends a state out of the cache: meanwhile callers load their own, and a give-back keeps theirs', async () => {
      const { store: s, coldLoads } = counting()
      const repo = new AccountRepository(s, 100, new Metrics())
      const stream = 'account:cache2:a'
      await register(repo, stream, 2)
      const borrowed = await repo.borrow(stream)
      expect(coldLoads()).toBe(1) // the borrow caught up the cached state
      const theirs = await repo.withAccount(stream, async (loaded) => loaded)
      expect(theirs).not.toBe(borrowed)
      expect(coldLoads()).toBe(2)
      repo.giveBack(borrowed)
      expect(await repo.withAccount(stream, async (loaded) => loaded)).toBe(theirs)
      const again = await repo.borrow(stream)
      repo.giveBack(again)
      expect(await repo.withAccount(stream, async (loaded) => loaded)).toBe(theirs)
      expect(coldLoads()).toBe(2)
    })
  })
})
