import { type Kysely, sql } from 'kysely'
import type { Snapshot } from './event-store.js'
import type { StoreDatabase } from './schema.js'

/** Keeps one snapshot per stream: the one with the highest version (ties: the latest save). */
export async function saveSnapshot(
  db: Kysely<StoreDatabase>,
  stream: string,
  version: number,
  state: unknown,
): Promise<void> {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError('version must be an integer >= 0')
  const json = JSON.stringify(state) ?? 'null'
  await sql`
    insert into store_snapshots (stream, version, state) values (${stream}, ${version}, ${json}::json)
    on conflict (stream) do update set version = excluded.version, state = excluded.state, saved_at = now()
    where store_snapshots.version <= excluded.version`.execute(db)
}

export async function loadSnapshot(db: Kysely<StoreDatabase>, stream: string): Promise<Snapshot | undefined> {
  const row = await db
    .selectFrom('store_snapshots')
    .select(['version', 'state'])
    .where('stream', '=', stream)
    .executeTakeFirst()
  return row === undefined ? undefined : { version: row.version, state: row.state }
}
