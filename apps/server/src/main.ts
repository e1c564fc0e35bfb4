import { join } from 'node:path'
import { createCodatClient } from '@feedsync/codat-client'
import { createEventStore } from '@feedsync/store'
import { buildApp } from './app.js'
import { type Clock, simulatorClock, systemClock } from './clock.js'
import { checkCodatAccess } from './codat-check.js'
import { ConfigError, loadConfig, type ServerConfig } from './config.js'
import { Metrics } from './metrics.js'
import { CodatBudget } from './sync/codat-budget.js'

/** `pnpm server`: the server alone, configured from the environment (see README). */
async function main(): Promise<void> {
  let config: ServerConfig
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`feedsync server: bad configuration: ${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  const started = Date.now()
  // One cheap call (one attempt, 3 s) beside opening the store: a wrong CODAT_API_KEY refuses the
  // start here, naming the variable, instead of a 502 at the first onboarding.
  const probe = createCodatClient({
    baseUrl: config.codat.baseUrl,
    apiKey: config.codat.apiKey,
    timeoutMs: 3000,
    retry: { maxAttempts: 1 },
  })
  const access = checkCodatAccess(probe, config.codat.baseUrl)
  const store = await createEventStore(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url }
      : { kind: 'pglite', dataDir: join(config.database.dataDir, 'db') },
  )
  const codatAccess = await access
  if (!codatAccess.ok && codatAccess.fatal) {
    process.stderr.write(`feedsync server: bad configuration: ${codatAccess.message}\n`)
    await store.close()
    process.exit(2)
  }
  const metrics = new Metrics()
  // One request budget for every process on the database (a token bucket row, Retry-After shared).
  const budget = new CodatBudget({
    store,
    settings: config.codatBudget,
    metrics: metrics.codatBudget,
  })
  const codat = createCodatClient({
    baseUrl: config.codat.baseUrl,
    apiKey: config.codat.apiKey,
    limiter: budget,
  })
  const clock: Clock =
    config.clock === 'simulator' ? simulatorClock(config.codat.baseUrl, config.codat.apiKey) : systemClock
  const app = await buildApp({ store, codat, clock, config, metrics, startWorker: true })
  if (!codatAccess.ok) app.log.warn(codatAccess.message)

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down: stopping the worker, closing the server and the store')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    try {
      await app.close() // stops the worker (onClose hook) and drains requests
      await store.close()
      process.exit(0)
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    process.stderr.write(
      `feedsync server: port ${config.port} on ${config.host} is already in use: set PORT to a free port\n`,
    )
    await store.close()
    process.exit(2)
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  app.log.info(
    {
      database: config.database.kind,
      codat: config.codat.baseUrl,
      clock: config.clock,
      startMs: Date.now() - started,
    },
    'feedsync server ready',
  )
  process.stdout.write(`feedsync server listening on http://${config.host}:${port}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `feedsync server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
