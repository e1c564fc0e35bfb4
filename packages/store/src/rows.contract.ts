import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoreFixture } from './due.contract.js'
import { UniqueKeyConflictError, WrongExpectedVersionError } from './errors.js'
import type { EventStore, StreamRow } from './event-store.js'

const row = (key: string, sort: string, data: unknown = { key }): StreamRow => ({ key, sort, data })
const keys = (rows: readonly StreamRow[]) => rows.map((r) => r.key)

/**
 * Read-model rows' contract (`appendToStream`'s `rows`, `beside` and `markDue`, `putRows`, `readRows`,
 * `pageRows`), for a store factory like `eventStoreContract`'s.
 *
 * @example
 * rowsContract('pglite', async () => { const store = await createEventStore({ kind: 'pglite' }); return { store, dispose: () => store.close() } })
 */
export function rowsContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`stream rows on ${name}`, () => {
    let fixture: StoreFixture
    let store: EventStore
    beforeEach(async () => {
      fixture = await open()
      store = fixture.store
    })
    afterEach(async () => {
      await fixture.dispose()
    })

    it('writes the rows of an append with its events, and upserts them by key', async () => {
      await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 1 }], {
        rows: [row('b', '2', { amount: '1.10' }), row('a', '1')],
      })
      await store.appendToStream('s', 1, [{ type: 'E', data: 2 }], {
        rows: [row('b', '3', { amount: '2.20' })],
      })
      const read = await store.readRows('s', ['a', 'b', 'missing'])
      expect(read.sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual([
        row('a', '1'),
        row('b', '3', { amount: '2.20' }),
      ])
      expect(await store.readRows('other', ['a'])).toEqual([])
    })

    it('writes no row (and no wake) when the append is refused', async () => {
      await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 1, uniqueKey: 'k' }])
      await expect(
        store.appendToStream('s', 0, [{ type: 'E', data: 2 }], { rows: [row('x', '1')], markDue: true }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError)
      await expect(
        store.appendToStream('s', 1, [{ type: 'E', data: 3, uniqueKey: 'k' }], {
          rows: [row('y', '1')],
          markDue: true,
        }),
      ).rejects.toBeInstanceOf(UniqueKeyConflictError)
      expect(await store.readRows('s', ['x', 'y'])).toEqual([])
      expect(await store.readDue('s')).toEqual({ key: 's', wake: '0', streak: 0 })
    })

    it('writes rows beside another stream in the append, and neither when the append is refused', async () => {
      await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 1, uniqueKey: 'k' }], {
        rows: [row('own', '1')],
        beside: [
          { stream: 's:ops', rows: [row('b1', '2026-12-01', { status: 'succeeded' })] },
          { stream: 'u', rows: [row('u1', '1')] },
        ],
      })
      expect(await store.readRows('s:ops', ['b1'])).toEqual([
        row('b1', '2026-12-01', { status: 'succeeded' }),
      ])
      expect(await store.readRows('u', ['u1'])).toEqual([row('u1', '1')])
      // Only rows: the other stream got no events, and the appended stream no row of the other's.
      expect(await store.readStream('s:ops')).toEqual([])
      expect(await store.readRows('s', ['b1', 'u1'])).toEqual([])
      expect(await store.readRows('s:ops', ['own'])).toEqual([])

      const refused = [
        () =>
          store.appendToStream('s', 0, [{ type: 'E', data: 2 }], {
            rows: [row('x', '1')],
            beside: [{ stream: 's:ops', rows: [row('b2', '2')] }],
          }),
        () =>
          store.appendToStream('s', 1, [{ type: 'E', data: 3, uniqueKey: 'k' }], {
            rows: [row('y', '1')],
            beside: [{ stream: 's:ops', rows: [row('b3', '3')] }],
          }),
        // A bad row beside the other stream refuses the whole append: its events too.
        () =>
          store.appendToStream('s', 1, [{ type: 'E', data: 4 }], {
            rows: [row('z', '1')],
            beside: [{ stream: 's:ops', rows: [row('b4', '4'), row('', '5')] }],
          }),
      ]
      await expect(refused[0]?.()).rejects.toBeInstanceOf(WrongExpectedVersionError)
      await expect(refused[1]?.()).rejects.toBeInstanceOf(UniqueKeyConflictError)
      await expect(refused[2]?.()).rejects.toBeInstanceOf(TypeError)
      expect(await store.readRows('s', ['x', 'y', 'z'])).toEqual([])
      expect(await store.readRows('s:ops', ['b2', 'b3', 'b4'])).toEqual([])
      expect((await store.readStream('s')).length).toBe(1)

      // An upsert by key, as `rows` are.
      await store.appendToStream('s', 1, [{ type: 'E', data: 5 }], {
        beside: [{ stream: 's:ops', rows: [row('b1', '2026-12-01', { status: 'failed' })] }],
      })
      expect(await store.pageRows('s:ops', { order: 'sort', offset: 0, limit: 10 })).toEqual([
        row('b1', '2026-12-01', { status: 'failed' }),
      ])
    })

    it('makes the stream due in the append when asked, as markDue does', async () => {
      await store.appendToStream('s', 'no_stream', [{ type: 'E', data: 1 }], { markDue: true })
      expect((await store.readDue('s')).wake).toBe('1')
      const [claimed] = await store.claimDue({
        owner: 'w',
        now: '2026-12-02T10:00:00Z',
        limit: 5,
        claimTtlMs: 60_000,
      })
      expect(claimed?.key).toBe('s')
      await store.appendToStream('t', 'no_stream', [{ type: 'E', data: 1 }])
      expect((await store.readDue('t')).wake).toBe('0')
    })

    it('pages by sort then key, or by key, in byte order, both ways', async () => {
      // Byte order: upper case before lower case, '-' before digits: not what a locale collation gives.
      const all = [
        row('b', '2026-12-01|2'),
        row('a', '2026-12-01|2'),
        row('Z', '2026-11-30|9'),
        row('c-1', '2026-12-02|0'),
      ]
      await store.putRows('s', all)
      await store.putRows('other', [row('0', '0')])
      expect(keys(await store.pageRows('s', { order: 'sort', offset: 0, limit: 10 }))).toEqual([
        'Z',
        'a',
        'b',
        'c-1',
      ])
      expect(
        keys(await store.pageRows('s', { order: 'sort', descending: true, offset: 1, limit: 2 })),
      ).toEqual(['b', 'a'])
      expect(keys(await store.pageRows('s', { order: 'key', offset: 0, limit: 10 }))).toEqual([
        'Z',
        'a',
        'b',
        'c-1',
      ])
      expect(
        keys(await store.pageRows('s', { order: 'key', descending: true, offset: 3, limit: 5 })),
      ).toEqual(['Z'])
      expect(await store.pageRows('s', { order: 'key', offset: 4, limit: 5 })).toEqual([])
      expect(await store.pageRows('s', { order: 'key', offset: 0, limit: 0 })).toEqual([])
    })

    it('refuses a row without a key and a bad page before touching the database', async () => {
      await expect(store.putRows('s', [row('', '1')])).rejects.toBeInstanceOf(TypeError)
      await expect(store.pageRows('s', { order: 'key', offset: -1, limit: 1 })).rejects.toBeInstanceOf(
        RangeError,
      )
      await expect(store.pageRows('s', { order: 'key', offset: 0, limit: 1.5 })).rejects.toBeInstanceOf(
        RangeError,
      )
      expect(await store.pageRows('s', { order: 'key', offset: 0, limit: 5 })).toEqual([])
    })
  })
}
