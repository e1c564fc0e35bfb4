/** One write to a ledger account as the simulator records it: when Codat took it and when it ended. */
export interface WriteSpan {
  readonly pushOperationKey: string
  readonly requestedOn: string | null
  /** `null` while the write is still Pending. */
  readonly completedOn: string | null
}

/**
 * The most writes that were in flight on one account at the same instant: a write is in flight from
 * `requestedOn` until `completedOn` (still Pending: until the end of time; refused at once: for an
 * instant); one ending exactly when the next starts does not overlap it. Sage takes one at a time
 * (PLATFORMS.md S23).
 *
 * @example
 * mostInFlightAtOnce([{ pushOperationKey: 'a', requestedOn: '…T10:00:00Z', completedOn: '…T10:01:00Z' },
 *   { pushOperationKey: 'b', requestedOn: '…T10:00:30Z', completedOn: '…T10:02:00Z' }]) // => 2
 */
export function mostInFlightAtOnce(writes: readonly WriteSpan[]): number {
  const edges: { at: number; delta: number }[] = []
  for (const w of writes) {
    if (w.requestedOn === null) throw new Error(`write ${w.pushOperationKey} has no requestedOn`)
    const from = Date.parse(w.requestedOn)
    const to = w.completedOn === null ? Number.POSITIVE_INFINITY : Date.parse(w.completedOn)
    edges.push({ at: from, delta: 1 })
    // A write refused at once (Sage S23: it ends the instant it starts) still overlaps the one it met.
    edges.push({ at: to > from ? to : from + 0.5, delta: -1 })
  }
  // Ends before starts at the same instant: back-to-back writes are one at a time.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta)
  let now = 0
  let most = 0
  for (const e of edges) {
    now += e.delta
    most = Math.max(most, now)
  }
  return most
}
