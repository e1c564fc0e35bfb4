import type { EventStore, StoredEvent } from '@feedsync/store'
import type { WebhookEventType } from './events.js'

/** Streams of deliveries: `webhook-delivery:<tenant>:<endpointId>:<eventId>`, one per event per endpoint. */
export const DELIVERY_PREFIX = 'webhook-delivery:'

/** The delivery stream of one event to one endpoint. */
export const deliveryStream = (tenant: string, endpointId: string, eventId: string): string =>
  `${DELIVERY_PREFIX}${tenant}:${endpointId}:${eventId}`

/**
 * The wait after the n-th failed attempt (exponential, 30 s up to 12 h): ten attempts over about
 * 27 h 42 min; a failure after the last one dead-letters the delivery.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000,
]

/** One HTTP attempt. */
export interface Attempt {
  readonly attempt: number
  readonly at: string
  readonly ok: boolean
  readonly status?: number
  readonly error?: string
}

/** What a delivery stream folds to. */
export interface Delivery {
  readonly stream: string
  readonly version: number
  readonly tenant: string
  readonly endpointId: string
  /** The event id, also the delivery id in the API. */
  readonly eventId: string
  readonly type: WebhookEventType
  /** The exact body sent (and signed) at every attempt. */
  readonly payload: string
  readonly status: 'pending' | 'delivered' | 'dead'
  readonly nextAttemptAt: string | null
  readonly attempts: readonly Attempt[]
  /** Failed attempts since it was scheduled or last redelivered. */
  readonly failures: number
}

/** The Standard Webhooks `webhook-id`: stable for an event and an endpoint across retries and redeliveries. */
export const webhookIdOf = (d: Pick<Delivery, 'endpointId' | 'eventId'>): string =>
  `msg_${d.eventId.slice(4)}_${d.endpointId.slice(3)}`

type DeliveryEvent =
  | {
      type: 'DeliveryScheduled'
      data: {
        tenant: string
        endpointId: string
        eventId: string
        type: WebhookEventType
        payload: string
        at: string
      }
    }
  | { type: 'DeliveryAttempted'; data: Attempt }
  | { type: 'DeliveryDeadLettered'; data: { at: string } }
  | { type: 'DeliveryRedeliverRequested'; data: { at: string } }

/** Folds a delivery stream (undefined when empty). */
export function foldDelivery(stream: string, events: readonly StoredEvent[]): Delivery | undefined {
  let d: Delivery | undefined
  let failures = 0
  for (const stored of events) {
    const e = { type: stored.type, data: stored.data } as DeliveryEvent
    if (e.type === 'DeliveryScheduled') {
      const { tenant, endpointId, eventId, type, payload, at } = e.data
      d = {
        stream,
        version: 0,
        tenant,
        endpointId,
        eventId,
        type,
        payload,
        status: 'pending',
        nextAttemptAt: at,
        attempts: [],
        failures: 0,
      }
    } else if (d === undefined) {
      continue
    } else if (e.type === 'DeliveryAttempted') {
      const attempts = [...d.attempts, e.data]
      if (e.data.ok) d = { ...d, attempts, status: 'delivered', nextAttemptAt: null }
      else {
        const delay = RETRY_DELAYS_MS[failures] ?? 0
        failures += 1
        const nextAttemptAt = new Date(Date.parse(e.data.at) + delay).toISOString()
        d = { ...d, attempts, failures, nextAttemptAt }
      }
    } else if (e.type === 'DeliveryDeadLettered') d = { ...d, status: 'dead', nextAttemptAt: null }
    else if (e.type === 'DeliveryRedeliverRequested') {
      failures = 0
      d = { ...d, status: 'pending', failures, nextAttemptAt: e.data.at }
    }
    d = { ...d, version: stored.version }
  }
  return d
}

/** True when the failure just recorded was the last the schedule allows (the delivery is then dead-lettered). */
export const exhausted = (d: Delivery): boolean => d.failures > RETRY_DELAYS_MS.length

/** True when the delivery should be attempted at `nowMs`. */
export const isDue = (d: Delivery, nowMs: number): boolean =>
  d.status === 'pending' && d.nextAttemptAt !== null && Date.parse(d.nextAttemptAt) <= nowMs

/**
 * Asks for the delivery to be attempted again now (the retry schedule starts over): the event and
 * the delivery made due at once, in one transaction.
 */
export async function requestRedelivery(
  store: Pick<EventStore, 'appendToStream'>,
  stream: string,
  at: string,
): Promise<void> {
  await store.appendToStream(stream, 'any', [{ type: 'DeliveryRedeliverRequested', data: { at } }], {
    markDue: true,
  })
}
