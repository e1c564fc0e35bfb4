import { expect, it } from 'vitest'
import { basic, fetchCaller } from './support/api-client.js'
import { createPostgresDatabase } from './support/database.js'
import { expectQboHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { type BankTransaction, daysEndingOn, FeedScenario, transactionsOn } from './support/feed-scenario.js'
import { cleanupAfterEach, describeOnPostgres, serverProcesses } from './support/harness.js'
import { CODAT_KEY } from './support/keys.js'
import type { ServerProcess } from './support/server-process.js'
import { startSimulator } from './support/simulator.js'
import { waitFor } from './support/wait.js'

const ACCOUNTS = ['chk-1', 'chk-2', 'chk-3', 'chk-4']

const name = 'two server processes on one Postgres database'
const behaviour =
  'given two server processes whose workers and "sync now" calls push for the same accounts at once, when they settle and QBO pulls, then every pushable transaction is in QBO exactly once'

describeOnPostgres(name, behaviour, 'the two-process test', (adminUrl) => {
  const cleanup = cleanupAfterEach()

  it(behaviour, async () => {
    const db = await createPostgresDatabase(adminUrl)
    cleanup(() => db.dispose())
    const sim = await startSimulator({ clock: 'running', pushLatencyMs: 100 })
    cleanup(() => sim.close())
    const env = {
      ...db.env,
      FEEDSYNC_MAX_BATCH_SIZE: '5',
      FEEDSYNC_SYNC_INTERVAL_MS: '150',
      FEEDSYNC_POLL_INTERVAL_MS: '50',
      // Pushes are Pending 100 ms here, not QBO's 2 s: the first read after 50 ms (still Pending).
      FEEDSYNC_POLL_FIRST_MS: '50',
      FEEDSYNC_LEASE_TTL_MS: '5000',
    }
    const { processes, spawn } = serverProcesses(cleanup, 30)
    for (let i = 0; i < 2; i++) await spawn({ codatBaseUrl: sim.url, env: { ...env, LOG_LEVEL: 'warn' } })
    const [p1, p2] = processes as [ServerProcess, ServerProcess]
    const simCaller = fetchCaller(sim.url, basic(CODAT_KEY))
    const s1 = new FeedScenario(p1.api, simCaller)
    await s1.onboard(ACCOUNTS)
    const s2 = s1.through(p2.api)
    const today = (await s1.now()).slice(0, 10)
    const days = daysEndingOn(today, 3)

    // Each account's transactions arrive half through one process, half through the other, at once,
    // before the feed is linked: otherwise a worker may push a later day while the other process is
    // still recording an earlier one, which is then rightly parked as older than what QBO holds (a
    // late posting, explained by the reconciliation report) rather than pushed.
    const pushable = new Map<string, BankTransaction[]>()
    await Promise.all(
      ACCOUNTS.map(async (account, a) => {
        const txns = transactionsOn(days, 10, `a${a}`)
        pushable.set(account, txns)
        const odd = txns.filter((_, i) => i % 2 === 1)
        const even = txns.filter((_, i) => i % 2 === 0)
        await Promise.all([s1.record(account, even), s2.record(account, odd)])
      }),
    )
    // Some answers are lost after Codat stored the push: the other process may be the one to reconcile.
    // Scheduled faults always fire (there are at least 24 pushes); the seeded random ones add more, in
    // an order that depends on how the two processes interleave.
    await s1.link(ACCOUNTS, days[0] ?? today)
    await s1.fault({ route: 'create-bank-transactions', drop: 'after', after: 2, count: 3 })
    await s1.fault({ route: 'get-create-operation', status: 503, after: 1, count: 4 })
    await s1.fault({ route: 'create-bank-transactions', drop: 'after', probability: 0.15 })
    await s1.fault({ route: 'get-create-operation', status: 503, probability: 0.15 })
    await s1.advance('P1D')

    // Both workers loop every 150 ms; on top of that both processes are asked to sync every account.
    const statuses: number[] = []
    for (let round = 0; round < 5; round++) {
      const replies = await Promise.all(ACCOUNTS.flatMap((account) => [s1.sync(account), s2.sync(account)]))
      statuses.push(...replies.map((r) => r.status))
    }
    expect(statuses.every((st) => st === 200 || st === 409)).toBe(true)
    const applied = await s1.clearFaults()
    expect(
      applied.reduce((a, b) => a + b, 0),
      'the faults fired',
    ).toBeGreaterThan(0)

    for (const account of ACCOUNTS) {
      await waitFor(
        `${account} to settle`,
        async () => {
          const feed = await s1.feed(account)
          return feed.counts.ready === 0 && feed.counts.inFlight === 0 ? true : undefined
        },
        { timeoutMs: 60_000, everyMs: 100 },
      )
    }
    await waitFor('no request held at Codat', () => (sim.inFlight() === 0 ? true : undefined))
    const view = await s1.pull()
    for (const account of ACCOUNTS) {
      const txns = pushable.get(account) ?? []
      const v = view.find((x) => x.sourceAccountId === account)
      expectQboHoldsExactlyOnce(v, txns, '1000.00')
      await expectServerAgrees(s2, account, v, txns)
    }
  })
})
