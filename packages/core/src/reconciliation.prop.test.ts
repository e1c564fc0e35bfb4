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
        (maxBatchSize, linkOffset, commands) => {
          const { model, real } = newWorld(maxBatchSize, linkOffset)
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
  })
})
