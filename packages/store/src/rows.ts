import { type Kysely, sql } from 'kysely'
import type { PageRowsOptions, StreamRow } from './event-store.js'
import type { StoreDatabase } from './schema.js'

/** Checks the rows (a key and a sort text each) and answers them as ONE JSON array parameter. */
function rowsJson(rows: readonly StreamRow[]): string {
  for (const r of rows) {
    if (typeof r.key !== 'string' || r.key === '') throw new TypeError('a row key must be a non-empty string')
    if (typeof r.sort !== 'string') throw new TypeError('a row sort must be a string')
  }
  return JSON.stringify(rows.map((r) => ({ key: r.key, sort: r.sort, data: r.data ?? null })))
}

/**
 * Upserts `rows` beside `stream` in one statement (`db` may be a transaction: the append's). A row
 * given twice in one call keeps the last.
 */
export async function writeRows(
  db: Kysely<StoreDatabase>,
  stream: string,
  rows: readonly StreamRow[],
): Promise<void> {
  if (rows.length === 0) return
  const last = new Map<string, StreamRow>()
  for (const r of rows) last.set(r.key, r)
  await sql`
    insert into store_rows (stream, key, sort, data)
    select ${stream}, u.key, u.sort, coalesce(u.data, 'null'::json)
    from json_to_recordset(${rowsJson([...last.values()])}::json) as u(key text, sort text, data json)
    on conflict (stream, key) do update set sort = excluded.sort, data = excluded.data`.execute(db)
}

/** The rows of `stream` with these keys (in no particular order; absent keys are left out). */
export async function readRows(
  db: Kysely<StoreDatabase>,
  stream: string,
  keys: readonly string[],
): Promise<StreamRow[]> {
  if (keys.length === 0) return []
  const result = await sql<StreamRow>`
    select key, sort, data from store_rows where stream = ${stream} and key = any(${[...keys]}::text[])`.execute(
    db,
  )
  return result.rows
}

function checkCount(name: string, n: number, min: number): void {
  if (!Number.isSafeInteger(n) || n < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got ${n}`)
}

/**
 * A page of `stream`'s rows in byte order of `sort` (then key) or of key, from `offset`, at most
 * `limit`: one index range scan.
 */
export async function pageRows(
  db: Kysely<StoreDatabase>,
  stream: string,
  options: PageRowsOptions,
): Promise<StreamRow[]> {
  checkCount('offset', options.offset, 0)
  checkCount('limit', options.limit, 0)
  if (options.limit === 0) return []
  const dir = options.descending === true ? sql`desc` : sql`asc`
  const order =
    options.order === 'key'
      ? sql`(key collate "C") ${dir}`
      : sql`(sort collate "C") ${dir}, (key collate "C") ${dir}`
  const result = await sql<StreamRow>`
    select key, sort, data from store_rows where stream = ${stream}
    order by ${order} limit ${options.limit} offset ${options.offset}`.execute(db)
  return result.rows
}
