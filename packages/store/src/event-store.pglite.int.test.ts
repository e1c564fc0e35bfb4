import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEventStore } from './create-event-store.js'
import { eventStoreContract } from './event-store.contract.js'

eventStoreContract('PGlite (in memory)', async () => {
  const store = await createEventStore({ kind: 'pglite' })
  return { store, dispose: () => store.close() }
})

describe('EventStore on in-memory PGlite', () => {
  it('gives every in-memory store a database of its own', async () => {
    const [a, b] = await Promise.all([
      createEventStore({ kind: 'pglite' }),
      createEventStore({ kind: 'pglite' }),
    ])
    const c = await createEventStore({ kind: 'pglite' })
    try {
      await a.appendToStream('s', 'no_stream', [{ type: 'E', data: 'a' }])
      await b.appendToStream('s', 'no_stream', [{ type: 'E', data: 'b' }])
      expect((await a.readStream('s')).map((e) => e.data)).toEqual(['a'])
      expect((await b.readStream('s')).map((e) => e.data)).toEqual(['b'])
      expect(await c.readStream('s')).toEqual([])
      expect(await c.listStreams()).toEqual([])
    } finally {
      await Promise.all([a.close(), b.close(), c.close()])
    }
  })
})

describe('EventStore on PGlite with a data directory', () => {
  it('keeps events, streams and snapshots across a close and a reopen, migrating only once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'feedsync-store-'))
    try {
      const first = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'db') })
      await first.appendToStream('account-1', 'no_stream', [
        { type: 'AccountRegistered', data: { name: 'Main' } },
      ])
      await first.saveSnapshot('account-1', 1, { name: 'Main' })
      await first.close()

      const second = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'db') })
      try {
        expect((await second.readStream('account-1')).map((e) => e.data)).toEqual([{ name: 'Main' }])
        expect(await second.loadSnapshot('account-1')).toEqual({ version: 1, state: { name: 'Main' } })
        const next = await second.appendToStream('account-1', 1, [{ type: 'FeedLinked', data: {} }])
        expect(next.nextExpectedVersion).toBe(2)
      } finally {
        await second.close()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
