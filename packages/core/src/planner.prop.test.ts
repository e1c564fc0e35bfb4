import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decide } from './decide.js'
import { parseDecimal } from './money.js'
import { planBatches } from './planner.js'
import type { AccountState } from './state.js'
import { evolve, initialState } from './state.js'
import { dayOffset, type PlannerStep, plannerStep, pushPolicy } from './testing/arbitraries.js'
import { qboViolations } from './testing/qbo-oracle.js'

function run(state: AccountState, command: Parameters<typeof decide>[0]): void {
  const d = decide(command, state)
  if (d.ok) for (const e of d.events) evolve(state, e)
}

/** Builds a state with history: some batches already landed before the plan under test. */
function build(steps: PlannerStep[], feedStart: number, opening: string): AccountState {
  const s = initialState()
  const at = `${dayOffset(-20)}T00:00:00Z`
  run(s, { type: 'RegisterAccount', accountId: 'a', currency: 'USD', openingBalance: opening, at })
  run(s, { type: 'LinkFeed', feedStartDate: dayOffset(feedStart), at })
  let n = 0
  for (const st of steps) {
    if (st.kind === 'record') run(s, { type: 'RecordTransaction', transaction: st.t, at })
    else if (st.kind === 'clear') run(s, { type: 'ClearTransaction', transactionId: st.id, at })
    else if (st.kind === 'void') run(s, { type: 'VoidTransaction', transactionId: st.id, at })
    else {
      const now = `${dayOffset(st.hour)}T12:00:00Z`
      const batchId = `h${n++}`
      run(s, { type: 'PlanBatch', batchId, now })
      run(s, { type: 'RecordBatchSucceeded', batchId, at: now })
    }
  }
  return s
}

const toMinor = (s: string) => {
  const p = parseDecimal(s, 2)
  if (!p.ok) throw new Error(s)
  return p.minor
}

describe('planBatches', () => {
  it('returns batches that obey every QBO rule and accounts for every unsent transaction exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(plannerStep, { maxLength: 60 }),
        fc.integer({ min: -12, max: 2 }),
        fc.integer({ min: -2, max: 3 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 10 }),
        pushPolicy,
        (steps, feedStart, nowDay, nowHour, historicDays, maxBatchSize, policy) => {
          const state = build(steps, feedStart, '250.00')
          const now = `${dayOffset(nowDay)}T${String(nowHour).padStart(2, '0')}:30:00Z`
          const plan = planBatches(state, now, { historicDays, maxBatchSize, policy })
          const today = now.slice(0, 10)

          let newest = state.destinationNewestDay
          let balance = state.pushedBalance
          for (const b of plan.batches) {
            const violations = qboViolations(
              b.lines.map((l) => ({
                transactionId: l.transactionId,
                date: l.date,
                cleared: state.txns.get(l.transactionId)?.cleared === true,
                accountId: 'a',
              })),
              {
                today,
                feedStartDate: dayOffset(feedStart),
                linked: true,
                historicDays,
                maxBatchSize,
                newestOnDestination: newest,
              },
            )
            expect(violations).toEqual([])
            for (const l of b.lines) {
              const t = state.txns.get(l.transactionId)
              expect(t?.voided || t?.pushed || t?.batchId !== undefined).toBe(false)
              balance += toMinor(l.amount)
              expect(toMinor(l.balance)).toBe(balance)
              if (policy === 'end_of_day') expect(l.date.slice(0, 10) < today).toBe(true)
            }
            newest = b.lines.at(-1)?.date.slice(0, 10) ?? newest
          }

          const seen = new Map<string, number>()
          const count = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1)
          for (const b of plan.batches) for (const l of b.lines) count(l.transactionId)
          for (const h of plan.held) count(h.transactionId)
          for (const q of plan.quarantined) count(q.transactionId)
          for (const id of plan.inFlight) count(id)
          for (const t of state.txns.values()) {
            expect(seen.get(t.id) ?? 0).toBe(t.pushed ? 0 : 1)
          }
        },
      ),
      { numRuns: 1000 },
    )
  })
})
