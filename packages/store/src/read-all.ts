import { type Kysely, sql } from 'kysely'
import type { ReadAllOptions, ReadAllResult } from './event-store.js'
import type { StoreDatabase } from './schema.js'
import { type StoredEventRow, storedEventColumns, toStoredEvent } from './stored-event-row.js'

const decimal = /^\d+$/

/**
 * Reads the global log without the gap trap.
 *
 * A sequence number is taken when a row is inserted but becomes visible when its transaction
 * commits, so a reader following `global_position > last` skips a row whose transaction commits
 * after a later-numbered one. Each row therefore records its transaction id (`xid8`), and the log is
 * read in `(transaction_id, global_position)` order, returning only rows of transactions older than
 * the oldest transaction still running (`pg_snapshot_xmin(pg_current_snapshot())`, the statement's
 * own snapshot). Every such transaction has ended, so no row can later appear before the returned
 * position, and transaction ids handed out later are all above the horizon. The cost: a long-running
 * transaction anywhere on the cluster holds the log back (late, never lost).
 */
export async function readAll(db: Kysely<StoreDatabase>, options: ReadAllOptions): Promise<ReadAllResult> {
  const { after, limit } = options
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer')
  if (after !== undefined && !(decimal.test(after.transactionId) && decimal.test(after.globalPosition))) {
    throw new RangeError('position must hold decimal transactionId and globalPosition')
  }
  const from =
    after === undefined
      ? sql``
      : sql`and (transaction_id, global_position) > (${after.transactionId}::xid8, ${after.globalPosition}::bigint)`
  const result = await sql<StoredEventRow>`
    select ${storedEventColumns} from store_events
    where transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ${from}
    order by store_events.transaction_id, store_events.global_position
    limit ${limit}`.execute(db)
  const events = result.rows.map(toStoredEvent)
  const last = events.at(-1)
  return {
    events,
    position:
      last === undefined ? after : { transactionId: last.transactionId, globalPosition: last.globalPosition },
  }
}
