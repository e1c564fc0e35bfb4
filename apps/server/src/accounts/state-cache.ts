import type { AccountState } from '@feedsync/core'

/**
 * Estimated heap bytes of one transaction held in a state (its `Txn` object, its id and strings and
 * its map entry): measured as about 1.2 kB on Node 20 for the ids and descriptions the benchmarks use.
 */
export const TXN_BYTES = 1200
/** Estimated heap bytes of one planned line a batch keeps (the line object and its strings). */
export const LINE_BYTES = 400
/** Estimated heap bytes of a state without transactions or batches. */
export const STATE_BYTES = 4096
/** Estimated heap bytes of one folded day (`settled.days`: its entry and totals) and of one of its points. */
export const SETTLED_DAY_BYTES = 300
export const SETTLED_POINT_BYTES = 150

/** An estimate of the heap a folded account state holds, for sizing the cache in bytes. */
export function estimateStateBytes(state: AccountState): number {
  let lines = 0
  for (const b of state.batches.values()) lines += b.lines.length
  let points = 0
  for (const d of state.settled.days.values()) points += d.points.length
  return (
    STATE_BYTES +
    state.txns.size * TXN_BYTES +
    lines * LINE_BYTES +
    state.settled.days.size * SETTLED_DAY_BYTES +
    points * SETTLED_POINT_BYTES
  )
}

/**
 * A least-recently-used map of values weighed in bytes (estimated by `weigh` when put): after each
 * `put`, the oldest entries leave until the sum is within `maxBytes`; a value heavier than the whole
 * budget is not kept at all. `maxBytes` 0 keeps nothing.
 */
export class ByteBoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>()
  private total = 0

  constructor(
    private readonly maxBytes: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** Takes the value out of the cache (the caller owns it until it is `put` back). */
  take(key: string): V | undefined {
    const e = this.entries.get(key)
    if (e === undefined) return undefined
    this.delete(key)
    return e.value
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Keeps `value` as the most recently used, evicting the least recently used beyond the budget. */
  put(key: string, value: V): void {
    this.delete(key)
    const bytes = this.weigh(value)
    if (bytes > this.maxBytes) return
    this.entries.set(key, { value, bytes })
    this.total += bytes
    while (this.total > this.maxBytes) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.delete(oldest)
    }
  }

  /** Estimated bytes held, and the number of entries. */
  get size(): { readonly bytes: number; readonly entries: number } {
    return { bytes: this.total, entries: this.entries.size }
  }

  private delete(key: string): void {
    const e = this.entries.get(key)
    if (e === undefined) return
    this.entries.delete(key)
    this.total -= e.bytes
  }
}
