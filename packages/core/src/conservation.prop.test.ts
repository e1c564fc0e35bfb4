import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planBatches } from './planner.js'
import { feedCommands, linkOffset } from './testing/arbitraries.js'
import { drain, newWorld, nowIso } from './testing/feed-model.js'
import { syncStatuses } from './views.js'

describe('the feed decider under arbitrary interleavings', () => {
  it('pushes every pushable transaction exactly once, in batches QBO accepts, and gives every other one a reason', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        linkOffset,
        feedCommands,
        fc.boolean(),
        (maxBatchSize, linkOffset, commands, foldSettled) => {
          // A folding state (pushed transactions folded into per-day totals) must answer the same.
          const { model, real } = newWorld(maxBatchSize, linkOffset, { foldSettled })
          fc.modelRun(() => ({ model, real }), commands)
          drain(model, real)

          const plan = planBatches(real.state, nowIso(model), { maxBatchSize })
          expect(plan.batches).toEqual([])
          const statuses = syncStatuses(real.state, plan)
          for (const [id, t] of real.state.txns) {
            const s = statuses.get(id)
            expect(s, `transaction ${id} has no status`).toBeDefined()
            if (t.pushed) {
              expect(model.landedIds.has(id), `${id} marked pushed but never landed`).toBe(true)
            } else {
              expect(model.landedIds.has(id), `${id} landed but not marked pushed`).toBe(false)
              expect(s?.status === 'held' || s?.status === 'quarantined').toBe(true)
              expect(s?.reason?.message.length).toBeGreaterThan(10)
            }
          }
          expect(model.landed.length).toBe(model.landedIds.size)
          expect(real.state.pushedCount).toBe(model.landed.length)
        },
      ),

      { numRuns: 300 },
    )
    // Half the runs fold a shadow state beside the real one: more work than one run of before.
  }, 60_000)
})
