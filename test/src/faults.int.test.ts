import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from './support/database.js'
import { expectLedgerHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { daysEndingOn, FeedScenario, transactionsOn } from './support/feed-scenario.js'
import { PLATFORMS, pushableOn } from './support/platforms.js'
import { type System, startSystem } from './support/system.js'

const ACCOUNT = 'chk-1'

/**
 * Faults of `/_sim/faults`, each on pushing (create-bank-transactions) or on following a push
 * (get-create-operation). A 5xx with `edge: true` is a gateway's, in front of Codat: nothing is stored.
 * Without it the 5xx is Codat's own, stored under the Idempotency-Key and replayed for 90 minutes
 * (BEHAVIOUR §2.4); `advance` then moves both clocks on after the faults, past the worker's window, so
 * the worker lists the create operations, finds none and pushes the lines again under a new key.
 */
const FAULTS: { name: string; faults: Record<string, unknown>[]; advance?: string }[] = [
  {
    name: '429 with Retry-After on the push',
    faults: [{ route: 'create-bank-transactions', status: 429, retryAfterSeconds: 1, count: 2 }],
  },
  {
    name: '500 at the gateway on the push, more times than the client retries',
    faults: [{ route: 'create-bank-transactions', status: 500, count: 6, edge: true }],
  },
  {
    name: '503 at the gateway on the push',
    faults: [{ route: 'create-bank-transactions', status: 503, count: 3, edge: true }],
  },
  {
    name: "Codat's own 500 on the push, stored under the Idempotency-Key and replayed",
    faults: [{ route: 'create-bank-transactions', status: 500, count: 1 }],
    advance: 'PT91M',
  },
  {
    name: "Codat's own 503 on the push, stored under the Idempotency-Key and replayed",
    faults: [{ route: 'create-bank-transactions', status: 503, count: 2 }],
    advance: 'PT91M',
  },
  {
    name: 'latency beyond the client timeout on the push (the first attempt lands late)',
    faults: [{ route: 'create-bank-transactions', latencyMs: 1500, count: 1 }],
  },
  {
    name: 'connection dropped before the push is processed',
    faults: [{ route: 'create-bank-transactions', drop: 'before', count: 5 }],
  },
  {
    name: 'connection dropped after the push is processed (the push landed, the answer is lost)',
    faults: [{ route: 'create-bank-transactions', drop: 'after', count: 5 }],
  },
  {
    name: '429 with Retry-After on reading the push operation',
    faults: [{ route: 'get-create-operation', status: 429, retryAfterSeconds: 1, count: 2 }],
  },
  {
    name: '500 and 503 on reading the push operation',
    faults: [
      { route: 'get-create-operation', status: 500, count: 5 },
      { route: 'get-create-operation', status: 503, after: 5, count: 5 },
    ],
  },
  {
    name: 'latency and dropped connections on reading the push operation',
    faults: [
      { route: 'get-create-operation', latencyMs: 1500, count: 2 },
      { route: 'get-create-operation', drop: true, after: 2, count: 6 },
    ],
  },
  {
    name: 'a random campaign of every fault on both routes over many small batches',
    faults: [
      { route: 'create-bank-transactions', status: 429, retryAfterSeconds: 1, probability: 0.1, count: 3 },
      { route: 'create-bank-transactions', status: 500, probability: 0.2, edge: true },
      { route: 'create-bank-transactions', status: 503, probability: 0.1, edge: true },
      { route: 'create-bank-transactions', drop: 'after', probability: 0.2 },
      { route: 'create-bank-transactions', drop: 'before', probability: 0.1 },
      { route: 'get-create-operation', status: 503, probability: 0.2 },
      { route: 'get-create-operation', drop: true, probability: 0.2 },
      { route: 'get-create-operation', latencyMs: 1200, probability: 0.05 },
    ],
  },
]

const cases = PLATFORMS.flatMap((platform) => databaseKinds().map((database) => ({ platform, database })))

describe.each(cases)(
  'the sync worker under injected Codat faults ($platform.label, msw, $database)',
  ({ platform, database }) => {
    let system: System
    beforeAll(async () => {
      // Batches of at most 7 lines, so one sync makes several pushes; a 1 s client timeout so latency
      // bites; the simulator's clock runs and a push stays Pending for 150 ms, so the worker must follow
      // each operation with get-create-operation.
      system = await startSystem({
        transport: 'msw',
        database,
        platform,
        sim: { clock: 'running', pushLatencyMs: 150 },
        env: { FEEDSYNC_MAX_BATCH_SIZE: '7', FEEDSYNC_POLL_INTERVAL_MS: '50', FEEDSYNC_MAX_POLLS: '10' },
        codatTimeoutMs: 1000,
      })
    })
    afterAll(async () => {
      await system?.close()
    })

    it.each(FAULTS)(
      `given $name, when the worker syncs until it settles, then ${platform.label} holds every pushable transaction exactly once`,
      async ({ name, faults, advance }) => {
        const s = new FeedScenario(system.server.api, system.scenario.sim, platform)
        await s.onboard([ACCOUNT], `Faulty ${name}`)
        const today = (await s.now()).slice(0, 10)
        const days = daysEndingOn(today, 3)
        await s.link([ACCOUNT], days[0] ?? today)
        const recorded = transactionsOn(days, 10, `f${FAULTS.findIndex((f) => f.name === name)}`)
        const pushable = pushableOn(platform, recorded, days[0] ?? today, today)
        await s.record(ACCOUNT, recorded)
        await s.advance('P1D')

        for (const fault of faults) await s.fault(fault)
        // Sync while faults fire: every call answers (200 done/stuck, or 409 while a loop holds the lease).
        for (let i = 0; i < 8; i++) {
          const r = await s.sync(ACCOUNT)
          expect([200, 409]).toContain(r.status)
        }
        const applied = await s.clearFaults()
        expect(
          applied.reduce((a, b) => a + b, 0),
          'the faults fired',
        ).toBeGreaterThan(0)
        if (advance !== undefined) await s.advance(advance)
        const feed = await s.syncUntilSettled(ACCOUNT)
        expect(feed.counts.ready + feed.counts.inFlight).toBe(0)

        const view = await s.pull()
        expectLedgerHoldsExactlyOnce(platform, view[0], pushable, '1000.00')
        await expectServerAgrees(s, ACCOUNT, view[0], pushable)
      },
    )
  },
)
