import { expect, it } from 'vitest'
import { basic, fetchCaller } from './support/api-client.js'
import {
  busiestMinute,
  metric,
  mostConcurrentPerCompany,
  requestsDuringWait,
  spreadFromMean,
} from './support/codat-budget-log.js'
import { createPostgresDatabase } from './support/database.js'
import { expectQboHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { type BankTransaction, daysEndingOn, FeedScenario, transactionsOn } from './support/feed-scenario.js'
import { cleanupAfterEach, describeOnPostgres, serverProcesses } from './support/harness.js'
import { CODAT_KEY } from './support/keys.js'
import type { ServerProcess } from './support/server-process.js'
import { startSimulator } from './support/simulator.js'
import { waitFor } from './support/wait.js'

/**
 * Codat's real limit: 1000 requests a minute per IP (BEHAVIOUR §9.1), the simulator's default and
 * the budget's default (`FEEDSYNC_CODAT_REQUESTS_PER_MINUTE`). The work is sized so that the budget
 * binds (the engine would send far more than 1000 a minute without it): see test/bench/SCALE-RESULTS.md.
 */
const PER_MINUTE = 1000
const COMPANIES = Number(process.env.BUDGET_COMPANIES ?? 30)
const ACCOUNTS_PER_COMPANY = Number(process.env.BUDGET_ACCOUNTS ?? 10)
const PROCESSES = 3
/** One 429 injected on a push mid-run, with this wait: every process must hold back for it. */
const INJECTED_RETRY_AFTER_S = 3

const name = "three server processes at Codat's real per-minute limit"
const behaviour = `given ${PROCESSES} server processes on one Postgres database and a simulator at Codat's real ${PER_MINUTE} requests a minute, when ${COMPANIES * ACCOUNTS_PER_COMPANY} accounts are onboarded, linked and push and one push gets a 429, then every transaction is in QBO exactly once, no minute holds more than the limit, the 429 is a single event followed by its announced wait, and each process pushed within 20% of the mean`

/** Requests per route (ids left out), for the results file. */
function byRoute(log: readonly { readonly request: string }[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const e of log) {
    const route =
      e.request
        .split('?')[0]
        ?.replace(/\/[0-9a-f-]{36}/g, '/:id')
        .replace(/\/bankAccounts\/[^/]+/, '/bankAccounts/:account') ?? ''
    out[route] = (out[route] ?? 0) + 1
  }
  return out
}

/** Runs `work` over `items`, `width` at a time. */
async function inWaves<T, R>(items: readonly T[], width: number, work: (t: T, i: number) => Promise<R>) {
  const out: R[] = []
  let next = 0
  const runner = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T, i)
  }
  await Promise.all(Array.from({ length: width }, runner))
  return out
}

describeOnPostgres(name, behaviour, 'the budget test', (adminUrl) => {
  const cleanup = cleanupAfterEach()

  it(behaviour, { timeout: 600_000 }, async () => {
    const started = Date.now()
    const db = await createPostgresDatabase(adminUrl)
    cleanup(() => db.dispose())
    const sim = await startSimulator({
      clock: 'running',
      pushLatencyMs: 100,
      rateLimit: { perMinute: PER_MINUTE },
    })
    cleanup(() => sim.close())
    const env = {
      ...db.env,
      FEEDSYNC_SYNC_INTERVAL_MS: '500',
      FEEDSYNC_POLL_INTERVAL_MS: '200',
      FEEDSYNC_LEASE_TTL_MS: '30000',
      FEEDSYNC_CODAT_REQUESTS_PER_MINUTE: String(PER_MINUTE),
      FEEDSYNC_RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'warn',
    }
    const { processes, spawn } = serverProcesses(cleanup, 30)
    for (let i = 0; i < PROCESSES; i++) await spawn({ codatBaseUrl: sim.url, env })
    const simCaller = fetchCaller(sim.url, basic(CODAT_KEY))
    const through = (i: number) => processes[i % processes.length] as ServerProcess

    const companies = Array.from({ length: COMPANIES }, (_, c) => c)
    const scenarios = await inWaves(companies, 8, async (c) => {
      const s = new FeedScenario(through(c).api, simCaller)
      const accounts = Array.from({ length: ACCOUNTS_PER_COMPANY }, (_, a) => `c${c}-chk-${a}`)
      await s.onboard(accounts, `Budget Co ${c}`)
      return { s, accounts, c }
    })
    const onboardedS = (Date.now() - started) / 1000
    const today = (await scenarios[0]?.s.now())?.slice(0, 10) ?? ''
    const days = daysEndingOn(today, 2)
    const pushable = new Map<string, BankTransaction[]>()
    await inWaves(
      scenarios.flatMap(({ s, accounts, c }) => accounts.map((account, a) => ({ s, account, a, c }))),
      8,
      async ({ s, account, a, c }) => {
        const txns = transactionsOn(days, 2, `c${c}a${a}`)
        pushable.set(account, txns)
        await s.through(through(c + a + 1).api).record(account, txns)
      },
    )
    const half = Math.floor((COMPANIES * ACCOUNTS_PER_COMPANY) / 2)
    expect(
      (
        await simCaller.call('POST', '/_sim/faults', {
          route: 'create-bank-transactions',
          status: 429,
          retryAfterSeconds: INJECTED_RETRY_AFTER_S,
          after: half,
          count: 1,
        })
      ).status,
    ).toBeLessThan(300)
    const wave = Date.now()
    await inWaves(scenarios, 8, ({ s, accounts }) => s.link(accounts, days[0] ?? today))
    await scenarios[0]?.s.advance('P1D')

    for (const { s, accounts } of scenarios) {
      for (const account of accounts) {
        await waitFor(
          `${account} to settle`,
          async () => {
            const feed = await s.feed(account)
            return feed.counts.ready === 0 && feed.counts.inFlight === 0 && feed.counts.pushed > 0
              ? true
              : undefined
          },
          { timeoutMs: 300_000, everyMs: 500 },
        )
      }
    }
    const settledS = (Date.now() - wave) / 1000
    await waitFor('no request held at Codat', () => (sim.inFlight() === 0 ? true : undefined))
    const log = [...sim.codatLog()]
    for (const { s, accounts } of scenarios) {
      const view = await s.pull()
      for (const account of accounts) {
        const txns = pushable.get(account) ?? []
        const v = view.find((x) => x.sourceAccountId === account)
        expectQboHoldsExactlyOnce(v, txns, '1000.00')
        await expectServerAgrees(s, account, v, txns)
      }
    }

    const limited = log.filter((e) => e.status === 429)
    const perProcess = []
    for (const p of processes) {
      perProcess.push({
        pushed: await metric(p, 'feedsync_batches_pushed_total'),
        tokens: await metric(p, 'feedsync_codat_budget_tokens_total'),
        statements: await metric(p, 'feedsync_codat_budget_statements_total'),
        waitSeconds: Math.round(await metric(p, 'feedsync_codat_budget_wait_seconds_total')),
        seen429: await metric(p, 'feedsync_codat_rate_limited_total'),
      })
    }
    const early = requestsDuringWait(log, { graceMs: 50, slackMs: 50 })
    const pushSpread = spreadFromMean(perProcess.map((p) => p.pushed))
    console.log(
      JSON.stringify({
        companies: COMPANIES,
        accounts: COMPANIES * ACCOUNTS_PER_COMPANY,
        codatRequests: log.length,
        spanSeconds: Math.round(((log.at(-1)?.at ?? 0) - (log[0]?.at ?? 0)) / 1000),
        onboardedSeconds: Math.round(onboardedS),
        pushWaveSeconds: Math.round(settledS),
        testSeconds: Math.round((Date.now() - started) / 1000),
        byRoute: byRoute(log),
        busiestMinute: busiestMinute(log),
        mostConcurrentPerCompany: mostConcurrentPerCompany(log),
        status429: limited.map((e) => ({ request: e.request, retryAfter: e.retryAfter })),
        early: early.slice(0, 10).map((e) => ({ msAfter: e.msAfter, request: e.request.request })),
        earlyCount: early.length,
        pushSpread: Math.round(pushSpread * 1000) / 1000,
        perProcess,
      }),
    )
    expect(busiestMinute(log)).toBeLessThanOrEqual(PER_MINUTE)
    expect(mostConcurrentPerCompany(log), "Codat's 10 concurrent requests per company").toBeLessThanOrEqual(
      10,
    )
    expect(busiestMinute(log), 'the budget binds: the run is bounded by it').toBeGreaterThan(PER_MINUTE * 0.6)
    expect(
      limited.map((e) => e.retryAfter),
      'one 429, the injected one: the budget kept under the limit',
    ).toEqual([INJECTED_RETRY_AFTER_S])
    expect(early, 'no process sent a request during the announced wait').toEqual([])
    expect(pushSpread, 'each process pushed within 20% of the mean').toBeLessThanOrEqual(0.2)
  })
})
