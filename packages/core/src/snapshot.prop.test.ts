import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FeedEvent } from './events.js'
import { fromSnapshot, toSnapshot } from './snapshot.js'
import { evolve, fold } from './state.js'
import { decidedHistory as history } from './testing/arbitraries.js'

describe('fold and snapshots', () => {
  it('folding the same events twice gives equal states, equal to the state the decider evolved', () => {
    fc.assert(
      fc.property(history, (events) => {
        const a = toSnapshot(fold(events))
        expect(toSnapshot(fold(events))).toEqual(a)
        expect(a.version).toBe(events.length)
      }),
      { numRuns: 200 },
    )
  })

  it('folding from a snapshot taken anywhere, through JSON, plus the tail equals folding from scratch', () => {
    fc.assert(
      fc.property(history, fc.nat(), (events, at) => {
        const cut = events.length === 0 ? 0 : at % (events.length + 1)
        const json = JSON.stringify(toSnapshot(fold(events.slice(0, cut))))
        const resumed = fold(events.slice(cut), fromSnapshot(JSON.parse(json)))
        expect(toSnapshot(resumed)).toEqual(toSnapshot(fold(events)))
      }),
      { numRuns: 200 },
    )
  })

  it('evolve never throws, even on events that do not fit the state', () => {
    fc.assert(
      fc.property(history, fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7]), (events, picks) => {
        const shuffled = picks.map((i) => events[i]).filter((e): e is FeedEvent => e !== undefined)
        const state = fold(events)
        expect(() => {
          for (const e of shuffled) evolve(state, e)
        }).not.toThrow()
      }),
      { numRuns: 200 },
    )
  })
})
