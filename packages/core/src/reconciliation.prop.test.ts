import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { linkOffset, reconciliationCommands } from './testing/arbitraries.js'
import { newWorld } from './testing/feed-model.js'
import { checkReport, settleByActions } from './testing/feed-recon.js'

describe('the reconciliation report over long random histories', () => {
  it('explains the whole difference with its items, matches the model on both sides, and every stuck line has a way out', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        linkOffset,
        reconciliationCommands,
        fc.boolean(),
        (maxBatchSize, linkOffset, commands, foldSettled) => {
          // A folding state (pushed transactions folded into per-day totals) must answer the same.
          const { model, real } = newWorld(maxBatchSize, linkOffset, { foldSettled })
          fc.modelRun(() => ({ model, real }), commands)
          // difference = Σ items exactly, unexplained 0, destination = opening + Σ accepted, bank = the model's
          checkReport(model, real)
          // applying each item's action (or letting time pass) ends every cleared line pushed or dismissed
          settleByActions(model, real)
          const report = checkReport(model, real)
          expect(report.items.every((i) => i.state === 'dismissed')).toBe(true)
          expect(report.unexplained).toBe('0.00')
        },
      ),
      { numRuns: 250 },
    )
    // Half the runs also fold a shadow state and compare reports: twice the work of one run.
  }, 60_000)
})
