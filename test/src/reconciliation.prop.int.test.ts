import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Advance, Ingest, type PipelineModel, Pull, Settle, Sync } from './model/commands.js'
import { Act, Fault, Restart, type RestartableReal } from './model/recon-commands.js'
import { databaseKinds } from './support/database.js'
import { duplicatesOf } from './support/exactly-once.js'
import { FeedScenario } from './support/feed-scenario.js'
import { type InProcessServer, startInProcessServer } from './support/in-process-server.js'
import { toUnits } from './support/money.js'
import { report, sum } from './support/reconciliation.js'
import { MSW_CODAT_URL, type System, startSystem } from './support/system.js'

const ACCOUNT = 'chk-1'

const FAULTS: Record<string, unknown>[] = [
  { route: 'create-bank-transactions', status: 503, count: 1 },
  { route: 'create-bank-transactions', drop: 'after', count: 1 },
  { route: 'create-bank-transactions', drop: 'before', count: 1 },
  { route: 'get-create-operation', status: 500, count: 2 },
]

const commands = fc.commands(
  [
    fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 }))
      .map(([n, back, every]) => new Ingest(n, back, every)),
    fc
      .tuple(fc.nat(), fc.constantFrom('clear' as const, 'void' as const))
      .map(([p, how]) => new Settle(p, how)),
    fc.integer({ min: 1, max: 30 }).map((h) => new Advance(h)),
    fc.constant(new Sync()),
    fc.constant(new Pull()),
    fc.constantFrom(...FAULTS).map((f) => new Fault(f)),
    fc.constant(new Restart()),
    fc
      .tuple(fc.nat(), fc.constantFrom('redate' as const, 'dismiss' as const, 'accept_balance' as const))
      .map(([p, a]) => new Act(p, a)),
  ],
  { maxCommands: 20 },
)

describe.each(databaseKinds())(
  'reconciliation of the whole pipeline under faults and restarts (model-based, msw, %s)',
  (database) => {
    let system: System
    let run = 0
    const restarted: InProcessServer[] = []
    beforeAll(async () => {
      system = await startSystem({
        transport: 'msw',
        database,
        sim: { clock: 'frozen', pushLatencyMs: 0 },
        env: { FEEDSYNC_MAX_BATCH_SIZE: '5' },
      })
    })
    afterAll(async () => {
      for (const s of restarted) await s.close()
      await system?.close()
    })

    const seen = { runs: 0, items: 0, pushed: 0, restarts: 0 }

    it('given any sequence of bank activity, Codat faults, restarts and operator actions, when the feed settles and QBO pulls, then difference = Σ items exactly, nothing is unexplained, and QBO shows destination.balance with every pushed line once', async () => {
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          let s = new FeedScenario(system.server.api, system.scenario.sim)
          await s.onboard([ACCOUNT], `Reconciliation run ${run++}`)
          const today = Date.parse(await s.now())
          await s.link([ACCOUNT], new Date(today - 3 * 86_400_000).toISOString().slice(0, 10))
          const model: PipelineModel = { account: ACCOUNT, txns: [], next: 0 }
          const real: RestartableReal = {
            get s() {
              return s
            },
            get scenario() {
              return s
            },
            async restart() {
              const server = await startInProcessServer({
                store: system.store,
                codatBaseUrl: MSW_CODAT_URL,
                clock: { now: async () => system.sim.now().toISOString() },
                env: { FEEDSYNC_MAX_BATCH_SIZE: '5' },
              })
              const previous = restarted.pop()
              restarted.push(server)
              await previous?.close()
              s = s.through(server.api)
              seen.restarts++
            },
          }
          // Every run starts with lines to push and lines before the feed start, then goes random.
          await new Ingest(6, 1, 3).run(model, real)
          await new Ingest(2, 5, 4).run(model, real)
          await fc.asyncModelRun(() => ({ model, real }), cmds)

          await s.clearFaults()
          await s.advance('P1D')
          const feed = await s.syncUntilSettled(ACCOUNT, 20_000)
          expect(feed.counts.ready + feed.counts.inFlight).toBe(0)
          const view = (await s.pull())[0]
          const ids = (view?.lines ?? []).filter((l) => !l.isTest).map((l) => l.id)
          expect(duplicatesOf(ids), 'duplicated in QBO').toEqual([])

          const r = await report(s, ACCOUNT)
          expect(r.unexplained).toBe('0.00')
          expect(toUnits(r.difference)).toBe(toUnits(sum(['0', ...r.items.map((i) => i.amount)])))
          expect(r.destination.pushedCount, 'QBO holds every pushed line').toBe(ids.length)
          if (ids.length > 0)
            expect(toUnits(view?.balance ?? 'none'), 'QBO shows destination.balance').toBe(
              toUnits(r.destination.balance),
            )
          // Every cleared line the bank still counts is pushed or explained.
          const cleared = model.txns.filter((x) => x.status === 'cleared').map((x) => x.t.id)
          const explained = new Set([...ids, ...r.items.map((i) => i.transactionId)])
          for (const id of cleared) expect(explained.has(id), `${id} pushed or in the report`).toBe(true)
          seen.runs++
          seen.items += r.items.length
          seen.pushed += ids.length
        }),
        { numRuns: Number(process.env.FEEDSYNC_RECON_RUNS ?? 15) },
      )
      console.info(
        `[@feedsync/test] reconciliation runs: ${seen.runs}, ${seen.pushed} lines pushed, ${seen.items} items explained, ${seen.restarts} restarts`,
      )
      expect(seen.pushed).toBeGreaterThan(0)
      expect(seen.items).toBeGreaterThan(0)
    })
  },
)
