import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { CodatBankFeedsPort } from '@feedsync/codat-client'
import type { EventStore } from '@feedsync/store'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { FeedService } from './accounts/feed-service.js'
import { AccountRepository } from './accounts/repository.js'
import type { Clock } from './clock.js'
import { Onboarding } from './companies/onboarding.js'
import { CompanyRepository } from './companies/repository.js'
import type { ServerConfig } from './config.js'
import { ServiceError } from './errors.js'
import { bearerAuth } from './http/auth.js'
import { installErrorHandling } from './http/error-handler.js'
import { JsonSyntaxError, parseJsonExact } from './http/exact-json.js'
import { scrubbingErrorSerializer, secretsOf } from './http/log-scrub.js'
import { Metrics } from './metrics.js'
import { accountRoutes } from './routes/accounts.js'
import { companyRoutes } from './routes/companies.js'
import { healthRoutes } from './routes/health.js'
import type { Services } from './services.js'
import { SyncWorker } from './sync/sync-worker.js'

/** What the app is built from: every effect is injected. */
export interface AppDeps {
  readonly store: EventStore
  readonly codat: CodatBankFeedsPort
  readonly clock: Clock
  readonly config: ServerConfig
  /** Extra pino options, e.g. `{ stream }` to capture log lines in a test. Level comes from config. */
  readonly logger?: { stream?: { write(line: string): void } }
  /** Start the worker's interval loop on `ready` (default false; `main.ts` sets it). */
  readonly startWorker?: boolean
  /** How the worker waits between polls (tests: no wait). */
  readonly sleep?: (ms: number) => Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'apiKeys',
  '*.apiKeys',
  'username',
  '*.username',
]

/**
 * Builds the Fastify app (does not listen). Bearer API keys (each a tenant), schemas on every route
 * (TypeBox), problem+json errors, exact JSON numbers, body limit, rate limit, OpenAPI at
 * `/openapi.json` and `/docs`, and the sync worker (`app.services.worker`), stopped on close.
 *
 * @example
 * const app = await buildApp({ store, codat, clock: systemClock, config })
 * await app.listen({ port: config.port, host: config.host })
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, codat, clock } = deps
  const loggerOptions: FastifyServerOptions['logger'] = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: scrubbingErrorSerializer(secretsOf(config)) },
    ...(deps.logger?.stream === undefined ? {} : { stream: deps.logger.stream }),
  }
  const app = Fastify({
    logger: loggerOptions,
    bodyLimit: config.http.bodyLimitBytes,
    // Keep query parsing lenient but never let the JSON body parser see `__proto__` tricks.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>()
  // TypeBox checks bodies strictly (no type coercion: a number where a string belongs is a 400) and
  // converts only querystring, params and headers.
  app.setValidatorCompiler(TypeBoxValidatorCompiler)

  // Exact JSON: money numbers keep their source text (see exact-json.ts).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') return done(null, null)
    try {
      done(null, parseJsonExact(text))
    } catch (error) {
      const detail = error instanceof JsonSyntaxError ? error.message : 'The body is not valid JSON.'
      done(new ServiceError('malformed_json', detail), undefined)
    }
  })

  installErrorHandling(app)
  app.decorateRequest('tenant', '')

  const metrics = new Metrics()
  const companies = new CompanyRepository(store)
  const accounts = new AccountRepository(store, config.snapshotEvery, metrics, {
    accounts: 1000,
    transactions: config.cacheTransactions,
  })
  const feeds = new FeedService(accounts, clock, config.sync.limits)
  const onboarding = new Onboarding(store, codat, companies, accounts, clock)
  const worker = new SyncWorker({
    store,
    codat,
    clock,
    companies,
    accounts,
    settings: config.sync,
    metrics,
    log: app.log.child({ component: 'sync-worker' }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  })
  const services: Services = {
    config,
    store,
    codat,
    clock,
    metrics,
    companies,
    accounts,
    feeds,
    onboarding,
    worker,
  }
  app.decorate('services', services)

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
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  await app.register(rateLimit, {
    max: config.http.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.headers.authorization ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new ServiceError(
        'rate_limited',
        `Rate limit of ${context.max} requests per minute exceeded; retry after ${context.after}.`,
      ),
  })

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  await app.register(healthRoutes, { services })
  await app.register(async (v1) => {
    v1.addHook('onRequest', bearerAuth(config.apiKeys))
    await v1.register(companyRoutes, { services })
    await v1.register(accountRoutes, { services })
  })

  if (deps.startWorker === true) app.addHook('onReady', async () => worker.start())
  app.addHook('onClose', async () => {
    await worker.stop()
    await accounts.flush()
  })
  return app
}
