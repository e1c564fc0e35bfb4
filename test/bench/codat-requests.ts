/**
 * Part (d) of the engine benchmark (issue 12 scope 4): Codat requests per account-day, with Codat's
 * webhooks on and off (the polling baseline), and for an idle account. Counted from the simulator's
 * own request log (`ListeningSimulator.codatRequests()`: every request to its Codat API, `/_sim/*`
 * left out), so nothing in the engine is trusted to count itself.
 *
 * One run per mode: a server process (the TypeScript sources) on a fresh Postgres database, QBO,
 * pushes Pending 2 s at Codat (the simulator's QBO default), the engine's default poll interval.
 * `ACCOUNTS` accounts in one company get `PER_DAY` cleared lines a day for `DAYS` days; each day the
 * clock moves a day and every account is synced once (what the daily schedule does), until settled.
 * The window counted starts after onboarding and linking, once the server has learnt every link (its
 * first source-account read: one-off requests, printed apart).
 */
import { loadConfig } from '@feedsync/server'
import { createPostgresDatabase } from '../src/support/database.js'
import { daysEndingOn, type FeedScenario, transactionsOn } from '../src/support/feed-scenario.js'
import { CODAT_KEY, TENANT_KEY } from '../src/support/keys.js'
import { startWebhookSystem, syncWithWebhooks, type WebhookSystem } from '../src/support/webhook-system.js'

const ACCOUNTS = Number(process.env.BENCH_CODAT_ACCOUNTS ?? 5)
const DAYS = Number(process.env.BENCH_CODAT_DAYS ?? 3)
const PER_DAY = 20

/** What one mode spent. */
export interface CodatRequestCount {
  readonly webhooks: boolean
  readonly onboarding: number
  readonly accountDays: number
  readonly active: number
  readonly idle: number
  readonly idleRoutes: string[]
  /** Requests of the active window by route (ids folded to `:id`). */
  readonly routes: Record<string, number>
  /** The link watch's configured re-read interval (ms), outside the measured window. */
  readonly linkRefreshMs: number
}

/** `GET /companies/3f0c…/push/9a1…?x=1` → `GET /companies/:id/push/:id`. */
const route = (r: string): string =>
  r
    .replace(/\?.*$/, '')
    .split('/')
    .map((seg, i) => (i > 1 && /[0-9a-f]{8}-|^[A-Za-z0-9_-]{16,}$|\d/.test(seg) ? ':id' : seg))
    .join('/')

/**
 * Until the server has learnt each account's link (a sync reads Codat's source-account list): the
 * one-off read that tells the server about the SMB's link belongs with onboarding and linking, not
 * with the account-days.
 */
async function learnt(s: FeedScenario, accountIds: readonly string[]): Promise<void> {
  for (const a of accountIds) {
    if ((await s.feed(a)).link === 'linked') continue
    const r = await s.sync(a)
    if (r.status !== 200) throw new Error(`sync ${a}: HTTP ${r.status}`)
    const link = (await s.feed(a)).link
    if (link !== 'linked') throw new Error(`${a}: link ${link} after linking and a sync`)
  }
}

async function runMode(adminUrl: string, webhooks: boolean): Promise<CodatRequestCount> {
  const db = await createPostgresDatabase(adminUrl)
  const env = { FEEDSYNC_MAX_BATCH_SIZE: '1000', FEEDSYNC_POLL_INTERVAL_MS: '1000', LOG_LEVEL: 'warn' }
  const sys: WebhookSystem = await startWebhookSystem({
    database: 'postgres',
    db,
    webhooks,
    sim: { pushLatencyMs: 2000, rateLimit: { dailyQuota: 1_000_000_000, perMinute: 1_000_000_000 } },
    env,
  })
  try {
    const log = () => sys.sim.codatRequests().length
    const s = sys.scenario
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `acct-${i}`)
    await s.onboard(accounts, 'Codat count company')
    const today = (await s.now()).slice(0, 10)
    await s.link(accounts, today)
    await learnt(s, accounts)
    const idleCo = s.through(s.api)
    idleCo.companyId = ''
    await idleCo.onboard(['idle-0'], 'Codat count idle company')
    await idleCo.link(['idle-0'], today)
    await learnt(idleCo, ['idle-0'])
    const onboarding = log()

    const start = log()
    for (let d = 0; d < DAYS; d++) {
      const day = (await s.now()).slice(0, 10)
      for (const a of accounts) await s.record(a, transactionsOn(daysEndingOn(day, 1), PER_DAY, `${a}-d${d}`))
      await s.advance('P1D')
      for (const a of accounts) {
        const feed = await syncWithWebhooks(sys, s, a, { timeoutMs: 120_000 })
        if (feed.counts.ready + feed.counts.inFlight !== 0) throw new Error(`${a} day ${d}: not settled`)
      }
    }
    const activeRequests = sys.sim.codatRequests().slice(start)
    const routes: Record<string, number> = {}
    for (const r of activeRequests) routes[route(r)] = (routes[route(r)] ?? 0) + 1

    // The idle account: a day passes, its daily sync finds nothing to push.
    const idleStart = log()
    await idleCo.advance('P1D')
    await syncWithWebhooks(sys, idleCo, 'idle-0')
    const idle = log() - idleStart
    const idleRoutes = sys.sim.codatRequests().slice(idleStart).map(route)

    const config = loadConfig({
      CODAT_API_KEY: CODAT_KEY,
      FEEDSYNC_API_KEYS: TENANT_KEY,
      ...(webhooks ? { CODAT_WEBHOOK_SECRET: sys.secret } : {}),
    })
    return {
      webhooks,
      onboarding,
      accountDays: ACCOUNTS * DAYS,
      active: activeRequests.length,
      idle,
      idleRoutes,
      routes,
      linkRefreshMs: config.sync.linkRefreshMs,
    }
  } finally {
    await sys.close()
  }
}

/** Runs both modes and prints the figures (and the ratio to the polling baseline). */
export async function benchCodatRequests(adminUrl: string, log: (m: string) => void): Promise<void> {
  log(
    `\n(d) Codat requests per account-day: ${ACCOUNTS} accounts x ${DAYS} days, ${PER_DAY} lines a day, pushes Pending 2 s`,
  )
  const per = (c: CodatRequestCount) => c.active / c.accountDays
  const show = (c: CodatRequestCount) => {
    log(
      `  ${c.webhooks ? 'with webhooks:   ' : 'without (polling):'} ${per(c).toFixed(2)} per account-day (${c.active} requests / ${c.accountDays} account-days)${c.webhooks ? ' (target <= 1.5)' : ''}; idle account, one day: ${c.idle}; onboarding + link (once): ${c.onboarding}`,
    )
    log(`    by route: ${JSON.stringify(c.routes)}; idle: ${JSON.stringify(c.idleRoutes)}`)
    return c
  }
  const off = show(await runMode(adminUrl, false))
  const on = show(await runMode(adminUrl, true))
  log(`  ratio with/without webhooks: ${(per(on) / per(off)).toFixed(2)}`)
  log(
    `  not in the window: a linked idle account's link re-check, first after ${off.linkRefreshMs / 60_000} min without webhooks (${on.linkRefreshMs / 60_000} min with), then at doubling gaps up to a day (FEEDSYNC_LINK_RECHECK_MAX_MS): about one source-account read a day per company once settled`,
  )
}
