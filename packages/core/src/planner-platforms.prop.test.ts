/**
 * The planner per destination against an independent oracle per platform (`testing/xero-oracle.ts`,
 * `testing/sage-oracle.ts`): every push obeys the platform's rules (safety), and every transaction
 * the platform would take now is in the plan (liveness: Xero takes a late posting as is, Sage one
 * statement at a time). QBO's property is `planner.prop.test.ts`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Command } from './commands.js'
import { decide } from './decide.js'
import type { DestinationId } from './destinations/destination-id.js'
import { destinationOf } from './destinations/destinations.js'
import { type Plan, planBatches } from './planner.js'
import type { AccountState, Txn } from './state.js'
import { evolve, initialState } from './state.js'
import { dayOffset, type PlannerStep, plannerStepDated, pushPolicy } from './testing/arbitraries.js'
import { sagePlanViolations, sageTakes, sageViolations } from './testing/sage-oracle.js'
import { cents, xeroTakesNow, xeroViolations } from './testing/xero-oracle.js'

const OPENING = '250.00'

function run(state: AccountState, command: Command): void {
  const d = decide(command, state)
  if (d.ok) for (const e of d.events) evolve(state, e)
}

interface World {
  destination: DestinationId
  steps: PlannerStep[]
  feedStart: number
  linked: boolean
  /** Leave one more batch planned, with no outcome yet. */
  leaveOneInFlight: boolean
}

/** A state with history: batches already landed, maybe one in flight, before the plan under test. */
function build(w: World): AccountState {
  const s = initialState()
  const at = `${dayOffset(-20)}T00:00:00Z`
  const destination = w.destination
  run(s, {
    type: 'RegisterAccount',
    accountId: 'a',
    currency: 'USD',
    openingBalance: OPENING,
    destination,
    at,
  })
  if (w.linked) run(s, { type: 'LinkFeed', feedStartDate: dayOffset(w.feedStart), at })
  let n = 0
  for (const st of w.steps) {
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
  if (w.leaveOneInFlight) run(s, { type: 'PlanBatch', batchId: 'open', now: `${dayOffset(0)}T12:00:00Z` })
  return s
}

/** The balance the destination holds: the opening balance plus every line it took, summed here. */
function heldBalance(state: AccountState): string {
  let minor = cents(OPENING)
  for (const t of state.txns.values()) if (t.pushed) minor += t.amount
  const sign = minor < 0n ? '-' : ''
  const abs = (minor < 0n ? -minor : minor).toString().padStart(3, '0')
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`
}

/** The newest day among the lines the destination took, read off the landed batches. */
function newestHeld(state: AccountState): string | undefined {
  let newest: string | undefined
  for (const b of state.batches.values()) {
    if (b.status !== 'succeeded') continue
    for (const l of b.lines)
      if (newest === undefined || l.date.slice(0, 10) > newest) newest = l.date.slice(0, 10)
  }
  return newest
}

function linesOf(state: AccountState, lines: Plan['batches'][number]['lines']) {
  const d = destinationOf(state)
  return lines.map((l) => {
    const t = state.txns.get(l.transactionId) as Txn
    return {
      ...l,
      transactionType: d.lineTransactionType(t),
      bankType: t.type,
      accountId: 'a',
      cleared: t.cleared,
    }
  })
}

const bankLine = (t: Txn) => ({
  date: t.date,
  cleared: t.cleared,
  voided: t.voided,
  sentOrSending: t.pushed || t.batchId !== undefined,
})

/** Every unsent transaction is in exactly one of batches, held, quarantined, in flight. */
function accountsForEveryTransaction(state: AccountState, plan: Plan): void {
  const seen = new Map<string, number>()
  const count = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1)
  for (const b of plan.batches) for (const l of b.lines) count(l.transactionId)
  for (const h of plan.held) count(h.transactionId)
  for (const q of plan.quarantined) count(q.transactionId)
  for (const id of plan.inFlight) count(id)
  for (const t of state.txns.values()) expect(seen.get(t.id) ?? 0).toBe(t.pushed ? 0 : 1)
}

const world = (destination: DestinationId, days: { min: number; max: number }) =>
  fc.record({
    destination: fc.constant(destination),
    steps: fc.array(plannerStepDated(days), { maxLength: 60 }),
    feedStart: fc.integer({ min: -12, max: 2 }),
    linked: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    leaveOneInFlight: fc.boolean(),
  })

const moment = fc.record({
  nowDay: fc.integer({ min: -2, max: 3 }),
  nowHour: fc.integer({ min: 0, max: 23 }),
  maxBatchSize: fc.integer({ min: 1, max: 10 }),
  policy: pushPolicy,
})

describe('planBatches for a Xero account, judged by the Xero oracle', () => {
  it('sends only pushes Xero takes, and every line Xero would take now (a late posting included, as is)', () => {
    fc.assert(
      fc.property(world('xero', { min: -372, max: 3 }), moment, (w, m) => {
        const state = build(w)
        const now = `${dayOffset(m.nowDay)}T${String(m.nowHour).padStart(2, '0')}:30:00Z`
        const today = now.slice(0, 10)
        const plan = planBatches(state, now, {
          maxBatchSize: m.maxBatchSize,
          policy: m.policy,
          historicDays: 7,
        })
        const connected = state.feed.status === 'linked'
        let balanceBefore = heldBalance(state)
        for (const b of plan.batches) {
          const lines = linesOf(state, b.lines)
          expect(
            xeroViolations(lines, { today, connected, maxLines: m.maxBatchSize, balanceBefore }),
          ).toEqual([])
          for (const l of lines) {
            if (l.bankType !== undefined) expect(l.transactionType).toBe(l.bankType)
            expect(l.date).toBe(state.txns.get(l.transactionId)?.date) // never redated (latePostings: quarantine)
          }
          balanceBefore = b.lines.at(-1)?.balance ?? balanceBefore
        }
        const ctx = {
          today,
          connected,
          pushInFlight: state.inFlight !== undefined,
          endOfDay: m.policy === 'end_of_day',
        }
        const sent = new Set(plan.batches.flatMap((b) => b.lines.map((l) => l.transactionId)))
        const expected = [...state.txns.values()]
          .filter((t) => xeroTakesNow(bankLine(t), ctx))
          .map((t) => t.id)
        expect([...sent].sort()).toEqual(expected.sort())
        accountsForEveryTransaction(state, plan)
      }),
      { numRuns: 500 },
    )
  })
})

describe('planBatches for a Sage account, judged by the Sage oracle', () => {
  it('plans at most one statement, none while one is in process, that Sage takes, holding the earliest lines Sage would take', () => {
    fc.assert(
      fc.property(world('sage', { min: -12, max: 3 }), moment, (w, m) => {
        const state = build(w)
        const now = `${dayOffset(m.nowDay)}T${String(m.nowHour).padStart(2, '0')}:30:00Z`
        const today = now.slice(0, 10)
        const plan = planBatches(state, now, {
          maxBatchSize: m.maxBatchSize,
          policy: m.policy,
          historicDays: 7,
        })
        const connected = state.feed.status === 'linked'
        const statementInProcess = state.inFlight !== undefined
        const connectDay = dayOffset(w.feedStart)
        const newest = newestHeld(state)
        expect(sagePlanViolations(plan.batches.length, { statementInProcess })).toEqual([])
        const batch = plan.batches[0]
        if (batch !== undefined) {
          const lines = linesOf(state, batch.lines)
          const ctx = {
            today,
            connected,
            connectDay,
            newestHeld: newest,
            statementInProcess,
            maxLines: m.maxBatchSize,
            balanceBefore: heldBalance(state),
          }
          expect(sageViolations(lines, ctx)).toEqual([])
          for (const l of lines) if (l.bankType !== undefined) expect(l.transactionType).toBe(l.bankType)
        }
        const ctx = {
          today,
          connected,
          connectDay,
          newestHeld: newest,
          pushInFlight: statementInProcess,
          endOfDay: m.policy === 'end_of_day',
        }
        const expected = [...state.txns.values()].filter((t) => sageTakes(bankLine(t), ctx))
        const sent = new Set(batch?.lines.map((l) => l.transactionId) ?? [])
        // The statement is as full as it may be, and no line Sage would take is older than its last.
        expect(sent.size).toBe(Math.min(m.maxBatchSize, expected.length))
        const last = batch?.lines.at(-1)?.date.slice(0, 10)
        for (const t of expected) {
          if (sent.has(t.id)) continue
          expect(last !== undefined && t.date.slice(0, 10) >= last).toBe(true)
          expect(plan.held.find((h) => h.transactionId === t.id)?.reason.code).toBe('batch_in_flight')
        }
        for (const id of sent) expect(expected.some((t) => t.id === id)).toBe(true)
        accountsForEveryTransaction(state, plan)
      }),
      { numRuns: 500 },
    )
  })
})
