import { createCodatClient } from '@feedsync/codat-client'
import { buildApp, type Clock, CodatBudget, loadConfig, Metrics } from '@feedsync/server'
import type { EventStore } from '@feedsync/store'
import { bearer, type HttpCaller, injectCaller } from './api-client.js'
import { CODAT_KEY, OTHER_TENANT_KEY, TENANT_KEY } from './keys.js'

/** The feedsync server built in this process (`buildApp`), driven with `inject`. */
export interface InProcessServer {
  /** The API as tenant A. */
  readonly api: HttpCaller
  /** The API as tenant B. */
  readonly otherTenant: HttpCaller
  /** One cycle of the sync worker over every company and account. */
  runWorker(): Promise<void>
  /** Log lines the server wrote (JSON), for secret checks. */
  readonly logs: string[]
  close(): Promise<void>
}

/**
 * Builds the server on `store`, talking to Codat at `codatBaseUrl` through the real Codat client (so an
 * msw handler or a listening simulator answers), with `clock` injected (tests pass one that reads the
 * simulator's clock, so both sides share one "now").
 */
export async function startInProcessServer(options: {
  store: EventStore
  codatBaseUrl: string
  clock: Clock
  env?: Record<string, string>
  /** Per-attempt timeout of the Codat client (default 5000 ms). */
  codatTimeoutMs?: number
}): Promise<InProcessServer> {
  const config = loadConfig({
    CODAT_API_KEY: CODAT_KEY,
    CODAT_BASE_URL: options.codatBaseUrl,
    FEEDSYNC_API_KEYS: `${TENANT_KEY},${OTHER_TENANT_KEY}`,
    FEEDSYNC_POLL_INTERVAL_MS: '0',
    // The first status read at once: these systems' pushes are Pending for a few ms of a running
    // clock, or until a frozen one is advanced, never for the ledger's real 2-60 s.
    FEEDSYNC_POLL_FIRST_MS: '0',
    FEEDSYNC_MAX_POLLS: '5',
    // In-process systems answer in microseconds: the budget's rate stays out of the way (its 429
    // blocks and company slots still apply); a test that wants the real rate sets it.
    FEEDSYNC_CODAT_REQUESTS_PER_MINUTE: '60000',
    LOG_LEVEL: 'info',
    ...options.env,
  })
  // The request budget on this store, as `main.ts` wires it (a 429 blocks every later request).
  const metrics = new Metrics({ defaultMetrics: false })
  const limiter = new CodatBudget({
    store: options.store,
    settings: config.codatBudget,
    metrics: metrics.codatBudget,
  })
  // Short waits keep fault tests quick; a 429's Retry-After is still honoured.
  const codat = createCodatClient({
    apiKey: CODAT_KEY,
    baseUrl: options.codatBaseUrl,
    timeoutMs: options.codatTimeoutMs ?? 5_000,
    retry: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 200 },
    limiter,
  })
  const logs: string[] = []
  const app = await buildApp({
    store: options.store,
    codat,
    clock: options.clock,
    config,
    metrics,
    logger: { stream: { write: (line: string) => void logs.push(line) } },
  })
  await app.ready()
  return {
    api: injectCaller(app, bearer(TENANT_KEY)),
    otherTenant: injectCaller(app, bearer(OTHER_TENANT_KEY)),
    runWorker: () => app.services.worker.runOnce(),
    logs,
    close: () => app.close(),
  }
}
