import type { EventStore } from '@feedsync/store'

/** The store's lease operations: the smallest shape the worker needs. */
export type LeaseStore = Pick<EventStore, 'tryAcquireLease' | 'renewLease' | 'releaseLease'>

/**
 * A per-account lease held by one worker: taken and released by `withLease`, renewed by its holder
 * before each step of the account's sync (`renew` is false once it was lost: expired and maybe
 * taken by another process; the holder then stops).
 *
 * @example
 * if (!(await lease.renew())) return 'lease lost'
 */
export interface Lease {
  renew(): Promise<boolean>
}

/**
 * The one place a lease is taken, renewed and released: runs `work` under `owner`'s lease on
 * `key` (re-entrant for one owner), released however `work` ends. `undefined` when another owner
 * holds it.
 *
 * @example
 * const r = await withLease({ store, key: stream, owner, ttlMs }, (lease) => syncWith(lease))
 * if (r === undefined) return busy
 */
export async function withLease<T>(
  options: {
    readonly store: LeaseStore
    readonly key: string
    readonly owner: string
    readonly ttlMs: number
  },
  work: (lease: Lease) => Promise<T>,
): Promise<T | undefined> {
  const { store, key, owner, ttlMs } = options
  if (!(await store.tryAcquireLease(key, owner, ttlMs))) return undefined
  try {
    return await work({ renew: () => store.renewLease(key, owner, ttlMs) })
  } finally {
    await store.releaseLease(key, owner).catch(() => {})
  }
}
