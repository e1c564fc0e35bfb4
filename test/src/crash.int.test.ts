import { describe, expect, it } from 'vitest'
import { basic, fetchCaller } from './support/api-client.js'
import {
  createTestDatabase,
  type DatabaseKind,
  databaseKinds,
  type TestDatabase,
} from './support/database.js'
import { expectLedgerHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { daysEndingOn, FeedScenario, transactionsOn } from './support/feed-scenario.js'
import { cleanupAfterEach, serverProcesses } from './support/harness.js'
import { CODAT_KEY } from './support/keys.js'
import { PLATFORMS, type PlatformCase, pushableOn } from './support/platforms.js'
import { leaks, secretsOf } from './support/secrets.js'
import type { ServerProcess } from './support/server-process.js'
import { type ListeningSimulator, startSimulator } from './support/simulator.js'
import { waitFor } from './support/wait.js'

const ACCOUNT = 'chk-1'
const HOLD_MS = 4000

interface KillPoint {
  name: string
  /** The fault that holds the sync at the kill point. */
  fault: Record<string, unknown>
  /** The status of the batch in flight the feed shows at the kill point. */
  batchStatus: 'planned' | 'submitted'
  /** Restart only after the held push has landed at Codat. */
  restartAfterLanding: boolean
  env: Record<string, string>
}

const KILL_POINTS: KillPoint[] = [
  {
    name: 'its push is held at Codat (intent recorded, no answer yet; the push lands after the crash)',
    fault: { route: 'create-bank-transactions', latencyMs: HOLD_MS, after: 1, count: 1 },
    batchStatus: 'planned',
    restartAfterLanding: false,
    env: {},
  },
  {
    name: 'it follows a push operation (push accepted, outcome not yet recorded)',
    fault: { route: 'get-create-operation', latencyMs: HOLD_MS, after: 1, count: 1 },
    batchStatus: 'submitted',
    restartAfterLanding: false,
    env: {},
  },
  {
    name: 'its push landed and the Idempotency-Key window has passed (found among the create operations)',
    fault: { route: 'create-bank-transactions', latencyMs: HOLD_MS, after: 1, count: 1 },
    batchStatus: 'planned',
    restartAfterLanding: true,
    env: { FEEDSYNC_IDEMPOTENCY_WINDOW_MS: '0' },
  },
]

const cases = PLATFORMS.flatMap((platform) =>
  databaseKinds().flatMap((database) => KILL_POINTS.map((k) => ({ platform, database, ...k }))),
)

describe.each(cases)(
  'a server process killed with SIGKILL in the middle of a sync ($platform.label, $database)',
  ({ platform, database, ...kill }: KillPoint & { platform: PlatformCase; database: DatabaseKind }) => {
    const cleanup = cleanupAfterEach()

    it(`given the process dies while ${kill.name}, when it restarts on the same database, then ${platform.label} holds every pushable transaction exactly once`, async () => {
      const db: TestDatabase = await createTestDatabase(database)
      cleanup(() => db.dispose())
      // The simulator's clock runs; a push stays Pending 200 ms so the worker follows it.
      const base = { clock: 'running', pushLatencyMs: 200 } as const
      const sim: ListeningSimulator = await startSimulator({ ...base, ...platform.sim(base) })
      cleanup(() => sim.close())
      const env = {
        ...db.env,
        ...kill.env,
        FEEDSYNC_MAX_BATCH_SIZE: '10',
        FEEDSYNC_SYNC_INTERVAL_MS: '3600000',
        FEEDSYNC_POLL_INTERVAL_MS: '100',
        // The first status read at once, as the kill points count reads (`after: 1` holds the second).
        FEEDSYNC_POLL_FIRST_MS: '0',
        // The dead process's lease on the account must expire before the restarted one may work it.
        FEEDSYNC_LEASE_TTL_MS: '5000',
      }
      const { spawn } = serverProcesses(cleanup, 40)
      const start = (): Promise<ServerProcess> => spawn({ codatBaseUrl: sim.url, env })

      const first = await start()
      const s = new FeedScenario(first.api, fetchCaller(sim.url, basic(CODAT_KEY)), platform)
      await s.onboard([ACCOUNT])
      const today = (await s.now()).slice(0, 10)
      const days = daysEndingOn(today, 3)
      await s.link([ACCOUNT], days[0] ?? today)
      const recorded = transactionsOn(days, 12)
      const pushable = pushableOn(platform, recorded, days[0] ?? today, today)
      await s.record(ACCOUNT, recorded)
      await s.advance('P1D')
      await s.fault(kill.fault)

      // Sync now; the request never answers because the process dies under it.
      const syncing = s.sync(ACCOUNT).catch((error: unknown) => error)
      await waitFor('the fault to hold the sync', () =>
        sim.eventCount('FaultApplied') > 0 ? true : undefined,
      )
      const atKill = await s.feed(ACCOUNT)
      expect(atKill.batchInFlight?.status, 'the kill lands between intent and outcome').toBe(kill.batchStatus)
      await first.crash()
      expect((await first.exited).signal).toBe('SIGKILL')
      expect(await syncing).toBeInstanceOf(Error)

      if (kill.restartAfterLanding) {
        await waitFor('the held push to land at Codat', () => (sim.inFlight() === 0 ? true : undefined), {
          timeoutMs: HOLD_MS * 3,
        })
        expect(sim.eventCount('PushRequested')).toBe(2)
      }

      const second = await start()
      const s2 = s.through(second.api)
      const feed = await s2.syncUntilSettled(ACCOUNT, 60_000)
      expect(feed.counts.ready + feed.counts.inFlight).toBe(0)
      // A held push still on its way would land later and show up as a duplicate: wait until none is.
      await waitFor('no request held at Codat', () => (sim.inFlight() === 0 ? true : undefined), {
        timeoutMs: HOLD_MS * 3,
      })
      const view = await s2.pull()
      expectLedgerHoldsExactlyOnce(platform, view[0], pushable, '1000.00')
      await expectServerAgrees(s2, ACCOUNT, view[0], pushable)
      // Neither process logged a key or the QBO password, crash and recovery included.
      expect(leaks([...first.output, ...second.output], secretsOf(s))).toEqual([])
    })
  },
)
