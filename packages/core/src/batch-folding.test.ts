import { describe, expect, it } from 'vitest'
import { addDays } from './dates.js'
import { decide } from './decide.js'
import type { FeedEvent } from './events.js'
import { planBatches } from './planner.js'
import { reconcile } from './reconciliation.js'
import { fromSnapshot, toSnapshot } from './snapshot.js'
import { type AccountState, evolve, initialState, OLD_BATCHES_KEPT } from './state.js'

/** `days` days of pushes (three lines a day, two batches of at most two), on full and batch-folding states. */
function pushDays(days: number, destination: 'qbo' | 'xero') {
  const full = initialState()
  const folding = initialState({ foldSettled: true, foldBatches: true })
  const events: FeedEvent[] = []
  const apply = (e: FeedEvent): void => {
    events.push(e)
    evolve(full, e)
    evolve(folding, e)
  }
  const start = '2026-01-01'
  apply({
    type: 'AccountRegistered',
    data: {
      accountId: 'a',
      currency: 'GBP',
      openingBalance: '0.00',
      timeZone: 'UTC',
      destination,
      at: `${start}T00:00:00Z`,
    },
  })
  apply({ type: 'FeedLinked', data: { feedStartDate: start, at: `${start}T00:00:01Z` } })
  let n = 0
  const maxBatch: number[] = []
  for (let d = 0; d < days; d++) {
    const day = addDays(start, d)
    apply({
      type: 'TransactionsRecorded',
      data: {
        at: `${day}T07:00:00Z`,
        transactions: [0, 1, 2].map((i) => ({
          transactionId: `t${n++}`,
          date: `${day}T0${i}:00:00`,
          description: 'x',
          amount: '1.00',
          status: 'cleared' as const,
        })),
      },
    })
    for (let k = 0; k < 2; k++) {
      const at = `${day}T08:0${k}:00Z`
      const r = decide(
        { type: 'PlanBatch', batchId: `b${d}-${k}`, now: at, limits: { maxBatchSize: 2 } },
        full,
      )
      if (!r.ok) throw new Error(r.error.message)
      for (const e of r.events) apply(e)
      apply({ type: 'BatchSucceeded', data: { batchId: `b${d}-${k}`, at: `${day}T08:0${k}:30Z` } })
    }
    maxBatch.push(folding.batches.size)
  }
  return { full, folding, events, maxBatch, last: addDays(start, days - 1) }
}

function report(state: AccountState, now: string) {
  return reconcile(state, planBatches(state, now), { now })
}

describe('a batch-folding state drops ended batches that no longer matter', () => {
  for (const destination of ['qbo', 'xero'] as const) {
    it(`keeps few batches over many days, with the same reports (${destination})`, () => {
      const { full, folding, events, maxBatch, last } = pushDays(60, destination)
      expect(full.batches.size).toBeGreaterThan(100)
      // Two days of batches (two a day) plus the open one, plus the newest old ones.
      expect(Math.max(...maxBatch)).toBeLessThanOrEqual(2 * 3 + 1 + OLD_BATCHES_KEPT)
      for (const now of [
        `${last}T08:02:00Z`,
        `${last}T09:00:00Z`,
        `${addDays(last, 1)}T05:59:00Z`,
        `${addDays(last, 1)}T06:01:00Z`,
      ]) {
        expect(report(folding, now)).toEqual(report(full, now))
      }
      // Replay == snapshot, and a snapshot round trip keeps folding batches.
      const again = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(folding))))
      expect(again.foldBatches).toBe(true)
      const replay = initialState({ foldSettled: true, foldBatches: true })
      for (const e of events) evolve(replay, e)
      expect(toSnapshot(replay)).toEqual(toSnapshot(folding))
      // The newest ended batch stays (an account's "last push").
      expect(folding.batches.has(`b59-1`)).toBe(true)
    })
  }

  it("the snapshot's batches do not grow with pushed history", () => {
    const size = (days: number) => JSON.stringify(toSnapshot(pushDays(days, 'qbo').folding).batches).length
    const at30 = size(30)
    const at120 = size(120)
    expect(at120).toBeLessThan(at30 * 1.1)
  })

  it('a state without foldBatches keeps every batch', () => {
    const folding = initialState({ foldSettled: true })
    expect(folding.foldBatches).toBe(false)
    expect(initialState({ foldBatches: true }).foldBatches).toBe(false)
  })
})
