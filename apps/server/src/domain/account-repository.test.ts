import { decide, type FeedEvent, fold, toSnapshot } from '@feedsync/core'
import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Metrics } from '../metrics.js'
import { AccountRepository } from './account-repository.js'

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
    expect(toSnapshot(reloaded.state)).toEqual(toSnapshot(fold(all)))
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
})
