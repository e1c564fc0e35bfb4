import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { EventStore } from '@feedsync/store'
import type { Clock } from '../clock.js'
import { ServiceError } from '../errors.js'
import { ErrorResponses } from '../http/schemas.js'
import {
  DELIVERY_PREFIX,
  type Delivery,
  deliveryStream,
  foldDelivery,
  requestRedelivery,
  webhookIdOf,
} from '../notify/deliveries.js'
import { EndpointRegistry, viewOf } from '../notify/endpoints.js'
import {
  CreatedWebhookReply,
  CreateWebhookBody,
  DeliveriesQuery,
  DeliveryListReply,
  DeliveryParams,
  DeliveryReply,
  TestReply,
  WebhookListReply,
  WebhookParams,
  WebhookReply,
} from './webhooks-schemas.js'

/** What the webhook routes use. */
/** Pages of delivery streams one listing request reads at most (a status filter may skip most). */
const SCAN_PAGES = 10

export interface WebhookRoutesPorts {
  readonly store: EventStore
  readonly clock: Clock
}

const security = [{ bearer: [] }]
const tags = ['webhooks']

function absoluteHttpUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ServiceError('validation_failed', 'url must be an absolute http(s) URL.')
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new ServiceError('validation_failed', 'url must be an absolute http(s) URL.')
  }
  return url.toString()
}

const deliveryView = (d: Delivery) => ({
  id: d.eventId,
  webhookId: webhookIdOf(d),
  type: d.type,
  status: d.status,
  nextAttemptAt: d.nextAttemptAt,
  attempts: [...d.attempts],
  payload: JSON.parse(d.payload) as unknown,
})

/**
 * The outbound-webhook API: a tenant's endpoints (the signing secret is answered once, at
 * creation), a test event, the deliveries with their attempts, and redelivery. Another tenant's ids
 * answer 404; bad input is refused before anything is stored.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ ports: WebhookRoutesPorts }> = async (
  app,
  { ports },
) => {
  const { store, clock } = ports
  const registry = new EndpointRegistry(store, clock)

  app.post(
    '/v1/webhooks',
    {
      schema: {
        summary: 'Register an endpoint for outbound events (answers its signing secret, once)',
        tags,
        security,
        body: CreateWebhookBody,
        response: { 201: CreatedWebhookReply, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const url = absoluteHttpUrl(request.body.url)
      const created = await registry.create(request.tenant, { ...request.body, url })
      return reply.code(201).send({ ...created, events: [...created.events] })
    },
  )

  app.get(
    '/v1/webhooks',
    {
      schema: {
        summary: "The tenant's endpoints",
        tags,
        security,
        response: { 200: WebhookListReply, ...ErrorResponses },
      },
    },
    async (request) => ({ results: (await registry.list(request.tenant)).map(viewOf) }),
  )

  app.get(
    '/v1/webhooks/:webhookId',
    {
      schema: {
        summary: 'One endpoint',
        tags,
        security,
        params: WebhookParams,
        response: { 200: WebhookReply, ...ErrorResponses },
      },
    },
    async (request) => viewOf(await registry.get(request.tenant, request.params.webhookId)),
  )

  app.delete(
    '/v1/webhooks/:webhookId',
    {
      schema: {
        summary: 'Delete an endpoint (its pending deliveries stop)',
        tags,
        security,
        params: WebhookParams,
      },
    },
    async (request, reply) => {
      await registry.delete(request.tenant, request.params.webhookId)
      return reply.code(204).send()
    },
  )

  app.post(
    '/v1/webhooks/:webhookId/test',
    {
      schema: {
        summary: 'Send a `webhook.test` event to the endpoint',
        tags,
        security,
        params: WebhookParams,
        response: { 202: TestReply, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const eventId = await registry.requestTest(request.tenant, request.params.webhookId)
      return reply.code(202).send({ eventId })
    },
  )

  app.get(
    '/v1/webhooks/:webhookId/deliveries',
    {
      schema: {
        summary: "The endpoint's deliveries: attempts, pending retries and dead letters",
        tags,
        security,
        params: WebhookParams,
        querystring: DeliveriesQuery,
        response: { 200: DeliveryListReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const endpoint = await registry.get(request.tenant, request.params.webhookId)
      const prefix = `${DELIVERY_PREFIX}${request.tenant}:${endpoint.id}:`
      const { status, limit = 100, after } = request.query
      // A page of the endpoint's delivery streams at a time (id order), at most SCAN_PAGES of them
      // per request when a status filter skips most: `next` then says where to go on.
      const results: ReturnType<typeof deliveryView>[] = []
      let cursor = after === undefined ? undefined : `${prefix}${after}`
      let more = true
      for (let pages = 0; more && results.length < limit && pages < SCAN_PAGES; pages++) {
        const streams = await store.listStreams({
          prefix,
          limit,
          ...(cursor === undefined ? {} : { after: cursor }),
        })
        more = streams.length === limit
        for (const s of streams) {
          cursor = s.stream
          const d = foldDelivery(s.stream, await store.readStream(s.stream))
          if (d !== undefined && (status === undefined || d.status === status)) results.push(deliveryView(d))
          if (results.length === limit) {
            more = more || s !== streams.at(-1)
            break
          }
        }
      }
      const next = more && cursor !== undefined ? cursor.slice(prefix.length) : null
      return { results, next }
    },
  )

  app.post(
    '/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    {
      schema: {
        summary: 'Deliver again now (same event, same `webhook-id`); the retry schedule starts over',
        tags,
        security,
        params: DeliveryParams,
        response: { 202: DeliveryReply, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const endpoint = await registry.get(request.tenant, request.params.webhookId)
      const stream = deliveryStream(request.tenant, endpoint.id, request.params.deliveryId)
      const d = foldDelivery(stream, await store.readStream(stream))
      if (d === undefined) throw new ServiceError('not_found', `No delivery ${request.params.deliveryId}.`)
      const at = await clock.now()
      await requestRedelivery(store, stream, at)
      const after = foldDelivery(stream, await store.readStream(stream))
      return reply.code(202).send(deliveryView(after ?? d))
    },
  )
}
