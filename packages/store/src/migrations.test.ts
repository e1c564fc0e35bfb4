import { PGlite } from '@electric-sql/pglite'
import { Kysely, Migrator, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { describe, expect, it } from 'vitest'
import { UniqueKeyConflictError } from './errors.js'
import { KyselyEventStore } from './kysely-event-store.js'
import { migrateToLatest, migrations } from './migrations.js'
import type { StoreDatabase } from './schema.js'

describe('migrations', () => {
  it('bring a store written by the first migration up to date: its events, keys and snapshots kept', async () => {
    const pglite = new PGlite()
    const db = new Kysely<StoreDatabase>({ dialect: new PGliteDialect(pglite) })
    try {
      const initial = migrations['0001-event-store']
      if (initial === undefined) throw new Error('migration 0001 is missing')
      const first = new Migrator({
        db,
        provider: { getMigrations: async () => ({ '0001-event-store': initial }) },
        migrationTableName: 'store_migration',
        migrationLockTableName: 'store_migration_lock',
      })
      expect((await first.migrateToLatest()).error).toBeUndefined()
      // Rows as the first schema's append wrote them: jsonb payloads, the key in its own column.
      await sql`
        insert into store_events (stream, version, type, data, metadata, unique_key) values
          ('a', 1, 'TransactionRecorded', '{"transactionId":"t1","amount":"-12.30","note":"\\"quoted\\" é"}', '{"requestId":"r1"}', 'txn:t1'),
          ('a', 2, 'BatchPlanned', '{"lines":[1,2]}', '{}', null)`.execute(db)
      await sql`insert into store_streams (stream, version) values ('a', 2)`.execute(db)
      await sql`insert into store_snapshots (stream, version, state) values ('a', 2, '{"schema":1,"n":[1]}')`.execute(
        db,
      )

      await migrateToLatest(db as Kysely<unknown>)
      const store = new KyselyEventStore(db)
      const events = await store.readStream('a')
      expect(events.map((e) => [e.version, e.type, e.data, e.metadata])).toEqual([
        [
          1,
          'TransactionRecorded',
          { transactionId: 't1', amount: '-12.30', note: '"quoted" é' },
          { requestId: 'r1' },
        ],
        [2, 'BatchPlanned', { lines: [1, 2] }, {}],
      ])
      expect(await store.loadSnapshot('a')).toEqual({ version: 2, state: { schema: 1, n: [1] } })
      // The key recorded under the first schema still guards the stream.
      await expect(
        store.appendToStream('a', 2, [
          { type: 'TransactionsRecorded', data: {}, uniqueKey: ['txn:t2', 'txn:t1'] },
        ]),
      ).rejects.toBeInstanceOf(UniqueKeyConflictError)
      await store.appendToStream('a', 2, [{ type: 'TransactionsRecorded', data: {}, uniqueKey: ['txn:t2'] }])
      expect((await store.readStream('a')).map((e) => e.version)).toEqual([1, 2, 3])
    } finally {
      await db.destroy()
    }
  })
})
