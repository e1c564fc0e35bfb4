import { mkdir } from 'node:fs/promises'
import type { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { EventStore } from './event-store.js'
import { KyselyEventStore } from './kysely-event-store.js'
import { migrateToLatest } from './migrations.js'
import type { StoreDatabase } from './schema.js'

/**
 * A Postgres server reached through `pg`.
 *
 * @example
 * await createEventStore({ kind: 'postgres', url: process.env.DATABASE_URL ?? '', poolSize: 20 })
 */
export interface PostgresStoreOptions {
  readonly kind: 'postgres'
  /** A `postgres://` connection string. */
  readonly url: string
  /** Connections in the pool; default 10. */
  readonly poolSize?: number
  /**
   * Put the store's tables in this (existing) schema, by setting `search_path` on every connection.
   * Lower-case letters, digits and `_`. Default: the server's default search path.
   */
  readonly schema?: string
  /** Called with errors of idle pooled connections (which are then discarded); default: ignored. */
  readonly onPoolError?: (error: Error) => void
}

/**
 * The embedded PGlite database (Postgres 17 in WebAssembly, in this process). It runs with fsync
 * off: fine for trying things out and for tests, not for data that matters.
 *
 * @example
 * await createEventStore({ kind: 'pglite' })                        // in memory
 * await createEventStore({ kind: 'pglite', dataDir: './.data/db' }) // on disk
 */
export interface PgliteStoreOptions {
  readonly kind: 'pglite'
  /** Directory of the database files (created if missing); in memory when absent. */
  readonly dataDir?: string
  /**
   * Start from this copy of a data directory (a PGlite `dumpDataDir()` tarball) instead of an empty
   * database. (In-memory stores without it already start from a copy of an empty database made once
   * per process, which is about three times faster than an initdb.)
   */
  readonly loadDataDir?: Blob
}

/** @example const options: EventStoreOptions = { kind: 'pglite' } */
export type EventStoreOptions = PostgresStoreOptions | PgliteStoreOptions

/**
 * A gzipped copy of a fresh data directory, made by the first in-memory PGlite of the process: every
 * later in-memory store loads it instead of running initdb (about 0.7 s instead of 2 s; ~4 MB kept).
 */
let emptyDataDir: Promise<Blob> | undefined

/**
 * PGlite (~80 MB resident once loaded) and its kysely dialect are imported only when a PGlite store is
 * opened, so a Postgres-backed process never loads them.
 */
async function openPglite(options: PgliteStoreOptions): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite')
  if (options.dataDir !== undefined || options.loadDataDir !== undefined) {
    if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true })
    const pglite = new PGlite({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    })
    await pglite.waitReady
    return pglite
  }
  if (emptyDataDir === undefined) {
    const pglite = new PGlite()
    const template = pglite.waitReady.then(() => pglite.dumpDataDir('gzip'))
    emptyDataDir = template
    try {
      await template
    } catch (error) {
      emptyDataDir = undefined
      await pglite.close().catch(() => {})
      throw error
    }
    return pglite
  }
  const pglite = new PGlite({ loadDataDir: await emptyDataDir })
  await pglite.waitReady
  return pglite
}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/

async function openDatabase(options: EventStoreOptions): Promise<Kysely<StoreDatabase>> {
  if (options.kind === 'pglite') {
    const pglite = await openPglite(options)
    const { PGliteDialect } = await import('kysely-pglite-dialect')
    return new Kysely<StoreDatabase>({ dialect: new PGliteDialect(pglite) })
  }
  if (options.schema !== undefined && !schemaName.test(options.schema)) {
    throw new RangeError(`schema must match ${schemaName}, got ${JSON.stringify(options.schema)}`)
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  })
  pool.on('error', options.onPoolError ?? (() => {}))
  return new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) })
}

/**
 * Opens the store and runs its migrations (kysely's `Migrator` with in-code migrations; safe when
 * several processes start at once): when the promise resolves, the schema is up to date and the
 * store is ready. Close it with `store.close()`.
 *
 * @example
 * const store = await createEventStore(
 *   process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite', dataDir: '.data/db' },
 * )
 */
export async function createEventStore(options: EventStoreOptions): Promise<EventStore> {
  const db = await openDatabase(options)
  try {
    await migrateToLatest(db as Kysely<unknown>, options.kind === 'postgres' ? options.schema : undefined)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return new KyselyEventStore(db)
}
