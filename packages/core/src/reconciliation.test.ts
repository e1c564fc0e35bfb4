import { describe, expect, it } from 'vitest'
import { balanceSeries } from './balance-series.js'
import type { Command } from './commands.js'
import { decide } from './decide.js'
import { lastDeliveryAt } from './destinations/delivery.js'
import type { FeedEvent } from './events.js'
import { ingestWarnings } from './ingest-warnings.js'
import { planBatches } from './planner.js'
import { reconcile } from './reconciliation.js'
import { fromSnapshot, type Snapshot, toSnapshot } from './snapshot.js'
import { type AccountState, evolve, fold, initialState } from './state.js'
import { AT, registered } from './testing/given.js'

/** Runs commands through the decider, throwing on a refusal. */
function run(state: AccountState, ...commands: Command[]): AccountState {
  for (const c of commands) {
    const d = decide(c, state)
    if (!d.ok) throw new Error(`${c.type}: ${d.error.code}: ${d.error.message}`)
    for (const e of d.events) evolve(state, e)
  }
  return state
}
const tx = (id: string, date: string, amount: string, extra: object = {}): Command => ({
  type: 'RecordTransaction',
  transaction: { id, date, description: `line ${id}`, amount, status: 'cleared', ...extra },
  at: AT,
})
const who = { note: 'seen', by: 'ops@bank.test' }

/** The issue's run: lines before the feed start, a late posting, a replaced pending one, a voided one. */
function issueRun(): AccountState {
  const s = run(fold([registered]), { type: 'LinkFeed', feedStartDate: '2026-11-28', at: AT })
  run(s, tx('pre1', '2026-11-26', '-300.00'), tx('pre2', '2026-11-27', '-500.00'))
  run(s, tx('a', '2026-11-28', '40.00'), tx('b', '2026-11-30', '-10.00'))
  run(s, tx('p', '2026-11-30', '-7.00', { status: 'pending' }), tx('v', '2026-11-30', '-1.00'))
  run(s, { type: 'VoidTransaction', transactionId: 'v', at: AT })
  run(s, { type: 'PlanBatch', batchId: 'b1', now: '2026-12-01T01:00:00Z' })
  run(s, { type: 'RecordBatchSucceeded', batchId: 'b1', at: '2026-12-01T01:05:00Z' })
  run(s, tx('late', '2026-11-29', '-26.80'), tx('c', '2026-12-01', '-7.50', { replacesPendingId: 'p' }))
  return s
}
const NOW = '2026-12-02T09:00:00Z'

describe('reconcile', () => {
  it('explains the whole difference by the parked lines, each with its reason and a way out, and nothing unexplained', () => {
    const s = issueRun()
    const r = reconcile(s, planBatches(s, NOW), { now: NOW })
    expect(r?.bank).toMatchObject({ balance: '-704.30', reportedBalance: null })
    expect(r?.destination).toEqual({ balance: '130.00', pushedCount: 2, awaitingPull: 0 })
    expect(r?.difference).toBe('-834.30')
    expect(r?.unexplained).toBe('0.00')
    expect(r?.items.map((i) => [i.transactionId, i.state, i.code, i.actions])).toEqual([
      ['pre1', 'quarantined', 'before_feed_start', ['redate', 'dismiss']],
      ['pre2', 'quarantined', 'before_feed_start', ['redate', 'dismiss']],
      ['late', 'quarantined', 'older_than_destination', ['redate', 'dismiss']],
      ['c', 'ready', 'ready', ['wait']],
    ])
  })
  it('after a redate the difference shrinks by exactly that line once pushed; after a dismiss it is explained as dismissed', () => {
    const s = issueRun()
    run(s, { type: 'RedateTransaction', transactionId: 'late', ...who, at: NOW })
    run(
      s,
      { type: 'PlanBatch', batchId: 'b2', now: NOW },
      { type: 'RecordBatchSucceeded', batchId: 'b2', at: NOW },
    )
    run(s, { type: 'DismissTransaction', transactionId: 'pre1', ...who, at: NOW })
    const r = reconcile(s, planBatches(s, NOW), { now: NOW })
    // `late` (redated) and `c` went; the dismissed and the other parked line remain
    expect(r?.difference).toBe('-800.00')
    expect(r?.items.find((i) => i.transactionId === 'pre1')).toMatchObject({
      state: 'dismissed',
      actions: [],
    })
    expect(r?.unexplained).toBe('0.00')
    expect(s.batches.get('b2')?.lines[0]).toMatchObject({ transactionId: 'late', originalDate: '2026-11-29' })
  })
  it('counts both sides by the bank date under asOf, so nothing is unexplained on any day', () => {
    const s = issueRun()
    const plan = planBatches(s, NOW)
    for (const asOf of ['2026-11-25', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']) {
      expect(reconcile(s, plan, { now: NOW, asOf })?.unexplained).toBe('0.00')
    }
    expect(reconcile(s, plan, { now: NOW, asOf: '2026-11-27' })).toMatchObject({
      difference: '-800.00',
      asOf: '2026-11-27',
    })
  })
  it('reports lines accepted after the last daily pull (06:00 in the account zone) as awaiting it', () => {
    const s = issueRun() // b1 accepted at 01:05 on 12-01
    expect(reconcile(s, planBatches(s, AT), { now: '2026-12-01T05:59:00Z' })?.destination.awaitingPull).toBe(
      2,
    )
    expect(reconcile(s, planBatches(s, AT), { now: '2026-12-01T06:00:00Z' })?.destination.awaitingPull).toBe(
      0,
    )
    expect(
      lastDeliveryAt({ kind: 'daily_pull', localTime: '06:00' }, '2026-12-01T10:00:00Z', 'America/New_York'),
    ).toBe(Date.parse('2026-11-30T11:00:00Z'))
    expect(lastDeliveryAt({ kind: 'immediate' }, NOW, 'UTC')).toBe(Date.parse(NOW))
  })
  it('shows the gap an operator accepted, beside the bank reported balance', () => {
    const s = run(fold([registered]), { type: 'LinkFeed', feedStartDate: '2026-11-15', at: AT })
    run(s, tx('a', '2026-11-18', '1.00', { balance: '151.00' }))
    run(s, { type: 'AcceptBankBalance', transactionId: 'a', ...who, at: AT })
    const r = reconcile(s, planBatches(s, AT), { now: AT })
    expect(r?.bank).toMatchObject({ balance: '101.00', reportedBalance: '151.00', acceptedGap: '50.00' })
    expect(r?.items.map((i) => [i.transactionId, i.state])).toEqual([['a', 'ready']])
  })
  it('is undefined for a stream with no account', () => {
    const s = initialState()
    expect(reconcile(s, planBatches(s, AT), { now: AT })).toBeUndefined()
  })
})

describe('balanceSeries', () => {
  it('gives both balances at the end of every day, the same figures reconcile gives asOf that day', () => {
    const s = issueRun()
    const series = balanceSeries(s, { from: '2026-11-25', to: '2026-12-01' })
    expect(series.map((p) => p.day)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ])
    const plan = planBatches(s, NOW)
    for (const p of series) {
      const r = reconcile(s, plan, { now: NOW, asOf: p.day })
      expect([p.bank, p.destination]).toEqual([r?.bank.balance, r?.destination.balance])
    }
    expect(balanceSeries(s).at(0)?.day).toBe('2026-11-26')
    expect(balanceSeries(initialState())).toEqual([])
  })
})

describe('ingestWarnings', () => {
  it('warns of a line the planner would quarantine as sent, of one it would redate, and of one dated after tomorrow', () => {
    const s = issueRun()
    run(s, tx('far', '2026-12-09', '1.00'), tx('soon', '2026-12-03', '1.00'))
    const warn = ingestWarnings(s, planBatches(s, NOW), ['late', 'far', 'soon', 'c', 'nope'])
    expect(warn.map((w) => w?.code)).toEqual([
      'older_than_destination',
      'future_dated',
      undefined,
      undefined,
      undefined,
    ])
    run(s, { type: 'ChangeAccountSettings', latePostings: 'redate', by: 'ops', at: NOW })
    expect(ingestWarnings(s, planBatches(s, NOW), ['late'])[0]?.code).toBe('redated')
  })
})

describe('snapshots with reconciliation', () => {
  it('round-trip every new field, and a snapshot taken before them still loads', () => {
    const s = issueRun()
    run(s, { type: 'DismissTransaction', transactionId: 'pre1', ...who, at: NOW })
    run(s, { type: 'RedateTransaction', transactionId: 'late', ...who, at: NOW })
    run(s, { type: 'ChangeAccountSettings', latePostings: 'redate', by: 'ops', at: NOW })
    const snap = JSON.parse(JSON.stringify(toSnapshot(s))) as Snapshot
    expect(toSnapshot(fromSnapshot(snap))).toEqual(toSnapshot(s))
    const { settings: _s, balanceAcceptances: _b, ...legacy } = snap
    const loaded = fromSnapshot({
      ...legacy,
      txns: legacy.txns.map(
        ({
          replacedBy: _r,
          dismissed: _d,
          redated: _x,
          quarantine: _q,
          pushedDate: _p,
          replacesPendingId: _i,
          ...t
        }) => t,
      ),
    })
    expect(loaded.settings.latePostings).toBe('quarantine')
    expect(loaded.balanceAcceptances).toEqual([])
    expect(loaded.txns.get('pre1')?.dismissed).toBeUndefined()
  })
  it('folds the new events from scratch to the state the decider evolved', () => {
    const s = issueRun()
    const events: FeedEvent[] = []
    const d = decide({ type: 'DismissTransaction', transactionId: 'pre2', ...who, at: NOW }, s)
    if (d.ok) events.push(...d.events)
    for (const e of events) evolve(s, e)
    expect(s.txns.get('pre2')?.dismissed?.by).toBe('ops@bank.test')
  })
})
