import { type Kysely, sql } from 'kysely'
import type { DueClaim, DueReading, DueSettlement } from './event-store.js'
import { underPrefix } from './prefix-range.js'
import type { StoreDatabase } from './schema.js'

function checkTtl(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > 2_147_483_647) {
    throw new RangeError('claimTtlMs must be an integer from 1 to 2147483647')
  }
}

function checkInstant(iso: string): void {
  if (Number.isNaN(Date.parse(iso))) throw new RangeError(`not an instant: ${JSON.stringify(iso)}`)
}

/** Due at once: `due_at` -infinity (before any instant), `wake` counted up; `woken_at` keeps the first wake's time (FIFO). */
export async function markDue(db: Kysely<StoreDatabase>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return
  await sql`
    insert into store_due (key, due_at, wake)
    select k, '-infinity'::timestamptz, 1 from unnest(${keys}::text[]) as k
    on conflict (key) do update set
      due_at = '-infinity'::timestamptz,
      wake = store_due.wake + 1,
      woken_at = case when store_due.due_at = '-infinity'::timestamptz then store_due.woken_at else now() end`.execute(
    db,
  )
}

/**
 * At start: every stream under `prefix` with no row yet (streams from before due work), and every
 * one whose version moved past the version its last settle was derived from (a wake lost in a
 * crash), is due at once. Returns how many keys it made due.
 */
export async function markMovedDue(db: Kysely<StoreDatabase>, prefix: string): Promise<number> {
  // The streams under `prefix` as a range of the byte-order index (migration 0006), not a scan of all.
  const inRange = underPrefix(sql`s.stream`, prefix)
  const missing = await sql<{ key: string }>`
    insert into store_due (key, due_at, wake)
    select s.stream, '-infinity'::timestamptz, 1 from store_streams s where ${inRange}
    on conflict (key) do nothing
    returning key`.execute(db)
  const moved = await sql<{ key: string }>`
    update store_due d set due_at = '-infinity'::timestamptz, wake = d.wake + 1, woken_at = now()
    from store_streams s
    where s.stream = d.key and ${inRange} and s.version > d.settled_version
      and (d.due_at is null or d.due_at > '-infinity'::timestamptz)
    returning d.key`.execute(db)
  return missing.rows.length + moved.rows.length
}

/**
 * Claims up to `limit` keys due at `now` (an instant of the caller's clock) that no unexpired claim
 * holds, oldest due first, for `owner` until `claimTtlMs` of the DATABASE's clock from now. Rows
 * another claimer is taking at the same moment are skipped (`for update skip locked`), and a claimed
 * row is out of every other claim until it is settled or its claim expires.
 */
export async function claimDue(
  db: Kysely<StoreDatabase>,
  options: {
    readonly owner: string
    readonly now: string
    readonly limit: number
    readonly claimTtlMs: number
    readonly prefix?: string
  },
): Promise<DueClaim[]> {
  const { owner, now, limit, claimTtlMs, prefix = '' } = options
  checkTtl(claimTtlMs)
  checkInstant(now)
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer')
  const result = await sql<{ key: string; wake: string; streak: number }>`
    with picked as (
      select key from store_due
      where due_at <= ${now}::timestamptz and (claim_expires_at is null or claim_expires_at <= now())
        and starts_with(key, ${prefix})
      order by due_at, woken_at
      limit ${limit}
      for update skip locked
    ), claimed as (
      update store_due d
      set claimed_by = ${owner}, claim_expires_at = now() + ${claimTtlMs}::integer * interval '1 millisecond'
      from picked where d.key = picked.key
      returning d.key, d.wake, d.streak, d.due_at, d.woken_at
    )
    select key, wake::text as wake, streak from claimed order by due_at, woken_at`.execute(db)
  return result.rows.map((r) => ({ key: r.key, wake: r.wake, streak: r.streak }))
}

/** The key's wake count and streak (a key with no row: `wake` '0', streak 0). */
export async function readDue(db: Kysely<StoreDatabase>, key: string): Promise<DueReading> {
  const result = await sql<{ wake: string; streak: number }>`
    select wake::text as wake, streak from store_due where key = ${key}`.execute(db)
  const row = result.rows[0]
  return row === undefined ? { key, wake: '0', streak: 0 } : { key, wake: row.wake, streak: row.streak }
}

/**
 * Ends a piece of work on `key`: its next due instant (`null`: nothing to do), streak and the stream
 * version it was derived from, and any claim on it released. A wake since `wake` was read wins:
 * the key then stays due at once (or at the settled instant, if earlier).
 */
export async function settleDue(db: Kysely<StoreDatabase>, settlement: DueSettlement): Promise<void> {
  const { key, wake, dueAt, streak, version } = settlement
  if (dueAt !== null) checkInstant(dueAt)
  const at = dueAt === null ? null : dueAt
  await sql`
    insert into store_due (key, due_at, streak, settled_version)
    values (${key}, ${at}::timestamptz, ${streak}, ${version})
    on conflict (key) do update set
      due_at = case when store_due.wake = ${wake}::bigint then excluded.due_at
                    else least(store_due.due_at, excluded.due_at) end,
      streak = excluded.streak,
      settled_version = greatest(store_due.settled_version, excluded.settled_version),
      claimed_by = null,
      claim_expires_at = null`.execute(db)
}

/** Gives up `owner`'s claim on `key` without settling it (it stays due as it was). */
export async function releaseDue(db: Kysely<StoreDatabase>, key: string, owner: string): Promise<void> {
  await sql`
    update store_due set claimed_by = null, claim_expires_at = null
    where key = ${key} and claimed_by = ${owner}`.execute(db)
}
