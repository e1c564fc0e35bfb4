import { type Kysely, sql } from 'kysely'
import type { ReadStreamOptions, StoredEvent } from './event-store.js'
import type { StoreDatabase } from './schema.js'
import { type StoredEventRow, storedEventColumns, toStoredEvent } from './stored-event-row.js'

export async function readStream(
  db: Kysely<StoreDatabase>,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<StoredEvent[]> {
  const fromVersion = options.fromVersion ?? 1
  const maxCount = options.maxCount
  if (!Number.isSafeInteger(fromVersion)) throw new RangeError('fromVersion must be an integer')
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError('maxCount must be an integer >= 0')
  }
  const limit = maxCount === undefined ? sql`` : sql`limit ${maxCount}`
  const result = await sql<StoredEventRow>`
    select ${storedEventColumns} from store_events
    where stream = ${stream} and version >= ${fromVersion}
    order by store_events.version ${limit}`.execute(db)
  return result.rows.map(toStoredEvent)
}
