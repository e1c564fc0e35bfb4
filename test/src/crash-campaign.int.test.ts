import { describe, expect, it } from 'vitest'
import { basic, fetchCaller } from './support/api-client.js'
import { createTestDatabase, databaseKinds } from './support/database.js'
import { expectQboHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { daysEndingOn, FeedScenario, transactionsOn } from './support/feed-scenario.js'
import { cleanupAfterEach, serverProcesses } from './support/harness.js'
import { CODAT_KEY } from './support/keys.js'
import { leaks, secretsOf } from './support/secrets.js'
import { startSimulator } from './support/simulator.js'
import { waitFor } from './support/wait.js'

const ACCOUNT = 'chk-1'

/** Where each of the successive kills lands: right after Codat stored a push, or while a push operation is read. */
const KILLS: ('after-push-stored' | 'while-following')[] = [
  'after-push-stored',
  'while-following',
  'after-push-stored',
  'after-push-stored',
  'while-following',
]

describe.each(databaseKinds())(
  'a server process killed again and again during one long sync (%s)',
  (database) => {
    const cleanup = cleanupAfterEach()

    it('given five SIGKILLs at pushes stored and operations being followed, each followed by a restart on the same database, when the last process settles, then QBO holds every pushable transaction exactly once', async () => {
      const db = await createTestDatabase(database)
      cleanup(() => db.dispose())
      const sim = await startSimulator({ clock: 'running', pushLatencyMs: 150 })
      cleanup(() => sim.close())
      const env = {
        ...db.env,
        FEEDSYNC_MAX_BATCH_SIZE: '4',
        FEEDSYNC_SYNC_INTERVAL_MS: '3600000',
        FEEDSYNC_POLL_INTERVAL_MS: '50',
        // The first status read at once (not after QBO's 2 s, the lease's whole TTL): the kills land
        // while operations are being followed, as they did.
        FEEDSYNC_POLL_FIRST_MS: '0',
        FEEDSYNC_LEASE_TTL_MS: '2000',
      }
      const { processes, spawn } = serverProcesses(cleanup, 25)
      const start = () => spawn({ codatBaseUrl: sim.url, env: { ...env, LOG_LEVEL: 'warn' } })

      let p = await start()
      const s = new FeedScenario(p.api, fetchCaller(sim.url, basic(CODAT_KEY)))
      await s.onboard([ACCOUNT])
      const today = (await s.now()).slice(0, 10)
      const days = daysEndingOn(today, 3)
      await s.link([ACCOUNT], days[0] ?? today)
      const pushable = transactionsOn(days, 16)
      await s.record(ACCOUNT, pushable)
      await s.advance('P1D')
      // Every read of a push operation is slowed, so "while following" has a window to land in.
      await s.fault({ route: 'get-create-operation', latencyMs: 300 })

      for (const kill of KILLS) {
        const current = s.through(p.api)
        const pushes = sim.eventCount('PushRequested')
        const reads = sim.eventCount('FaultApplied')
        // Keep asking for a sync (the first answers are 409 until the dead process's lease expires).
        let killed = false
        const syncing = (async () => {
          while (!killed) {
            const r = await current.sync(ACCOUNT).catch(() => undefined)
            if (r === undefined || killed) return
            await new Promise((res) => setTimeout(res, 50))
          }
        })()
        await waitFor(`the moment to kill (${kill})`, () =>
          kill === 'after-push-stored'
            ? sim.eventCount('PushRequested') > pushes
              ? true
              : undefined
            : sim.eventCount('FaultApplied') > reads
              ? true
              : undefined,
        )
        killed = true
        await p.crash()
        await syncing
        p = await start()
      }
      await s.clearFaults()

      const last = s.through(p.api)
      const feed = await last.syncUntilSettled(ACCOUNT, 90_000)
      expect(feed.counts.ready + feed.counts.inFlight).toBe(0)
      await waitFor('no request held at Codat', () => (sim.inFlight() === 0 ? true : undefined))
      const view = await last.pull()
      expectQboHoldsExactlyOnce(view[0], pushable, '1000.00')
      await expectServerAgrees(last, ACCOUNT, view[0], pushable)
      expect(processes.length).toBe(KILLS.length + 1)
      expect(
        leaks(
          processes.flatMap((x) => x.output),
          secretsOf(s),
        ),
      ).toEqual([])
    })
  },
)
