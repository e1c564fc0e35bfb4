import { type Kysely, sql } from 'kysely'
import type { TokenBucketLimits, TokensTaken } from './event-store.js'
import type { StoreDatabase } from './schema.js'

function checkLimits(want: number, limits: TokenBucketLimits): void {
  if (!Number.isSafeInteger(want) || want < 1 || want > 1_000_000) {
    throw new RangeError('want must be an integer from 1 to 1000000')
  }
  if (!(limits.capacity >= 1) || !(limits.perSecond > 0) || !Number.isFinite(limits.perSecond)) {
    throw new RangeError('capacity must be at least 1 and perSecond positive')
  }
  const reserve = limits.reserveMs ?? 0
  if (!(reserve >= 0) || !Number.isFinite(reserve)) throw new RangeError('reserveMs must be ≥ 0')
}

/** One statement (the `store_take_tokens` function of migration 0004), on the database's clock. */
export async function takeTokens(
  db: Kysely<StoreDatabase>,
  key: string,
  want: number,
  limits: TokenBucketLimits,
): Promise<TokensTaken> {
  checkLimits(want, limits)
  const result = await sql<{ granted: number; wait_ms: number; blocked: boolean }>`
    select granted, wait_ms, blocked from store_take_tokens(${key}, ${want}::integer,
      ${limits.capacity}::double precision, ${limits.perSecond}::double precision,
      ${limits.reserveMs ?? 0}::double precision)`.execute(db)
  const row = result.rows[0]
  if (row === undefined) throw new Error('store_take_tokens returned no row')
  return {
    granted: Number(row.granted),
    waitMs: Math.max(0, Math.ceil(Number(row.wait_ms))),
    blocked: row.blocked === true,
  }
}

export async function blockTokens(db: Kysely<StoreDatabase>, key: string, forMs: number): Promise<void> {
  if (!Number.isSafeInteger(forMs) || forMs < 0 || forMs > 2_147_483_647) {
    throw new RangeError('forMs must be an integer from 0 to 2147483647')
  }
  await sql`
    insert into store_rate_buckets as b (key, tokens, refilled_at, blocked_until)
    values (${key}, 0, clock_timestamp(), clock_timestamp() + ${forMs}::integer * interval '1 millisecond')
    on conflict (key) do update set blocked_until =
      greatest(b.blocked_until, clock_timestamp() + ${forMs}::integer * interval '1 millisecond')`.execute(db)
}
