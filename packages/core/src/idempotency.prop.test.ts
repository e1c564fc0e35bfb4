import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TransactionInput } from './commands.js'
import { decide } from './decide.js'
import { toSnapshot } from './snapshot.js'
import { type AccountState, evolve, fold } from './state.js'
import { contentChange, smallId, transactionInput } from './testing/arbitraries.js'
import { AT, registered } from './testing/given.js'

function record(state: AccountState, t: TransactionInput) {
  const d = decide({ type: 'RecordTransaction', transaction: t, at: AT }, state)
  if (d.ok) for (const e of d.events) evolve(state, e)
  return d
}

describe('recording transactions', () => {
  it('replaying identical transactions, in any order and any number of times, changes nothing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(transactionInput(smallId), { selector: (t) => t.id, maxLength: 25 }),
        fc.nat(),
        (txns, seed) => {
          const state = fold([registered])
          for (const t of txns) record(state, t)
          const before = JSON.stringify(toSnapshot(state))
          const replay = [...txns, ...txns].sort(
            (a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 31 + seed) % 7),
          )
          for (const t of replay) {
            const d = record(state, t)
            expect(d).toEqual({ ok: true, events: [] })
          }
          expect(JSON.stringify(toSnapshot(state))).toBe(before)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('the same id with different content is a conflict and changes nothing', () => {
    fc.assert(
      fc.property(transactionInput(smallId), contentChange, (t, change) => {
        const state = fold([registered])
        record(state, t)
        const variant = { ...t, ...change }
        fc.pre(
          JSON.stringify(
            decide({ type: 'RecordTransaction', transaction: variant, at: AT }, fold([registered])),
          ) !==
            JSON.stringify(decide({ type: 'RecordTransaction', transaction: t, at: AT }, fold([registered]))),
        )
        const before = JSON.stringify(toSnapshot(state))
        const d = record(state, variant)
        expect(d.ok ? 'accepted' : d.error.code).toBe('duplicate_conflict')
        expect(JSON.stringify(toSnapshot(state))).toBe(before)
      }),
      { numRuns: 200 },
    )
  })
})
