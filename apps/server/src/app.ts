import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { CodatBankFeedsPort } from '@feedsync/codat-client'
import type { EventStore } from '@feedsync/store'
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import { FeedService } from './accounts/feed-service.js'
import { FeedViews } from './accounts/feed-views.js'
import { ReconciliationService } from './accounts/reconciliation.js'
import { AccountRepository } from './accounts/repository.js'
import type { Clock } from './clock.js'
import { Linking } from './companies/linking.js'
import { Onboarding } from './companies/onboarding.js'
import { CompanyRepository } from './companies/repository.js'
import type { ServerConfig } from './config.js'
import { clientErrorHandler, frameworkProblem, installClosingGuard } from './http/framework-errors.js'
import { MAX_ID_LENGTH } from './http/input-policy.js'
import { validatorCompiler } from './http/validation.js'
import { loggerOptions } from './logging.js'
import { Metrics } from './metrics.js'
import { Outbox } from './notify/outbox.js'
import { createPagesAdapters } from './pages/adapters.js'
import { frameworkErrorPage } from './pages/page-errors.js'
import { pagesPlugin } from './pages/plugin.js'
import { createPortalTokens } from './pages/portal-tokens.js'
import { installApi } from './routes/api.js'
import { portalSessionApi } from './routes/portal-sessions.js'
import type { Services } from './services.js'
import { guardStore } from './storage.js'
import { wakeOnAppend } from './sync/due-work.js'
import { SyncWorker } from './sync/sync-worker.js'
import { installWebhooks } from './webhooks/install.js'

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

/** Where portal links point: the configured origin, else the address the server listens on. */
function publicUrlOf(app: FastifyInstance, config: ServerConfig): string | (() => string) {
  if (config.pages.publicUrl !== undefined) return config.pages.publicUrl
  return () => {
    const address = app.server.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    const host = /^(0\.0\.0\.0|::|\[::\])$/.test(config.host) ? '127.0.0.1' : config.host
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  }
}

/** The web app (`/app`, `/` → `/app`) and the `/v1` route that issues its portal links, on one set of tokens. */
async function installPages(app: FastifyInstance, services: Services): Promise<void> {
  const { config } = services
  const tokens = createPortalTokens(
    config.pages.portalSecret === undefined ? {} : { secret: config.pages.portalSecret },
  )
  if (config.pages.portalSecret === undefined) {
    app.log.warn(
      'FEEDSYNC_PORTAL_SECRET is not set; one was generated, so portal links open on this process only',
    )
  }
  const ports = createPagesAdapters(services, config.apiKeys)
  await app.register(pagesPlugin, {
    ports,
    tokens,
    bankName: config.pages.bankName,
    ...(config.pages.sessionKey === undefined ? {} : { sessionKey: config.pages.sessionKey }),
  })
  await app.register(portalSessionApi, {
    apiKeys: config.apiKeys,
    port: ports,
    tokens,
    publicUrl: publicUrlOf(app, config),
  })
}

/**
 * Builds the Fastify app (does not listen). Bearer API keys (each a tenant), schemas on every route
 * (TypeBox), problem+json errors, exact JSON numbers, body limit, rate limit, OpenAPI at
 * `/openapi.json` and `/docs`, the web app under `/app` (`pages/`), and the sync worker
 * (`app.services.worker`), stopped on close.
 *
 * @example
 * const app = await buildApp({ store, codat, clock: systemClock, config })
 * await app.listen({ port: config.port, host: config.host })
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, codat, clock } = deps
  const app = Fastify({
    logger: loggerOptions(config, deps.logger?.stream),
    bodyLimit: config.http.bodyLimitBytes,
    // Keep query parsing lenient but never let the JSON body parser see `__proto__` tricks.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // A request arriving while the server closes gets `shutting_down` problem+json (installClosingGuard).
    return503OnClosing: false,
    // The router takes path ids exactly as long as the schemas do (the input policy's one limit).
    routerOptions: { maxParamLength: MAX_ID_LENGTH },
    // An address the router cannot read is a 4xx page under /app and the API's problem elsewhere.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      frameworkErrorPage(error, request, reply, config.pages.bankName) ?? frameworkProblem(error, reply),
    // What Node's HTTP parser refuses (431, malformed requests and chunked bodies): problem+json too.
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>()
  // TypeBox checks bodies strictly (no type coercion: a number where a string belongs is a 400) and
  // converts only querystring, params and headers (integers there must be written as integers).
  app.setValidatorCompiler(validatorCompiler)
  installClosingGuard(app)
  // An unreachable database: 503 storage_unavailable, logged once per outage.
  // Appends outside the worker (ingest, operator actions, onboarding, link hand-offs) make the
  // account due at once (`sync/due-work.ts`); the worker is bound below.
  const wakes = { worker: undefined as SyncWorker | undefined }
  const store = wakeOnAppend(guardStore(deps.store, app.log.child({ component: 'storage' })), {
    account: () => wakes.worker?.trigger(),
    company: async (companyId) => wakes.worker?.wakeCompany(companyId),
  })

  const metrics = new Metrics()
  const companies = new CompanyRepository(store)
  const accounts = new AccountRepository(
    store,
    config.snapshotEvery,
    metrics,
    config.accountCacheBytes,
    app.log.child({ component: 'accounts' }),
  )
  const feeds = new FeedService(accounts, clock, config.sync.limits)
  const views = new FeedViews(accounts, codat, clock, config.sync.limits)
  const reconciliation = new ReconciliationService({
    accounts,
    companies,
    store,
    clock,
    limits: config.sync.limits,
  })
  const onboarding = new Onboarding(store, codat, companies, accounts, clock)
  const linking = new Linking(codat, companies, onboarding, clock)
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
  wakes.worker = worker
  const outbox = new Outbox({
    store,
    clock,
    tenantOfCompany: async (companyId) => (await companies.get(companyId))?.tenant,
    log: app.log.child({ component: 'webhook-outbox' }),
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
    views,
    reconciliation,
    onboarding,
    linking,
    worker,
    outbox,
  }
  app.decorate('services', services)

  await installApi(
    app,
    {
      apiKeys: config.apiKeys,
      rateLimitPerMinute: config.http.rateLimitPerMinute,
      authFailuresPerMinute: config.http.authFailuresPerMinute,
    },
    { store, clock, metrics, companies, onboarding, views, feeds, worker, reconciliation, linking },
  )
  await installPages(app, services)
  await installWebhooks(app, { config, store, worker, clock, metrics })

  if (deps.startWorker === true) {
    app.addHook('onReady', async () => worker.start())
    app.addHook('onReady', async () => outbox.start())
  }
  app.addHook('onClose', async () => {
    await outbox.stop()
    await worker.stop()
    await accounts.flush()
  })
  return app
}
