import { type Kysely, sql } from 'kysely'
import { violatedUniqueConstraint } from './db-errors.js'
import { markDue } from './due.js'
import { UniqueKeyConflictError, WrongExpectedVersionError } from './errors.js'
import type { AppendOptions, AppendResult, ExpectedVersion, NewEvent } from './event-store.js'
import { writeRows } from './rows.js'
import type { StoreDatabase } from './schema.js'

/** Checks each event's type; answers every unique key of the batch, in order (an event may carry several). */
function keysOf(events: readonly NewEvent[]): string[] {
  const keys: string[] = []
  for (const event of events) {
    if (typeof event.type !== 'string' || event.type === '')
      throw new TypeError('event type must be a non-empty string')
    const key = event.uniqueKey
    if (typeof key === 'string') keys.push(key)
    else if (key !== undefined) for (const k of key) keys.push(k)
  }
  return keys
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

/** The version condition of the insert, in SQL (the current version is `cur.version`). */
function versionMatches(expected: ExpectedVersion) {
  if (expected === 'any') return sql`true`
  return sql`cur.version = ${expected === 'no_stream' ? 0 : expected}::integer`
}

/**
 * The rows to insert, numbered from the current version (`ok.version`): ONE event goes as plain
 * parameters (Postgres only checks its JSON text), several as ONE JSON array through
 * `json_to_recordset` (one parameter, no array-literal escaping).
 */
function inserts(stream: string, events: readonly NewEvent[]) {
  const only = events.length === 1 ? events[0] : undefined
  if (only !== undefined) {
    return sql`select ${stream}, ok.version + 1, ${only.type}, ${JSON.stringify(only.data ?? null)}::json,
      ${JSON.stringify(only.metadata ?? {})}::json from ok`
  }
  const json = JSON.stringify(
    events.map((e) => ({ type: e.type, data: e.data ?? null, metadata: e.metadata })),
  )
  return sql`select ${stream}, ok.version + u.n::integer, u.type, coalesce(u.data, 'null'::json),
      coalesce(u.metadata, '{}'::json)
    from ok, rows from (json_to_recordset(${json}::json)
      as (type text, data json, metadata json)) with ordinality as u(type, data, metadata, n)
    order by u.n`
}

/** Which of `keys` the stream already holds (sorted, each once). */
async function clashingKeys(
  db: Kysely<StoreDatabase>,
  stream: string,
  keys: readonly string[],
): Promise<string[]> {
  const rows = await sql<{ unique_key: string }>`
    select unique_key from store_unique_keys
    where stream = ${stream} and unique_key = any(${keys}::text[])`.execute(db)
  return rows.rows.map((r) => r.unique_key).sort()
}

/**
 * The append, in one transaction of two statements:
 * 1. a transaction-scoped advisory lock on the stream name serialises appends to one stream. It is
 *    taken BEFORE the transaction gets an id (advisory locks do not assign one), so a later append to
 *    the same stream always gets a larger transaction id: `readAll`'s order agrees with versions;
 * 2. ONE statement (its snapshot is taken after the lock, so it reads the exact current version)
 *    reads the stream's version, inserts the whole batch (see `inserts`) only
 *    when that version is the expected one, and moves the stream's version; it answers the version it
 *    found and the inserted rows' positions (none on a mismatch: a `WrongExpectedVersionError`).
 *    The uniqueness guard is the primary key of `store_unique_keys` (stream, unique_key), filled by
 *    the same statement: a clash aborts it (nothing is written) and the clashing keys are then read
 *    for the `UniqueKeyConflictError`. The
 *    unique index on (stream, version) backs the version check should anything bypass the lock.
 */
export async function appendToStream(
  db: Kysely<StoreDatabase>,
  stream: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  checkExpected(expectedVersion)
  const keys = keysOf(events)
  const twice = repeated(keys)
  if (twice.length > 0) throw new UniqueKeyConflictError(stream, twice.sort())

  try {
    return await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${stream}::text, 0))`.execute(trx)
      if (events.length === 0) {
        const current = await trx
          .selectFrom('store_streams')
          .select('version')
          .where('stream', '=', stream)
          .executeTakeFirst()
        const actual = current?.version ?? 0
        if (!matches(expectedVersion, actual))
          throw new WrongExpectedVersionError(stream, expectedVersion, actual)
        return { nextExpectedVersion: actual, positions: [] }
      }
      const result = await sql<{
        current: number
        transaction_id: string | null
        global_position: string | null
      }>`
        with cur as (
          select coalesce((select version from store_streams where stream = ${stream}), 0) as version
        ), ok as (
          select cur.version from cur where ${versionMatches(expectedVersion)}
        ), inserted as (
          insert into store_events (stream, version, type, data, metadata)
          ${inserts(stream, events)}
          returning version, global_position, transaction_id
        ), keyed as (
          insert into store_unique_keys (stream, unique_key)
          select ${stream}, k.key from ok, unnest(${keys}::text[]) as k(key)
        ), moved as (
          insert into store_streams (stream, version)
          select ${stream}, ok.version + ${events.length}::integer from ok
          on conflict (stream) do update set version = excluded.version
        )
        select cur.version as current, i.transaction_id::text as transaction_id,
          i.global_position::text as global_position
        from cur left join inserted i on true
        order by i.version`.execute(trx)
      const actual = result.rows[0]?.current ?? 0
      if (!matches(expectedVersion, actual))
        throw new WrongExpectedVersionError(stream, expectedVersion, actual)
      const positions = result.rows.map((r) => ({
        transactionId: r.transaction_id ?? '',
        globalPosition: r.global_position ?? '',
      }))
      if (positions.length !== events.length || positions.some((p) => p.transactionId === ''))
        throw new Error(`append to "${stream}" inserted ${positions.length} of ${events.length} events`)
      // 3. (optional) the read-model rows (its own and other streams') and the wake, in the same
      //    transaction: all or none.
      if (options.rows !== undefined) await writeRows(trx, stream, options.rows)
      for (const b of options.beside ?? []) await writeRows(trx, b.stream, b.rows)
      if (options.markDue === true) await markDue(trx, [stream])
      return { nextExpectedVersion: actual + events.length, positions }
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
    if (constraint === 'store_unique_keys_pkey') {
      const clashes = await clashingKeys(db, stream, keys).catch(() => [])
      throw new UniqueKeyConflictError(stream, clashes.length > 0 ? clashes : [...new Set(keys)].sort())
    }
    throw error
  }
}
