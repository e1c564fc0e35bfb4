import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { EventStore } from '@feedsync/store'
import { Type } from 'typebox'
import { ServiceError } from '../errors.js'
import { ProblemSchema } from '../http/schemas.js'
import type { Metrics } from '../metrics.js'

/** What the probes and metrics use. */
export interface HealthRoutesPorts {
  readonly store: Pick<EventStore, 'ping'>
  readonly metrics: Pick<Metrics, 'render' | 'contentType'>
}

/** Probes and scrapes are never rate-limited: a flood from one address must not make the server look down. */
const unlimited = { rateLimit: false } as const

/** Probes and metrics (no authentication, no rate limit). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ ports: HealthRoutesPorts }> = async (
  app,
  { ports },
) => {
  app.get(
    '/healthz',
    {
      config: unlimited,
      schema: {
        summary: 'Liveness',
        tags: ['ops'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      config: unlimited,
      schema: {
        summary: 'Readiness: the database answers and its migrations ran (the store opens only after them)',
        tags: ['ops'],
        response: { 200: Type.Object({ status: Type.Literal('ready') }), 503: ProblemSchema },
      },
    },
    async () => {
      try {
        await ports.store.ping()
      } catch {
        throw new ServiceError('not_ready', 'The database does not answer.')
      }
      return { status: 'ready' as const }
    },
  )

  app.get(
    '/metrics',
    {
      config: unlimited,
      schema: {
        summary: 'Prometheus metrics: events appended, batches pushed, push failures, lag',
        tags: ['ops'],
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => reply.type(ports.metrics.contentType).send(await ports.metrics.render()),
  )
}
