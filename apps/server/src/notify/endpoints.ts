import { randomBytes } from 'node:crypto'
import type { EventStore, Position, StoredEvent } from '@feedsync/store'
import type { Clock } from '../clock.js'
import { ServiceError } from '../errors.js'
import type { WebhookEventType } from './events.js'

/** Streams of the tenants' endpoints: `webhooks:<tenant>`. */
export const WEBHOOKS_PREFIX = 'webhooks:'
const streamOf = (tenant: string): string => `${WEBHOOKS_PREFIX}${tenant}`
/**
 * A tenant's test requests (`WebhookTestRequested`), apart from its endpoints: the endpoint stream is
 * read at every outbox round, and tests would make it grow with every one ever asked for.
 */
export const WEBHOOK_TESTS_PREFIX = 'webhook-tests:'

/** An endpoint as the API shows it (never its secret). */
export interface EndpointView {
  readonly id: string
  readonly url: string
  readonly events: readonly WebhookEventType[]
  readonly description: string | null
  readonly createdAt: string
}

/** An endpoint with what delivery needs: its secret, tenant and where in the log it was created. */
export interface Endpoint extends EndpointView {
  readonly tenant: string
  readonly secret: string
  readonly createdAt: string
  readonly position: Position
}

type EndpointEvent =
  | {
      type: 'WebhookEndpointCreated'
      data: {
        endpointId: string
        url: string
        events: WebhookEventType[]
        description: string | null
        secret: string
        at: string
      }
    }
  | { type: 'WebhookEndpointDeleted'; data: { endpointId: string; at: string } }
  | { type: 'WebhookTestRequested'; data: { endpointId: string; at: string } }

/** The tenant of a `webhooks:` stream, or undefined for other streams. */
export function tenantOfStream(stream: string): string | undefined {
  return stream.startsWith(WEBHOOKS_PREFIX) ? stream.slice(WEBHOOKS_PREFIX.length) : undefined
}

/** The tenant of a stream test requests are in: `webhook-tests:` (or, before, its `webhooks:` stream). */
export function tenantOfTests(stream: string): string | undefined {
  return stream.startsWith(WEBHOOK_TESTS_PREFIX)
    ? stream.slice(WEBHOOK_TESTS_PREFIX.length)
    : tenantOfStream(stream)
}

/** Folds a tenant's endpoint stream: the endpoints not deleted, in creation order. */
export function foldEndpoints(tenant: string, events: readonly StoredEvent[]): Endpoint[] {
  const live = new Map<string, Endpoint>()
  for (const stored of events) {
    const e = { type: stored.type, data: stored.data } as EndpointEvent
    if (e.type === 'WebhookEndpointCreated') {
      const { endpointId, url, events: kinds, description, secret, at } = e.data
      live.set(endpointId, {
        id: endpointId,
        url,
        events: kinds,
        description,
        secret,
        createdAt: at,
        tenant,
        position: { transactionId: stored.transactionId, globalPosition: stored.globalPosition },
      })
    } else if (e.type === 'WebhookEndpointDeleted') live.delete(e.data.endpointId)
  }
  return [...live.values()]
}

/** The public view of an endpoint (drops the secret). */
export function viewOf(endpoint: Endpoint): Omit<EndpointView, 'events'> & { events: WebhookEventType[] } {
  const { id, url, events, description, createdAt } = endpoint
  return { id, url, events: [...events], description, createdAt }
}

/**
 * The tenants' webhook endpoints, kept in the event store (`webhooks:<tenant>`). A tenant reaches
 * only its own stream: another tenant's endpoint id answers `not_found`.
 */
export class EndpointRegistry {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** The tenant's live endpoints. */
  async list(tenant: string): Promise<Endpoint[]> {
    return foldEndpoints(tenant, await this.store.readStream(streamOf(tenant)))
  }

  /** One of the tenant's endpoints, or `not_found`. */
  async get(tenant: string, endpointId: string): Promise<Endpoint> {
    const found = (await this.list(tenant)).find((e) => e.id === endpointId)
    if (found === undefined) throw new ServiceError('not_found', `No webhook endpoint ${endpointId}.`)
    return found
  }

  /** Creates an endpoint; the answer holds the secret (the only time it is shown). */
  async create(
    tenant: string,
    input: { url: string; events: readonly WebhookEventType[]; description?: string | undefined },
  ): Promise<EndpointView & { secret: string }> {
    const at = await this.clock.now()
    const endpointId = `wh_${randomBytes(12).toString('hex')}`
    const secret = `whsec_${randomBytes(24).toString('base64')}`
    const data = {
      endpointId,
      url: input.url,
      events: [...new Set(input.events)],
      description: input.description ?? null,
      secret,
      at,
    }
    await this.store.appendToStream(streamOf(tenant), 'any', [{ type: 'WebhookEndpointCreated', data }])
    return {
      id: endpointId,
      url: data.url,
      events: data.events,
      description: data.description,
      createdAt: at,
      secret,
    }
  }

  /** Deletes one of the tenant's endpoints (its pending deliveries are dropped). */
  async delete(tenant: string, endpointId: string): Promise<void> {
    await this.get(tenant, endpointId)
    const at = await this.clock.now()
    await this.store.appendToStream(streamOf(tenant), 'any', [
      { type: 'WebhookEndpointDeleted', data: { endpointId, at } },
    ])
  }

  /** Asks for a `webhook.test` event to the endpoint; answers its event id (from the store position). */
  async requestTest(tenant: string, endpointId: string): Promise<string> {
    await this.get(tenant, endpointId)
    const at = await this.clock.now()
    const { positions } = await this.store.appendToStream(`${WEBHOOK_TESTS_PREFIX}${tenant}`, 'any', [
      { type: 'WebhookTestRequested', data: { endpointId, at } },
    ])
    return `evt_${positions[0]?.globalPosition}_0`
  }

  /** Every tenant's live endpoints (for the outbox's fan-out). */
  async all(): Promise<Endpoint[]> {
    const streams = await this.store.listStreams({ prefix: WEBHOOKS_PREFIX })
    const out: Endpoint[] = []
    for (const s of streams) {
      const tenant = tenantOfStream(s.stream)
      if (tenant !== undefined) out.push(...(await this.list(tenant)))
    }
    return out
  }
}
