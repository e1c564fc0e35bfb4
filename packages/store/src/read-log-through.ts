import type { EventStore, Position, StoredEvent } from './event-store.js'
import { comparePositions } from './position.js'

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
