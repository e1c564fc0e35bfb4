import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ServiceError } from '../errors.js'
import { bearerAuth, installAuthFailureLimit } from '../http/auth.js'
import { installErrorHandling } from '../http/error-handler.js'
import { installJsonBody } from '../http/json-body.js'
import { withExamples } from '../http/openapi-examples.js'
import { type AccountRoutesPorts, accountRoutes } from './accounts.js'
import { type CompanyRoutesPorts, companyRoutes } from './companies.js'
import { type HealthRoutesPorts, healthRoutes } from './health.js'
import { type LinkingRoutesPorts, linkingRoutes } from './linking.js'
import { type ReconciliationRoutesPorts, reconciliationRoutes } from './reconciliation.js'
import { type WebhookRoutesPorts, webhookRoutes } from './webhooks.js'

/** Every port the API's route groups use (each group receives only its own). */
export type ApiPorts = HealthRoutesPorts &
  CompanyRoutesPorts &
  AccountRoutesPorts &
  ReconciliationRoutesPorts &
  LinkingRoutesPorts &
  WebhookRoutesPorts

/** The API's own settings. */
export interface ApiOptions {
  /** Bearer API keys, each a tenant. */
  readonly apiKeys: readonly string[]
  /** Requests per minute per API key (per address without one). */
  readonly rateLimitPerMinute: number
  /** Failed authentications per minute per client address before it gets 429 (default 30). */
  readonly authFailuresPerMinute?: number
}

/**
 * Installs the HTTP API on the root app: exact-JSON bodies, the one problem+json error handler,
 * OpenAPI (`/openapi.json`, `/docs`), the rate limit, the probes and metrics, and `/v1` behind
 * bearer auth with the company and account routes, each given only the ports it uses.
 *
 * @example
 * await installApi(app, { apiKeys: config.apiKeys, rateLimitPerMinute: 600 }, ports)
 */
export async function installApi(root: FastifyInstance, options: ApiOptions, ports: ApiPorts): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  installJsonBody(app)
  installErrorHandling(app)
  app.decorateRequest('tenant', '')

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'feedsync',
        version: '0.1.0',
        description:
          "Pushes a bank's transactions into QuickBooks Online through Codat's Bank Feeds API. " +
          'Errors are application/problem+json with a stable `code`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Real examples (ids, decimal-string amounts, dates) instead of Swagger's "string".
    transformObject: (documents) =>
      'openapiObject' in documents ? withExamples(documents.openapiObject) : documents.swaggerObject,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.headers.authorization ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new ServiceError(
        'rate_limited',
        `Rate limit of ${context.max} requests per minute exceeded; retry after ${context.after}.`,
      ),
  })
  installAuthFailureLimit(app, options.authFailuresPerMinute ?? 30)

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const { store, metrics, companies, onboarding, views, feeds, worker, reconciliation, linking } = ports
  await app.register(healthRoutes, { ports: { store, metrics } })
  await app.register(async (v1) => {
    v1.addHook('onRequest', bearerAuth(options.apiKeys))
    await v1.register(companyRoutes, { ports: { companies, onboarding, views } })
    await v1.register(accountRoutes, { ports: { companies, feeds, views, worker } })
    await v1.register(reconciliationRoutes, { ports: { companies, reconciliation } })
    await v1.register(linkingRoutes, { ports: { linking } })
    await v1.register(webhookRoutes, { ports: { store, clock: ports.clock } })
  })
}
