import type { EventStore, Position, StoredEvent } from './event-store.js'

/** Orders positions as the log does: by transaction id, then global position. */
export function comparePositions(a: Position, b: Position): -1 | 0 | 1 {
  const tx = BigInt(a.transactionId) - BigInt(b.transactionId)
  if (tx !== 0n) return tx < 0n ? -1 : 1
  const pos = BigInt(a.globalPosition) - BigInt(b.globalPosition)
  return pos === 0n ? 0 : pos < 0n ? -1 : 1
}

/**
 * Test support: follows the log from `after` until it has read the event at `target` (an appended
 * position), and returns what it read. An appended event becomes readable once every older
 * transaction on the database server has ended (other clients' too), so this polls, up to `timeoutMs`.
 */
export async function readLogThrough(
  store: EventStore,
  after: Position | undefined,
  target: Position,
  limit: number,
  timeoutMs = 20_000,
): Promise<StoredEvent[]> {
  const deadline = Date.now() + timeoutMs
  const events: StoredEvent[] = []
  let position = after
  for (;;) {
    const last = events.at(-1)
    if (last !== undefined && comparePositions(last, target) >= 0) return events
    if (Date.now() > deadline) {
      throw new Error(
        `the log did not reach ${target.transactionId}/${target.globalPosition} in ${timeoutMs} ms`,
      )
    }
    const page = await store.readAll({ after: position, limit })
    events.push(...page.events)
    position = page.position
    if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
