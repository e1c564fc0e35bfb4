import { type Kysely, sql } from 'kysely'
import type { StoreDatabase } from './schema.js'

function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1 || ttlMs > 2_147_483_647) {
    throw new RangeError('ttlMs must be an integer from 1 to 2147483647')
  }
}

/** Expiry uses the database's clock (`now()`): leases are about process liveness, not simulated time. */
export async function tryAcquireLease(
  db: Kysely<StoreDatabase>,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  checkTtl(ttlMs)
  const result = await sql<{ key: string }>`
    insert into store_leases (key, owner, expires_at)
    values (${key}, ${owner}, now() + ${ttlMs}::integer * interval '1 millisecond')
    on conflict (key) do update set owner = excluded.owner, expires_at = excluded.expires_at
    where store_leases.owner = excluded.owner or store_leases.expires_at <= now()
    returning key`.execute(db)
  return result.rows.length === 1
}

export async function renewLease(
  db: Kysely<StoreDatabase>,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  checkTtl(ttlMs)
  const result = await sql<{ key: string }>`
    update store_leases set expires_at = now() + ${ttlMs}::integer * interval '1 millisecond'
    where key = ${key} and owner = ${owner} and expires_at > now()
    returning key`.execute(db)
  return result.rows.length === 1
}

export async function releaseLease(db: Kysely<StoreDatabase>, key: string, owner: string): Promise<void> {
  await db.deleteFrom('store_leases').where('key', '=', key).where('owner', '=', owner).execute()
}
