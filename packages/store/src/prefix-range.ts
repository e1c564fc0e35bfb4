import { type RawBuilder, sql } from 'kysely'

/**
 * `column` starts with `prefix`, written so that a byte-order ("C") index on the column carries it
 * as a range (`prefix <= column < next(prefix)`, migration 0006 for stream names): the column's own
 * collation may be the database's (often en_US, where punctuation sorts loosely), so `starts_with`
 * stays to keep the match exact. A prefix ending past ASCII is matched by `starts_with` alone.
 *
 * @example
 * sql`select stream from store_streams s where ${underPrefix(sql`s.stream`, 'webhook:')}`
 */
export function underPrefix(column: RawBuilder<unknown>, prefix: string): RawBuilder<boolean> {
  const starts = sql<boolean>`starts_with(${column}, ${prefix})`
  const last = prefix.charCodeAt(prefix.length - 1)
  if (prefix === '' || last >= 0x7f) return starts
  const next = prefix.slice(0, -1) + String.fromCharCode(last + 1)
  return sql<boolean>`(${starts} and (${column} collate "C") >= ${prefix} and (${column} collate "C") < ${next})`
}
