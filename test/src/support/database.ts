import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEventStore, type EventStore } from '@feedsync/store'
import pg from 'pg'

/** Which database a whole-system test runs on. */
export type DatabaseKind = 'pglite' | 'postgres'

/**
 * A database for one test file: on Postgres a fresh `<db>_<random>` database created through the admin
 * URL (`TEST_DATABASE_URL`) and dropped by `dispose`; on PGlite a fresh directory (server processes open
 * it as their data directory) or an in-memory store.
 */
export interface TestDatabase {
  readonly kind: DatabaseKind
  /** Postgres: the URL of the fresh database. */
  readonly url?: string
  /** PGlite: a fresh directory a server process may use as `FEEDSYNC_DATA_DIR` (files under `db/`). */
  readonly dataDir?: string
  /** Environment for a server process using this database. */
  readonly env: Record<string, string>
  /** Opens a store on it (PGlite: on `dataDir`, so only one holder at a time). */
  openStore(): Promise<EventStore>
  dispose(): Promise<void>
}

/** `TEST_DATABASE_URL`, when set and not empty. */
export function postgresAdminUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim()
  return url === undefined || url === '' ? undefined : url
}

/** The kinds the whole-system tests run on here: PGlite always, Postgres when `TEST_DATABASE_URL` is set. */
export function databaseKinds(): DatabaseKind[] {
  return postgresAdminUrl() === undefined ? ['pglite'] : ['pglite', 'postgres']
}

function withDatabase(adminUrl: string, database: string): string {
  const u = new URL(adminUrl)
  u.pathname = `/${database}`
  return u.toString()
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Creates a fresh Postgres database next to the admin URL's one; `dispose` drops it. */
export async function createPostgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const base = decodeURIComponent(new URL(adminUrl).pathname.slice(1)) || 'postgres'
  const name = `${base}_${randomBytes(6).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  await adminQuery(adminUrl, `create database "${name}"`)
  const url = withDatabase(adminUrl, name)
  return {
    kind: 'postgres',
    url,
    env: { DATABASE_URL: url },
    openStore: () => createEventStore({ kind: 'postgres', url }),
    async dispose() {
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`)
    },
  }
}

/** A fresh PGlite directory under the system's temp directory; `dispose` removes it. */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'feedsync-e2e-'))
  return {
    kind: 'pglite',
    dataDir: dir,
    env: { FEEDSYNC_DATA_DIR: dir },
    // The server keeps its PGlite files in `<FEEDSYNC_DATA_DIR>/db` (apps/server/src/main.ts).
    openStore: () => createEventStore({ kind: 'pglite', dataDir: join(dir, 'db') }),
    async dispose() {
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A fresh database of the given kind (Postgres needs `TEST_DATABASE_URL`). */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return createPgliteDatabase()
  const admin = postgresAdminUrl()
  if (admin === undefined) throw new Error('a Postgres test database needs TEST_DATABASE_URL')
  return createPostgresDatabase(admin)
}
