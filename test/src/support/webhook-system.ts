import pg from 'pg'
import { basic, fetchCaller, type HttpCaller } from './api-client.js'
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './database.js'
import { FeedScenario, type FeedView } from './feed-scenario.js'
import { CODAT_KEY } from './keys.js'
import { type PlatformCase, QBO_PLATFORM } from './platforms.js'
import { type ServerProcess, spawnServer } from './server-process.js'
import { drainWebhooks, registerCodatEndpoint } from './sim-webhooks.js'
import { type ListeningSimulator, startSimulator } from './simulator.js'
import { waitFor } from './wait.js'
import { freePort } from './webhook-receiver.js'

/**
 * A server process with Codat's webhooks on, a listening simulator sending them, and a fresh
 * database. The server keeps one port across restarts, so the simulator's endpoint (registered
 * through `POST /webhooks`, its secret given to the server as `CODAT_WEBHOOK_SECRET`) reaches the
 * restarted process, and retries of attempts that failed while it was down land there.
 */
export interface WebhookSystem {
  readonly sim: ListeningSimulator
  /** The simulator's Codat API (Basic key). */
  readonly codat: HttpCaller
  readonly db: TestDatabase
  readonly endpointId: string
  /** The endpoint's `whsec_` secret (the engine's `CODAT_WEBHOOK_SECRET`). */
  readonly secret: string
  /** `http://127.0.0.1:<port>`, the same for every process. */
  readonly serverUrl: string
  /** The server processes started so far, the live one last. */
  readonly processes: ServerProcess[]
  readonly server: ServerProcess
  readonly scenario: FeedScenario
  /** Starts a server process again on the same port and database (after `crash` or `stop`). */
  restart(): Promise<ServerProcess>
  close(): Promise<void>
}

/** Environment of the webhook suites' server processes (plus the database's and the caller's). */
export const WEBHOOK_SERVER_ENV: Record<string, string> = {
  FEEDSYNC_MAX_BATCH_SIZE: '10',
  // The worker does not loop on its own: syncs are asked for, outcomes come by webhook.
  FEEDSYNC_SYNC_INTERVAL_MS: '3600000',
  FEEDSYNC_POLL_INTERVAL_MS: '100',
  FEEDSYNC_LEASE_TTL_MS: '5000',
}

export async function startWebhookSystem(options: {
  database: DatabaseKind
  /** A database made already (else a fresh one of `database`); disposed by `close` either way. */
  db?: TestDatabase
  platform?: PlatformCase
  /** Simulator options (running clock, pushes Pending 200 ms unless told). */
  sim?: Record<string, unknown>
  env?: Record<string, string>
  /** Register the Codat endpoint (default true); false: webhooks off, the polling baseline. */
  webhooks?: boolean
}): Promise<WebhookSystem> {
  const platform = options.platform ?? QBO_PLATFORM
  const closers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {})
    closers.length = 0
  }
  try {
    const db = options.db ?? (await createTestDatabase(options.database))
    closers.push(() => db.dispose())
    const base = { clock: 'running', pushLatencyMs: 200, ...options.sim } as const
    const sim = await startSimulator({ ...base, ...platform.sim(base as never) })
    closers.push(() => sim.close())
    const codat = fetchCaller(sim.url, basic(CODAT_KEY))
    const port = await freePort()
    const serverUrl = `http://127.0.0.1:${port}`
    let endpointId = ''
    let secret = ''
    if (options.webhooks !== false) {
      ;({ endpointId, secret } = await registerCodatEndpoint(codat, `${serverUrl}/webhooks/codat`))
    }
    const env = {
      ...db.env,
      ...WEBHOOK_SERVER_ENV,
      PORT: String(port),
      ...(secret === '' ? {} : { CODAT_WEBHOOK_SECRET: secret }),
      ...options.env,
    }
    const processes: ServerProcess[] = []
    const start = async () => {
      const p = await spawnServer({ codatBaseUrl: sim.url, env })
      processes.push(p)
      closers.push(() => p.stop())
      return p
    }
    const first = await start()
    const scenario = new FeedScenario(first.api, codat, platform)
    return {
      sim,
      codat,
      db,
      endpointId,
      secret,
      serverUrl,
      processes,
      get server() {
        const p = processes.at(-1)
        if (p === undefined) throw new Error('no server process')
        return p
      },
      scenario,
      restart: start,
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Syncs the account until nothing is ready or in flight, letting webhooks settle each push: one
 * "sync now", then wait (draining the simulator's due attempts) until the feed has no batch in
 * flight, and again. Answers the last feed view (callers assert on it).
 */
export async function syncWithWebhooks(
  sys: Pick<WebhookSystem, 'codat' | 'endpointId'>,
  s: FeedScenario,
  accountId: string,
  options: {
    timeoutMs?: number
    /** Move the simulator's clock this much (ISO duration) each wait round, so retries (W7) fall due. */
    nudge?: string
  } = {},
): Promise<FeedView> {
  const end = Date.now() + (options.timeoutMs ?? 60_000)
  for (;;) {
    const r = await s.sync(accountId)
    if (r.status !== 200 && r.status !== 409)
      throw new Error(`sync: HTTP ${r.status} ${JSON.stringify(r.body)}`)
    const feed = await waitFor(
      'the batch in flight to settle',
      async () => {
        if (options.nudge !== undefined) await s.advance(options.nudge)
        if (sys.endpointId !== '') await drainWebhooks(sys.codat)
        const f = await s.feed(accountId)
        return f.batchInFlight === null ? f : undefined
      },
      { timeoutMs: Math.max(1000, end - Date.now()), everyMs: options.nudge === undefined ? 50 : 250 },
    )
    if (feed.counts.ready === 0 && feed.counts.inFlight === 0) return feed
    if (Date.now() > end) return feed
  }
}

/** Rows of the store's event table of a Postgres test database (`undefined` on PGlite: the server holds it). */
export async function storeEventCount(db: TestDatabase): Promise<number | undefined> {
  if (db.url === undefined) return undefined
  const c = new pg.Client({ connectionString: db.url })
  await c.connect()
  try {
    const r = await c.query<{ n: string }>('select count(*)::text as n from store_events')
    return Number(r.rows[0]?.n ?? '0')
  } finally {
    await c.end()
  }
}
