import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dueContract, type StoreFixture } from './due.contract.js'
import { UniqueKeyConflictError, WrongExpectedVersionError } from './errors.js'
import type { EventStore, Position, StoredEvent } from './event-store.js'
import { newStoreModel, storeCommands } from './event-store.model.js'
import { comparePositions as compare } from './position.js'
import { readLogThrough } from './read-log-through.js'
import { rowsContract } from './rows.contract.js'

export type { StoreFixture }

/** Reads the log from the start to the first empty page (what is visible now). */
async function readWholeLog(store: EventStore, limit: number): Promise<StoredEvent[]> {
  const events: StoredEvent[] = []
  let after: Position | undefined
  for (;;) {
    const page = await store.readAll({ after, limit })
    if (page.events.length === 0) return events
    events.push(...page.events)
    after = page.position
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the promise to reject')
}

/**
 * Registers the event-store contract suite for a store factory; `open` is called once per test and
 * must give a store on an empty database.
 *
 * @example
 * eventStoreContract('pglite', async () => {
 *   const store = await createEventStore({ kind: 'pglite' })
 *   return { store, dispose: () => store.close() }
 * })
 */
export function eventStoreContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`EventStore contract on ${name}`, () => {
    let fixture: StoreFixture
    let store: EventStore

    beforeEach(async () => {
      fixture = await open()
      store = fixture.store
    })

    afterEach(async () => {
      await fixture.dispose()
    })

    describe('appending and reading a stream', () => {
      it('numbers the first event 1 and the next ones without gaps, and reads them back in order', async () => {
        const first = await store.appendToStream('account-1', 'no_stream', [
          { type: 'AccountRegistered', data: { name: 'Main' } },
          { type: 'FeedLinked', data: { at: '2026-01-02' }, metadata: { requestId: 'r1' } },
        ])
        const second = await store.appendToStream('account-1', first.nextExpectedVersion, [
          { type: 'TransactionRecorded', data: { id: 't1', amount: '12.50' } },
        ])
        expect(first.nextExpectedVersion).toBe(2)
        expect(second.nextExpectedVersion).toBe(3)

        const events = await store.readStream('account-1')
        expect(events.map((e) => [e.stream, e.version, e.type])).toEqual([
          ['account-1', 1, 'AccountRegistered'],
          ['account-1', 2, 'FeedLinked'],
          ['account-1', 3, 'TransactionRecorded'],
        ])
        expect(events[0]?.metadata).toEqual({})
        expect(events[1]?.metadata).toEqual({ requestId: 'r1' })
        expect(events[2]?.data).toEqual({ id: 't1', amount: '12.50' })
        for (const event of events) {
          expect(event.recordedAt).toBeInstanceOf(Date)
          expect(Number.isNaN(event.recordedAt.getTime())).toBe(false)
          expect(event.globalPosition).toMatch(/^\d+$/)
          expect(event.transactionId).toMatch(/^\d+$/)
        }
        const positions = [...first.positions, ...second.positions]
        expect(positions).toEqual(
          events.map((e) => ({ transactionId: e.transactionId, globalPosition: e.globalPosition })),
        )
        const globals = events.map((e) => BigInt(e.globalPosition))
        expect(globals).toEqual([...globals].sort((a, b) => (a < b ? -1 : 1)))
        expect(new Set(globals).size).toBe(3)
      })

      it('keeps JSON payloads exactly, including quotes, backslashes, braces, commas and unicode', async () => {
        const data = {
          text: 'a "quoted", {braced} \\ back\\slashed, NULL, ünïcødé 💶',
          nested: { list: [1, 'two', null, { three: true }], empty: {} },
          amount: '1234567890123456789.01',
        }
        await store.appendToStream('json', 'any', [
          { type: 'Weird "type", {x}', data, metadata: { note: 'line\nbreak', n: 1 } },
          { type: 'Scalar', data: 'just a string' },
          { type: 'Null', data: null },
        ])
        const events = await store.readStream('json')
        expect(events.map((e) => e.data)).toEqual([data, 'just a string', null])
        expect(events[0]?.type).toBe('Weird "type", {x}')
        expect(events[0]?.metadata).toEqual({ note: 'line\nbreak', n: 1 })
      })

      it('reads a stream from a version and at most a count, and an unknown stream as empty', async () => {
        await store.appendToStream(
          's',
          'no_stream',
          Array.from({ length: 10 }, (_, i) => ({ type: 'E', data: { i } })),
        )
        const slice = await store.readStream('s', { fromVersion: 4, maxCount: 3 })
        expect(slice.map((e) => e.version)).toEqual([4, 5, 6])
        expect((await store.readStream('s', { fromVersion: 9 })).map((e) => e.version)).toEqual([9, 10])
        expect(await store.readStream('s', { fromVersion: 11 })).toEqual([])
        expect(await store.readStream('unknown')).toEqual([])
      })

      it('keeps one stream separate from another', async () => {
        await store.appendToStream('a', 'no_stream', [{ type: 'A', data: 1 }])
        await store.appendToStream('b', 'no_stream', [{ type: 'B', data: 2 }])
        await store.appendToStream('a', 1, [{ type: 'A', data: 3 }])
        expect((await store.readStream('a')).map((e) => e.data)).toEqual([1, 3])
        expect((await store.readStream('b')).map((e) => [e.version, e.data])).toEqual([[1, 2]])
      })

      it('appends a batch of 1000 events in one call', async () => {
        const events = Array.from({ length: 1000 }, (_, i) => ({
          type: 'Bulk',
          data: { i },
          uniqueKey: `k${i}`,
        }))
        const result = await store.appendToStream('bulk', 'no_stream', events)
        expect(result.nextExpectedVersion).toBe(1000)
        expect(result.positions).toHaveLength(1000)
        const read = await store.readStream('bulk')
        expect(read.map((e) => (e.data as { i: number }).i)).toEqual(events.map((_, i) => i))
      })
    })

    describe('expected versions', () => {
      it('rejects a wrong expected version with the stream, expected and actual versions, appending nothing', async () => {
        await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 1 }])
        const error = await rejection(store.appendToStream('s', 3, [{ type: 'E', data: 2 }]))
        expect(error).toBeInstanceOf(WrongExpectedVersionError)
        expect(error).toMatchObject({ stream: 's', expected: 3, actual: 1, code: 'WRONG_EXPECTED_VERSION' })
        expect(await store.readStream('s')).toHaveLength(1)
      })

      it("rejects 'no_stream' when the stream exists and a number when it does not", async () => {
        await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 1 }])
        expect(
          await rejection(store.appendToStream('s', 'no_stream', [{ type: 'E', data: 2 }])),
        ).toMatchObject({
          expected: 'no_stream',
          actual: 1,
        })
        expect(await rejection(store.appendToStream('new', 1, [{ type: 'E', data: 2 }]))).toMatchObject({
          stream: 'new',
          expected: 1,
          actual: 0,
        })
      })

      it("accepts 'any' whatever the version, and 0 as the version of a stream that does not exist", async () => {
        await store.appendToStream('s', 0, [{ type: 'E', data: 1 }])
        const result = await store.appendToStream('s', 'any', [{ type: 'E', data: 2 }])
        expect(result.nextExpectedVersion).toBe(2)
      })

      it('checks the version without appending when the batch is empty', async () => {
        await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 1 }])
        expect(await store.appendToStream('s', 1, [])).toEqual({ nextExpectedVersion: 1, positions: [] })
        expect(await rejection(store.appendToStream('s', 2, []))).toBeInstanceOf(WrongExpectedVersionError)
        expect(await store.listStreams()).toEqual([{ stream: 's', version: 1 }])
      })

      it('refuses an expected version that is not an integer >= 0', async () => {
        await expect(store.appendToStream('s', -1, [{ type: 'E', data: 1 }])).rejects.toThrow(RangeError)
        await expect(store.appendToStream('s', 1.5, [{ type: 'E', data: 1 }])).rejects.toThrow(RangeError)
      })

      it('lets exactly one of two concurrent appends with the same expected version win', async () => {
        await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 0 }])
        const outcomes = await Promise.allSettled([
          store.appendToStream('s', 1, [{ type: 'E', data: 'left' }]),
          store.appendToStream('s', 1, [{ type: 'E', data: 'right' }]),
        ])
        const won = outcomes.filter((o) => o.status === 'fulfilled')
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []))
        expect(won).toHaveLength(1)
        expect(lost).toHaveLength(1)
        expect(lost[0]).toBeInstanceOf(WrongExpectedVersionError)
        expect(lost[0]).toMatchObject({ expected: 1, actual: 2 })
        const events = await store.readStream('s')
        expect(events.map((e) => e.version)).toEqual([1, 2])
      })

      it("lets exactly one of eight concurrent 'no_stream' appends create the stream", async () => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.appendToStream('s', 'no_stream', [{ type: 'E', data: i }]),
          ),
        )
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
        for (const o of outcomes) {
          if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedVersionError)
        }
        expect(await store.readStream('s')).toHaveLength(1)
      })

      it("serialises concurrent 'any' appends to one stream without losing any", async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.appendToStream('s', 'any', [
              { type: 'E', data: i },
              { type: 'E', data: i },
            ]),
          ),
        )
        const events = await store.readStream('s')
        expect(events.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
        const lastPosition = results
          .flatMap((r) => r.positions)
          .sort(compare)
          .at(-1) as Position
        const log = await readLogThrough(store, undefined, lastPosition, 1000)
        expect(log.map((e) => e.version)).toEqual(events.map((e) => e.version))
      })
    })

    describe('against a model', () => {
      it('agrees with a simple model on any sequence of appends, stream reads and log reads', async () => {
        let run = 0
        let last: Position | undefined
        await fc.assert(
          fc.asyncProperty(storeCommands, async (commands) => {
            const model = newStoreModel(`run${run++}`, last)
            try {
              await fc.asyncModelRun(() => ({ model, real: { store } }), commands)
            } finally {
              last = model.last
            }
          }),
          { numRuns: 200 },
        )
      }, 120_000)
    })

    describe('uniqueness guard', () => {
      it('records a unique key once per stream and rejects the whole append that repeats it', async () => {
        await store.appendToStream('account-1', 'any', [{ type: 'T', data: 1, uniqueKey: 'txn:1' }])
        const error = await rejection(
          store.appendToStream('account-1', 'any', [
            { type: 'T', data: 2, uniqueKey: 'txn:2' },
            { type: 'T', data: 1, uniqueKey: 'txn:1' },
            { type: 'Other', data: 3 },
          ]),
        )
        expect(error).toBeInstanceOf(UniqueKeyConflictError)
        expect(error).toMatchObject({ stream: 'account-1', keys: ['txn:1'], code: 'UNIQUE_KEY_CONFLICT' })
        expect((await store.readStream('account-1')).map((e) => e.data)).toEqual([1])
        expect(await store.listStreams()).toEqual([{ stream: 'account-1', version: 1 }])
      })

      it('lists every clashing key', async () => {
        await store.appendToStream('s', 'any', [
          { type: 'T', data: 1, uniqueKey: 'b' },
          { type: 'T', data: 2, uniqueKey: 'a' },
        ])
        const error = await rejection(
          store.appendToStream('s', 'any', [
            { type: 'T', data: 1, uniqueKey: 'a' },
            { type: 'T', data: 1, uniqueKey: 'c' },
            { type: 'T', data: 1, uniqueKey: 'b' },
          ]),
        )
        expect(error).toMatchObject({ keys: ['a', 'b'] })
      })

      it('rejects a batch that repeats a key within itself', async () => {
        const error = await rejection(
          store.appendToStream('s', 'no_stream', [
            { type: 'T', data: 1, uniqueKey: 'txn:9' },
            { type: 'T', data: 2, uniqueKey: 'txn:9' },
          ]),
        )
        expect(error).toMatchObject({ keys: ['txn:9'] })
        expect(await store.readStream('s')).toEqual([])
      })

      it('allows the same key in different streams and events without keys any number of times', async () => {
        await store.appendToStream('a', 'any', [
          { type: 'T', data: 1, uniqueKey: 'txn:1' },
          { type: 'N', data: 0 },
        ])
        await store.appendToStream('b', 'any', [
          { type: 'T', data: 1, uniqueKey: 'txn:1' },
          { type: 'N', data: 0 },
        ])
        await store.appendToStream('a', 'any', [{ type: 'N', data: 0 }])
        expect(await store.listStreams()).toEqual([
          { stream: 'a', version: 3 },
          { stream: 'b', version: 2 },
        ])
      })

      it('guards every key of an event that carries several, against the stream and within the batch', async () => {
        await store.appendToStream('s', 'any', [{ type: 'Bulk', data: 1, uniqueKey: ['txn:1', 'txn:2'] }])
        const clash = await rejection(
          store.appendToStream('s', 'any', [
            { type: 'Bulk', data: 2, uniqueKey: ['txn:3', 'txn:2'] },
            { type: 'T', data: 3, uniqueKey: 'txn:4' },
          ]),
        )
        expect(clash).toMatchObject({ keys: ['txn:2'] })
        const repeated = await rejection(
          store.appendToStream('s', 'any', [
            { type: 'Bulk', data: 4, uniqueKey: ['txn:5', 'txn:6'] },
            { type: 'Bulk', data: 5, uniqueKey: ['txn:6'] },
          ]),
        )
        expect(repeated).toMatchObject({ keys: ['txn:6'] })
        expect((await store.readStream('s')).map((e) => e.data)).toEqual([1])
        // Nothing of the refused appends was kept: their other keys are still free.
        await store.appendToStream('s', 1, [
          { type: 'Bulk', data: 6, uniqueKey: ['txn:3', 'txn:4', 'txn:5'] },
        ])
        expect((await store.readStream('s')).map((e) => e.data)).toEqual([1, 6])
      })

      it('lets exactly one of concurrent appends of the same key win', async () => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            store.appendToStream('s', 'any', [{ type: 'T', data: i, uniqueKey: 'txn:same' }]),
          ),
        )
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
        for (const o of outcomes) {
          if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(UniqueKeyConflictError)
        }
        expect(await store.readStream('s')).toHaveLength(1)
      })
    })

    describe('reading all events', () => {
      it('pages through every event once, in the same order as one big read, and stops at the end', async () => {
        let last: Position | undefined
        for (let i = 0; i < 5; i++) {
          for (const stream of ['x', 'y', 'z']) {
            const result = await store.appendToStream(stream, 'any', [
              { type: 'E', data: { stream, i, n: 0 } },
              { type: 'E', data: { stream, i, n: 1 } },
            ])
            last = result.positions.at(-1)
          }
        }
        const visible = await readLogThrough(store, undefined, last as Position, 1000)
        expect(visible).toHaveLength(30)
        const whole = await store.readAll({ limit: 1000 })
        expect(whole.events).toEqual(visible)
        const paged = await readWholeLog(store, 7)
        expect(paged).toEqual(whole.events)
        for (let i = 1; i < paged.length; i++) {
          expect(compare(paged[i - 1] as StoredEvent, paged[i] as StoredEvent)).toBe(-1)
        }
        const end = await store.readAll({ after: whole.position, limit: 10 })
        expect(end).toEqual({ events: [], position: whole.position })
        expect(await store.readAll({ limit: 5 })).toMatchObject({ events: whole.events.slice(0, 5) })
      })

      it('continues from a returned position with the events appended since', async () => {
        const one = await store.appendToStream('a', 'any', [{ type: 'E', data: 1 }])
        const first = await readLogThrough(store, undefined, one.positions[0] as Position, 100)
        expect(first.map((e) => e.data)).toEqual([1])
        await store.appendToStream('b', 'any', [{ type: 'E', data: 2 }])
        const three = await store.appendToStream('a', 'any', [{ type: 'E', data: 3 }])
        const next = await readLogThrough(store, one.positions[0], three.positions[0] as Position, 100)
        expect(next.map((e) => e.data)).toEqual([2, 3])
      })

      it('returns nothing and no position from an empty store, and refuses a bad limit or position', async () => {
        expect(await store.readAll({ limit: 10 })).toEqual({ events: [], position: undefined })
        await expect(store.readAll({ limit: 0 })).rejects.toThrow(RangeError)
        await expect(
          store.readAll({ limit: 1, after: { transactionId: '1; drop', globalPosition: '1' } }),
        ).rejects.toThrow(RangeError)
      })

      it('shows a reader following the log every event of 8 concurrent writers exactly once, in stream order', async () => {
        const writers = 8
        const appendsPerWriter = 400
        let writing = true
        const writes = Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < appendsPerWriter; i++) {
              await store.appendToStream(`race-${w}`, i === 0 ? 'no_stream' : i, [
                { type: 'Raced', data: { w, i } },
              ])
            }
          }),
        ).finally(() => {
          writing = false
        })

        const seen: StoredEvent[] = []
        let seenWhileWriting = 0
        let after: Position | undefined
        const deadline = Date.now() + 50_000
        for (;;) {
          const stillWriting = writing
          const page = await store.readAll({ after, limit: 97 })
          seen.push(...page.events)
          after = page.position
          if (stillWriting) seenWhileWriting = seen.length
          if (!stillWriting && page.events.length === 0 && seen.length >= writers * appendsPerWriter) break
          if (Date.now() > deadline) break
          if (page.events.length === 0) await new Promise((resolve) => setImmediate(resolve))
        }
        await writes

        expect(seen).toHaveLength(writers * appendsPerWriter)
        expect(new Set(seen.map((e) => `${e.stream}#${e.version}`)).size).toBe(writers * appendsPerWriter)
        expect(new Set(seen.map((e) => e.globalPosition)).size).toBe(writers * appendsPerWriter)
        const lastVersion = new Map<string, number>()
        for (const event of seen) {
          expect(event.version).toBe((lastVersion.get(event.stream) ?? 0) + 1)
          lastVersion.set(event.stream, event.version)
        }
        for (let i = 1; i < seen.length; i++) {
          expect(compare(seen[i - 1] as StoredEvent, seen[i] as StoredEvent)).toBe(-1)
        }
        expect(seenWhileWriting).toBeGreaterThan(0)
      }, 120_000)
    })

    describe('streams', () => {
      it('lists streams with their versions, by name, optionally by a literal prefix', async () => {
        await store.appendToStream('account-2', 'any', [{ type: 'E', data: 1 }])
        await store.appendToStream('account-1', 'any', [
          { type: 'E', data: 1 },
          { type: 'E', data: 2 },
        ])
        await store.appendToStream('company-1', 'any', [{ type: 'E', data: 1 }])
        await store.appendToStream('a%_x', 'any', [{ type: 'E', data: 1 }])
        expect(await store.listStreams()).toEqual([
          { stream: 'a%_x', version: 1 },
          { stream: 'account-1', version: 2 },
          { stream: 'account-2', version: 1 },
          { stream: 'company-1', version: 1 },
        ])
        expect(await store.listStreams({ prefix: 'account-' })).toEqual([
          { stream: 'account-1', version: 2 },
          { stream: 'account-2', version: 1 },
        ])
        expect(await store.listStreams({ prefix: 'a%_' })).toEqual([{ stream: 'a%_x', version: 1 }])
        expect(await store.listStreams({ prefix: 'nothing' })).toEqual([])
      })

      it('lists a page at a time: after a name, at most a limit, in byte order', async () => {
        for (const s of ['d:b', 'd:a', 'd:B', 'd:c', 'e:a'])
          await store.appendToStream(s, 'any', [{ type: 'E', data: 1 }])
        const names = async (options: Parameters<EventStore['listStreams']>[0]) =>
          (await store.listStreams(options)).map((s) => s.stream)
        expect(await names({ prefix: 'd:', limit: 2 })).toEqual(['d:B', 'd:a'])
        expect(await names({ prefix: 'd:', after: 'd:a', limit: 2 })).toEqual(['d:b', 'd:c'])
        expect(await names({ prefix: 'd:', after: 'd:c', limit: 2 })).toEqual([])
        expect(await names({ after: 'd:c' })).toEqual(['e:a'])
        await expect(store.listStreams({ limit: 0 })).rejects.toBeInstanceOf(RangeError)
      })

      it('lists by prefix exactly where a loose collation would sort neighbours into the range', async () => {
        for (const s of [
          'webhooks:a',
          'webhooks;',
          'webhooks:',
          'webhooks9',
          'Webhooks:b',
          'webhooksa',
          'webhooks',
        ]) {
          await store.appendToStream(s, 'any', [{ type: 'E', data: 1 }])
        }
        const names = async (prefix: string) => (await store.listStreams({ prefix })).map((s) => s.stream)
        expect(await names('webhooks:')).toEqual(['webhooks:', 'webhooks:a'])
        expect(await names('webhooks')).toHaveLength(6)
        expect(await names('Webhooks:')).toEqual(['Webhooks:b'])
        expect(await names('webhooks;')).toEqual(['webhooks;'])
      })
    })

    describe('snapshots', () => {
      it('loads nothing before a save, then the latest saved state and version', async () => {
        expect(await store.loadSnapshot('s')).toBeUndefined()
        await store.saveSnapshot('s', 3, { balance: '10.00', ids: ['a', 'b'] })
        expect(await store.loadSnapshot('s')).toEqual({
          version: 3,
          state: { balance: '10.00', ids: ['a', 'b'] },
        })
        await store.saveSnapshot('s', 7, { balance: '12.00', ids: [] })
        expect(await store.loadSnapshot('s')).toEqual({ version: 7, state: { balance: '12.00', ids: [] } })
        expect(await store.loadSnapshot('other')).toBeUndefined()
      })

      it('keeps a newer snapshot when an older version is saved after it', async () => {
        await store.saveSnapshot('s', 7, 'seven')
        await store.saveSnapshot('s', 5, 'five')
        expect(await store.loadSnapshot('s')).toEqual({ version: 7, state: 'seven' })
      })
    })

    describe('leases', () => {
      it('refuses a second owner while the first holds the lease, and grants it after release', async () => {
        expect(await store.tryAcquireLease('account-1', 'worker-a', 60_000)).toBe(true)
        expect(await store.tryAcquireLease('account-1', 'worker-b', 60_000)).toBe(false)
        expect(await store.tryAcquireLease('account-2', 'worker-b', 60_000)).toBe(true)
        expect(await store.tryAcquireLease('account-1', 'worker-a', 60_000)).toBe(true)
        await store.releaseLease('account-1', 'worker-b')
        expect(await store.tryAcquireLease('account-1', 'worker-b', 60_000)).toBe(false)
        await store.releaseLease('account-1', 'worker-a')
        expect(await store.tryAcquireLease('account-1', 'worker-b', 60_000)).toBe(true)
        expect(await store.renewLease('account-1', 'worker-a', 60_000)).toBe(false)
        expect(await store.renewLease('account-1', 'worker-b', 60_000)).toBe(true)
      })

      it('grants the lease to a second owner only once the first one has expired on the database clock', async () => {
        const ttlMs = 300
        const started = performance.now()
        expect(await store.tryAcquireLease('k', 'a', ttlMs)).toBe(true)
        expect(await store.tryAcquireLease('k', 'b', 60_000)).toBe(false)
        let attempts = 1
        while (!(await store.tryAcquireLease('k', 'b', 60_000))) {
          attempts++
          expect(performance.now() - started).toBeLessThan(10_000)
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        expect(performance.now() - started).toBeGreaterThanOrEqual(ttlMs - 50)
        expect(attempts).toBeGreaterThan(1)
        expect(await store.renewLease('k', 'a', 60_000)).toBe(false)
        expect(await store.tryAcquireLease('k', 'a', 60_000)).toBe(false)
      })

      it('lets exactly one of concurrent contenders take a free lease', async () => {
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => store.tryAcquireLease('k', `worker-${i}`, 60_000)),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
      })
    })

    describe('token buckets', () => {
      const slow = { capacity: 5, perSecond: 0.001 }

      it('grants up to the capacity, then nothing with the wait until the next token', async () => {
        expect(await store.takeTokens('codat', 3, slow)).toEqual({ granted: 3, waitMs: 0, blocked: false })
        expect(await store.takeTokens('codat', 3, slow)).toEqual({ granted: 2, waitMs: 0, blocked: false })
        const empty = await store.takeTokens('codat', 1, slow)
        expect(empty.granted).toBe(0)
        expect(empty.blocked).toBe(false)
        // one token at 0.001/s: about 1000 s away
        expect(empty.waitMs).toBeGreaterThan(900_000)
        expect(await store.takeTokens('other', 1, slow)).toEqual({ granted: 1, waitMs: 0, blocked: false })
      })

      it('refills at its rate on the database clock', async () => {
        const fast = { capacity: 2, perSecond: 20 }
        expect((await store.takeTokens('k', 2, fast)).granted).toBe(2)
        const started = performance.now()
        let granted = 0
        while (granted === 0) {
          const taken = await store.takeTokens('k', 1, fast)
          granted = taken.granted
          if (granted === 0) await new Promise((resolve) => setTimeout(resolve, taken.waitMs))
        }
        expect(performance.now() - started).toBeGreaterThanOrEqual(30)
      })

      it('grants tokens due within the reserve horizon ahead, with the wait before they may be spent', async () => {
        const ahead = { capacity: 2, perSecond: 10, reserveMs: 1000 }
        expect(await store.takeTokens('r', 2, ahead)).toEqual({ granted: 2, waitMs: 0, blocked: false })
        const first = await store.takeTokens('r', 5, ahead)
        expect(first.granted).toBe(5)
        // 5 tokens at 10/s: 500 ms from the first take, less what refilled since (a slow database)
        expect(first.waitMs).toBeGreaterThan(100)
        expect(first.waitMs).toBeLessThanOrEqual(500)
        // The next taker queues behind: only what is due within its horizon, later.
        const second = await store.takeTokens('r', 20, ahead)
        expect(second.granted).toBeGreaterThanOrEqual(4)
        expect(second.granted).toBeLessThanOrEqual(6)
        expect(second.waitMs).toBeGreaterThan(900)
      })

      it('never grants more than the capacity to concurrent takers', async () => {
        const taken = await Promise.all(Array.from({ length: 12 }, () => store.takeTokens('k', 1, slow)))
        expect(taken.reduce((sum, t) => sum + t.granted, 0)).toBe(5)
      })

      it('grants nothing while blocked, says how long, and keeps the longer of two blocks', async () => {
        await store.blockTokens('k', 60_000)
        await store.blockTokens('k', 10)
        const blocked = await store.takeTokens('k', 1, slow)
        expect(blocked.granted).toBe(0)
        expect(blocked.blocked).toBe(true)
        expect(blocked.waitMs).toBeGreaterThan(50_000)
        expect(blocked.waitMs).toBeLessThanOrEqual(60_000)
        await store.blockTokens('short', 0)
        expect((await store.takeTokens('short', 1, slow)).granted).toBe(0)
        expect(await store.takeTokens('free', 1, slow)).toEqual({ granted: 1, waitMs: 0, blocked: false })
      })
    })

    describe('health', () => {
      it('answers a ping, and closes once however often close is called', async () => {
        await expect(store.ping()).resolves.toBeUndefined()
        await Promise.all([store.close(), store.close()])
        await expect(store.close()).resolves.toBeUndefined()
        await expect(store.ping()).rejects.toThrow()
      })
    })
  })
  dueContract(name, open)
  rowsContract(name, open)
}
