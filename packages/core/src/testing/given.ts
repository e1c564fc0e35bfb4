import type { Command } from '../commands.js'
import { type Decision, decide } from '../decide.js'
import type { DestinationId } from '../destinations/destination-id.js'
import type { FeedEvent, TransactionRecorded } from '../events.js'
import { fold } from '../state.js'

/** The instant of every fixture event. */
export const AT = '2026-11-20T09:00:00Z'

/** An account registered as `decide` registers one now: feeding QuickBooks Online. */
export const registered: FeedEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'acc-1',
    currency: 'USD',
    openingBalance: '100.00',
    timeZone: 'UTC',
    destination: 'qbo',
    at: AT,
  },
}

/** The same account registered for another destination (`'xero'`, `'sage'`). */
export const registeredFor = (destination: DestinationId): FeedEvent => ({
  type: 'AccountRegistered',
  data: { ...(registered as Extract<FeedEvent, { type: 'AccountRegistered' }>).data, destination },
})

/** The same account as a stream written before destinations existed records it: no `destination`. */
export const legacyRegistered: FeedEvent = {
  type: 'AccountRegistered',
  data: { accountId: 'acc-1', currency: 'USD', openingBalance: '100.00', timeZone: 'UTC', at: AT },
}

/** The customer linked the feed from `feedStartDate`. */
export const linked = (feedStartDate = '2026-11-15'): FeedEvent => ({
  type: 'FeedLinked',
  data: { feedStartDate, at: AT },
})

/** A cleared transaction recorded (override any field with `extra`). */
export const recorded = (
  transactionId: string,
  date: string,
  amount: string,
  extra: Partial<TransactionRecorded['data']> = {},
): FeedEvent => ({
  type: 'TransactionRecorded',
  data: {
    transactionId,
    date,
    description: `payment ${transactionId}`,
    amount,
    status: 'cleared',
    at: AT,
    ...extra,
  },
})

/** A batch planned with these lines. */
export const planned = (
  batchId: string,
  lines: { transactionId: string; date: string; amount: string; balance: string }[],
): FeedEvent => ({
  type: 'BatchPlanned',
  data: { batchId, lines, at: AT },
})

/** The batch landed. */
export const succeeded = (batchId: string): FeedEvent => ({
  type: 'BatchSucceeded',
  data: { batchId, at: AT },
})

/**
 * Given/when for the decider: fold the history, decide the command.
 *
 * @example
 * expect(given(registered).when(voidOf('t1'))).toEqual(rejected('unknown_transaction'))
 */
export function given(...history: FeedEvent[]) {
  return { when: (command: Command): Decision => decide(command, fold(history)) }
}

/** The events of an accepted decision, or a readable failure. */
export function eventsOf(d: Decision): FeedEvent[] {
  if (!d.ok) throw new Error(`refused: ${d.error.code}: ${d.error.message}`)
  return d.events
}

/** The code of a refused decision, or a readable failure. */
export function codeOf(d: Decision): string {
  if (d.ok) throw new Error(`accepted with ${JSON.stringify(d.events)}`)
  return d.error.code
}
