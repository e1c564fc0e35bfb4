import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { balanceSeries } from './balance-series.js'
import { expectedBankBalances } from './bank-ledger.js'
import type { Command, TransactionInput } from './commands.js'
import { decide } from './decide.js'
import type { FeedEvent } from './events.js'
import { formatMinor } from './money.js'
import { planBatches } from './planner.js'
import { reconcile } from './reconciliation.js'
import { decideRecordTransactions } from './record.js'
import type { SettledLookup } from './settled.js'
import { fromSnapshot, toSnapshot } from './snapshot.js'
import { type AccountState, fold, initialState, type Txn } from './state.js'
import { linkOffset, reconciliationCommands } from './testing/arbitraries.js'
import { drain, newWorld, nowIso } from './testing/feed-model.js'
import { summarise, syncStatuses } from './views.js'

/** A random history of the reconciliation property (faults, restarts, operator actions), and a `now` after it. */
const histories = fc
  .tuple(fc.integer({ min: 1, max: 6 }), linkOffset, reconciliationCommands, fc.boolean())
  .map(([max, link, commands, settle]) => {
    const { model, real } = newWorld(max, link)
    fc.modelRun(() => ({ model, real }), commands)
    if (settle) drain(model, real)
    return { events: real.log, now: nowIso(model), max }
  })

/** The transactions of `full` a folding state no longer holds: what the shell reads back from its projection. */
function lookupOf(full: AccountState, folded: AccountState): SettledLookup {
  const out = new Map<string, Txn>()
  for (const [id, t] of full.txns) if (!folded.txns.has(id)) out.set(id, t)
  return out
}

function commandsFor(t: Txn, at: string): Command[] {
  const base = { transactionId: t.id, note: 'checked', by: 'op', at }
  return [
    { type: 'ClearTransaction', transactionId: t.id, at },
    { type: 'VoidTransaction', transactionId: t.id, at },
    { type: 'DismissTransaction', ...base },
    { type: 'RedateTransaction', ...base },
    { type: 'AcceptBankBalance', ...base },
  ]
}

/** How many compared states had folded days, and had a transaction kept beside them (the test's reach). */
const reach = { folded: 0, withHeld: 0 }

function compare(events: readonly FeedEvent[], now: string, max: number): void {
  const full = fold(events)
  const folded = fold(events, initialState({ foldSettled: true }))
  if (folded.settled.days.size > 0) reach.folded++
  if (folded.settled.days.size > 0 && folded.txns.size > 0) reach.withHeld++
  const limits = { maxBatchSize: max }
  const planFull = planBatches(full, now, limits)
  const planFolded = planBatches(folded, now, limits)
  expect(planFolded).toEqual(planFull)
  expect(reconcile(folded, planFolded, { now })).toEqual(reconcile(full, planFull, { now }))
  for (const t of full.txns.values()) {
    expect(reconcile(folded, planFolded, { now, asOf: t.day })).toEqual(
      reconcile(full, planFull, { now, asOf: t.day }),
    )
  }
  expect(balanceSeries(folded)).toEqual(balanceSeries(full))
  expect(summarise(folded, planFolded)).toEqual(summarise(full, planFull))
  const expectedFull = expectedBankBalances(full)
  for (const [id, b] of expectedBankBalances(folded)) expect(b).toBe(expectedFull.get(id))
  // Every status the folding state still answers is the full state's; the rest are pushed ones.
  const statusesFull = syncStatuses(full, planFull)
  const statusesFolded = syncStatuses(folded, planFolded)
  for (const [id, s] of statusesFull) {
    if (statusesFolded.has(id)) expect(statusesFolded.get(id)).toEqual(s)
    else expect(s.status).toBe('pushed')
  }
  // Decisions about any transaction are the same, given what the projection reads back.
  const lookup = lookupOf(full, folded)
  for (const t of full.txns.values()) {
    for (const c of commandsFor(t, now)) expect(decide(c, folded, lookup)).toEqual(decide(c, full))
    // An identical replay (a duplicate), the same id with other content (a conflict), and a new
    // line that names it as the pending one it replaces.
    const replay: TransactionInput = {
      id: t.id,
      date: t.recordedDate,
      description: t.description,
      amount: formatMinor(t.amount, 2),
      status: t.recordedStatus,
      ...(t.balance === undefined ? {} : { balance: formatMinor(t.balance, 2) }),
      ...(t.type === undefined ? {} : { type: t.type }),
      ...(t.replacesPendingId === undefined ? {} : { replacesPendingId: t.replacesPendingId }),
    }
    const other: TransactionInput = { ...replay, description: `${t.description} (other)` }
    const replacing: TransactionInput = {
      id: `${t.id}-posted`,
      date: t.recordedDate,
      description: 'posted',
      amount: formatMinor(t.amount, 2),
      status: 'cleared',
      replacesPendingId: t.id,
    }
    for (const inputs of [[replay], [other], [replacing], [replay, replacing]]) {
      const want = decideRecordTransactions(full, inputs, now)
      expect(decideRecordTransactions(folded, inputs, now, lookup)).toEqual(want)
      for (const c of inputs) {
        const one: Command = { type: 'RecordTransaction', transaction: c, at: now }
        expect(decide(one, folded, lookup)).toEqual(decide(one, full))
      }
    }
    if (t.pushed && t.recordedStatus === 'cleared') {
      // The replay of a pushed line is a duplicate (this test's inputs are what was recorded).
      expect(decideRecordTransactions(full, [replay], now).outcomes).toEqual([{ result: 'duplicate' }])
    }
  }
  // A folding state survives its snapshot, and a state that keeps everything stays schema 1.
  const json = JSON.parse(JSON.stringify(toSnapshot(folded)))
  expect(json.schema).toBe(2)
  expect(toSnapshot(fromSnapshot(json))).toEqual(toSnapshot(folded))
  expect(toSnapshot(full).schema).toBe(1)
}

describe('a folding state (pushed transactions leave txns for per-day totals)', () => {
  it('plans, reconciles, summarises and decides exactly as the state that keeps every transaction', () => {
    fc.assert(
      fc.property(histories, fc.nat(), ({ events, now, max }, at) => {
        compare(events, now, max)
        const cut = events.length === 0 ? 0 : at % (events.length + 1)
        compare(events.slice(0, cut), now, max)
      }),
      { numRuns: 200 },
    )
    // The property reached folded states, and ones with unsettled lines beside folded days.
    expect(reach.folded).toBeGreaterThan(30)
    expect(reach.withHeld).toBeGreaterThan(10)
  }, 600_000)

  it('counts every pushed transaction once, folded or still held, and keeps no line of a succeeded batch', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        const folded = fold(events, initialState({ foldSettled: true }))
        const full = fold(events)
        let count = 0
        for (const f of folded.settled.days.values()) count += f.count
        let pushedInTxns = 0
        for (const t of folded.txns.values()) if (t.pushed) pushedInTxns++
        expect(count + pushedInTxns).toBe(full.pushedCount)
        for (const b of folded.batches.values()) if (b.status === 'succeeded') expect(b.lines).toEqual([])
      }),
      { numRuns: 100 },
    )
  })
})
