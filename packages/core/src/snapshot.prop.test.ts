import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FeedEvent } from './events.js'
import { fromSnapshot, toSnapshot } from './snapshot.js'
import { evolve, fold } from './state.js'
import { drain, feedCommands, newWorld } from './testing/feed-model.js'

/** Event logs the decider really produces: run random commands and keep what was appended. */
const history: fc.Arbitrary<FeedEvent[]> = fc
  .tuple(
    fc.integer({ min: 1, max: 5 }),
    fc.option(fc.integer({ min: -9, max: 0 }), { nil: undefined }),
    feedCommands,
  )
  .map(([max, link, commands]) => {
    const { model, real } = newWorld(max, link)
    fc.modelRun(() => ({ model, real }), commands)
    drain(model, real)
    return real.log
  })

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
