import { sql } from 'kysely'
import type { StoredEvent } from './event-store.js'

/** A `store_events` row as selected by `storedEventColumns`. */
export interface StoredEventRow {
  stream: string
  version: number
  global_position: string
  transaction_id: string
  type: string
  data: unknown
  metadata: Record<string, unknown>
  recorded_at: Date | string
}

/**
 * The select list that yields a `StoredEventRow` (bigints as text, to keep them exact). Its aliases
 * shadow the columns in ORDER BY: order by `store_events.<column>` to sort by the real types.
 */
export const storedEventColumns = sql`stream, version, global_position::text as global_position,
  transaction_id::text as transaction_id, type, data, metadata, recorded_at`

export function toStoredEvent(row: StoredEventRow): StoredEvent {
  return {
    stream: row.stream,
    version: row.version,
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
  }
}
