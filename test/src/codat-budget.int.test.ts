import { expect, it } from 'vitest'
import { basic, fetchCaller } from './support/api-client.js'
import { busiestMinute, metric } from './support/codat-budget-log.js'
import { createPostgresDatabase } from './support/database.js'
import { expectQboHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { type BankTransaction, daysEndingOn, FeedScenario, transactionsOn } from './support/feed-scenario.js'
import { cleanupAfterEach, describeOnPostgres, serverProcesses } from './support/harness.js'
import { CODAT_KEY } from './support/keys.js'
import type { ServerProcess } from './support/server-process.js'
import { startSimulator } from './support/simulator.js'
import { waitFor } from './support/wait.js'

/**
 * Codat's real limit is 1000 requests a minute; this test runs the simulator at 60 a minute (and the
 * budget with it) so that a few companies' onboarding, link watching and pushes bite within minutes (without the
 * budget the same run sends about 100 requests in 10 s).
 */
const PER_MINUTE = 60
const COMPANIES = 4
const ACCOUNTS_PER_COMPANY = 2

const name = 'three server processes sharing one Codat request budget'
const behaviour = `given three server processes on one Postgres database and a simulator limited to ${PER_MINUTE} requests a minute, when ${COMPANIES * ACCOUNTS_PER_COMPANY} accounts are onboarded, linked and push, then every transaction is in QBO exactly once, no minute holds more than the limit, and any 429 is followed by its announced wait`

describeOnPostgres(name, behaviour, 'the budget test', (adminUrl) => {
  const cleanup = cleanupAfterEach()

  it(behaviour, { timeout: 600_000 }, async () => {
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
      FEEDSYNC_SYNC_INTERVAL_MS: '150',
      FEEDSYNC_POLL_INTERVAL_MS: '200',
      FEEDSYNC_LEASE_TTL_MS: '30000',
      FEEDSYNC_CODAT_REQUESTS_PER_MINUTE: String(PER_MINUTE),
      // burst 3 + 51 a minute + 3 processes × 2 held tokens = 60 (see the server README).
      FEEDSYNC_CODAT_BUDGET_BLOCK: '2',
      LOG_LEVEL: 'warn',
    }
    const { processes, spawn } = serverProcesses(cleanup, 30)
    for (let i = 0; i < 3; i++) await spawn({ codatBaseUrl: sim.url, env })
    const simCaller = fetchCaller(sim.url, basic(CODAT_KEY))
    const through = (i: number) => processes[i % processes.length] as ServerProcess

    const scenarios = await Promise.all(
      Array.from({ length: COMPANIES }, async (_, c) => {
        const s = new FeedScenario(through(c).api, simCaller)
        const accounts = Array.from({ length: ACCOUNTS_PER_COMPANY }, (_, a) => `c${c}-chk-${a}`)
        await s.onboard(accounts, `Budget Co ${c}`)
        return { s, accounts }
      }),
    )
    const today = (await scenarios[0]?.s.now())?.slice(0, 10) ?? ''
    const days = daysEndingOn(today, 2)
    const pushable = new Map<string, BankTransaction[]>()
    await Promise.all(
      scenarios.flatMap(({ s, accounts }, c) =>
        accounts.map(async (account, a) => {
          const txns = transactionsOn(days, 4, `c${c}a${a}`)
          pushable.set(account, txns)
          await s.through(through(c + a + 1).api).record(account, txns)
        }),
      ),
    )
    for (const { s, accounts } of scenarios) await s.link(accounts, days[0] ?? today)
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
    for (const e of limited) {
      const next = log.find((x) => x.at > e.at)
      if (next !== undefined) expect(next.at - e.at).toBeGreaterThanOrEqual((e.retryAfter ?? 1) * 1000 - 50)
    }
    const spread = []
    for (const p of processes) {
      spread.push({
        pushed: await metric(p, 'feedsync_batches_pushed_total'),
        tokens: await metric(p, 'feedsync_codat_budget_tokens_total'),
        statements: await metric(p, 'feedsync_codat_budget_statements_total'),
        waits: await metric(p, 'feedsync_codat_budget_waits_total'),
        waitSeconds: Math.round(await metric(p, 'feedsync_codat_budget_wait_seconds_total')),
        seen429: await metric(p, 'feedsync_codat_rate_limited_total'),
      })
    }
    const spanS = ((log.at(-1)?.at ?? 0) - (log[0]?.at ?? 0)) / 1000
    console.log(
      JSON.stringify({
        codatRequests: log.length,
        spanSeconds: Math.round(spanS),
        busiestMinute: busiestMinute(log),
        status429: limited.length,
        perProcess: spread,
      }),
    )
    expect(busiestMinute(log)).toBeLessThanOrEqual(PER_MINUTE)
    expect(limited, 'no 429 at all: the budget kept under the limit').toEqual([])
    expect(
      spread.every((p) => p.tokens > 0),
      'every process spent budget',
    ).toBe(true)
  })
})
