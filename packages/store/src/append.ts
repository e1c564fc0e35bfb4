import { type Kysely, sql } from 'kysely'
import { violatedUniqueConstraint } from './db-errors.js'
import { UniqueKeyConflictError, WrongExpectedVersionError } from './errors.js'
import type { AppendResult, ExpectedVersion, NewEvent } from './event-store.js'
import type { StoreDatabase } from './schema.js'

interface Columns {
  types: string[]
  data: string[]
  metadata: string[]
  uniqueKeys: (string | null)[]
  keys: string[]
}

function toColumns(events: readonly NewEvent[]): Columns {
  const columns: Columns = { types: [], data: [], metadata: [], uniqueKeys: [], keys: [] }
  for (const event of events) {
    if (typeof event.type !== 'string' || event.type === '')
      throw new TypeError('event type must be a non-empty string')
    columns.types.push(event.type)
    columns.data.push(JSON.stringify(event.data) ?? 'null')
    columns.metadata.push(JSON.stringify(event.metadata ?? {}))
    columns.uniqueKeys.push(event.uniqueKey ?? null)
    if (event.uniqueKey !== undefined) columns.keys.push(event.uniqueKey)
  }
  return columns
}

function repeated(keys: readonly string[]): string[] {
  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const key of keys) (seen.has(key) ? twice : seen).add(key)
  return [...twice]
}

function matches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true
  if (expected === 'no_stream') return actual === 0
  return expected === actual
}

function checkExpected(expected: ExpectedVersion): void {
  if (expected === 'any' || expected === 'no_stream') return
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(`expected version must be 'any', 'no_stream' or an integer >= 0, got ${expected}`)
  }
}

/**
 * The append, in one transaction:
 * 1. a transaction-scoped advisory lock on the stream name serialises appends to one stream. It is
 *    taken BEFORE the transaction gets an id (advisory locks do not assign one), so a later append to
 *    the same stream always gets a larger transaction id: `readAll`'s order agrees with versions;
 * 2. one statement reads the current version and the clashing unique keys (after the lock, so exact);
 * 3. one statement inserts the whole batch (`INSERT ... SELECT FROM unnest(...)`) and moves the
 *    stream's version. The unique index on (stream, version) backs the check should anything bypass
 *    the lock.
 */
export async function appendToStream(
  db: Kysely<StoreDatabase>,
  stream: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  checkExpected(expectedVersion)
  const columns = toColumns(events)
  const twice = repeated(columns.keys)
  if (twice.length > 0) throw new UniqueKeyConflictError(stream, twice.sort())

  try {
    return await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${stream}::text, 0))`.execute(trx)
      const clashesQuery =
        columns.keys.length === 0
          ? sql`'{}'::text[]`
          : sql`array(select unique_key from store_events
              where stream = ${stream} and unique_key = any(${columns.keys}::text[]))`
      const current = await sql<{ version: number | null; clashes: string[] }>`
        select (select version from store_streams where stream = ${stream}) as version,
          ${clashesQuery} as clashes`.execute(trx)
      const row = current.rows[0]
      const actual = row?.version ?? 0
      if (!matches(expectedVersion, actual))
        throw new WrongExpectedVersionError(stream, expectedVersion, actual)
      const clashes = row?.clashes ?? []
      if (clashes.length > 0) throw new UniqueKeyConflictError(stream, [...new Set(clashes)].sort())
      if (events.length === 0) return { nextExpectedVersion: actual, positions: [] }

      const next = actual + events.length
      const inserted = await sql<{ transaction_id: string; global_position: string }>`
        with inserted as (
          insert into store_events (stream, version, type, data, metadata, unique_key)
          select ${stream}, ${actual}::integer + u.n::integer, u.type, u.data::jsonb, u.metadata::jsonb, u.unique_key
          from unnest(${columns.types}::text[], ${columns.data}::text[], ${columns.metadata}::text[],
            ${columns.uniqueKeys}::text[]) with ordinality as u(type, data, metadata, unique_key, n)
          order by u.n
          returning version, global_position, transaction_id
        ), moved as (
          insert into store_streams (stream, version) values (${stream}, ${next}::integer)
          on conflict (stream) do update set version = excluded.version
        )
        select transaction_id::text as transaction_id, global_position::text as global_position
        from inserted order by version`.execute(trx)
      return {
        nextExpectedVersion: next,
        positions: inserted.rows.map((r) => ({
          transactionId: r.transaction_id,
          globalPosition: r.global_position,
        })),
      }
    })
  } catch (error) {
    const constraint = violatedUniqueConstraint(error)
    if (constraint === 'store_events_stream_version_key') {
      const current = await db
        .selectFrom('store_streams')
        .select('version')
        .where('stream', '=', stream)
        .executeTakeFirst()
      throw new WrongExpectedVersionError(stream, expectedVersion, current?.version ?? 0)
    }
    if (constraint === 'store_events_stream_unique_key_key') {
      throw new UniqueKeyConflictError(stream, [...new Set(columns.keys)].sort())
    }
    throw error
  }
}
