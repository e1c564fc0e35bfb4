import { describe, expect, it } from 'vitest'
import type { FeedEvent } from '../events.js'
import { type Plan, planFor } from '../planner.js'
import { fold } from '../state.js'
import { AT, linked, planned, recorded, registered, succeeded } from '../testing/given.js'
import type { Destination } from './destination.js'
import { qbo } from './qbo.js'

const NOW = '2026-11-20T09:00:00Z' // today = 2026-11-20 in UTC

/** QBO with one rule left out, to show what that rule alone stops. */
const without = (name: string): Destination => ({
  ...qbo,
  lineRules: qbo.lineRules.filter((r) => r.name !== name),
  batchRules: qbo.batchRules.filter((r) => r.name !== name),
})
const plan = (destination: Destination, events: FeedEvent[], limits = {}): Plan =>
  planFor(destination, fold(events), NOW, limits)
const outcomeOf = (p: Plan, id: string) =>
  [...p.held, ...p.quarantined].find((x) => x.transactionId === id)?.reason.code ??
  (p.inFlight.includes(id)
    ? 'in_flight'
    : p.batches.some((b) => b.lines.some((l) => l.transactionId === id))
      ? 'ready'
      : 'absent')
const lineIds = (p: Plan) => p.batches.map((b) => b.lines.map((l) => l.transactionId))

const t1 = recorded('t1', '2026-11-19', '1.00')
const inFlightLine = { transactionId: 't0', date: '2026-11-19', amount: '1.00', balance: '101.00' }
const pushedT0 = [recorded('t0', '2026-11-19', '1.00'), planned('b0', [inFlightLine]), succeeded('b0')]

/** For every line rule: a history in which it alone stops t1, and the code it gives. */
const STOPPED_BY: Record<string, [FeedEvent[], string]> = {
  notVoided: [
    [registered, linked(), t1, { type: 'TransactionVoided', data: { transactionId: 't1', at: AT } }],
    'voided',
  ],
  notRefusedForGood: [
    [
      registered,
      linked(),
      t1,
      planned('b1', [{ transactionId: 't1', date: '2026-11-19', amount: '1.00', balance: '101.00' }]),
      {
        type: 'BatchFailed',
        data: {
          batchId: 'b1',
          message: 'failed',
          at: AT,
          rejections: [{ transactionId: 't1', code: 'x', message: 'bad', final: true }],
        },
      },
    ],
    'rejected_by_destination',
  ],
  onlyCleared: [
    [registered, linked(), recorded('t1', '2026-11-19', '1.00', { status: 'pending' })],
    'pending',
  ],
  feedLinked: [[registered, t1], 'feed_not_linked'],
  feedSwitchedOn: [
    [registered, linked(), { type: 'FeedDisconnected', data: { at: AT } }, t1],
    'feed_disconnected',
  ],
  notOlderThanDestinationNewest: [
    [registered, linked(), ...pushedT0, recorded('t1', '2026-11-18', '1.00')],
    'older_than_destination',
  ],
  notBeforeFeedStart: [
    [registered, linked('2026-11-19'), recorded('t1', '2026-11-18', '1.00')],
    'before_feed_start',
  ],
  insideHistoricWindow: [
    [registered, linked('2026-10-01'), recorded('t1', '2026-11-12', '1.00')],
    'outside_historic_window',
  ],
  notFutureDated: [[registered, linked(), recorded('t1', '2026-11-21', '1.00')], 'future_dated'],
  dayIsOver: [[registered, linked(), recorded('t1', '2026-11-20T08:00:00', '1.00')], 'day_not_over'],
  oneWriteInFlight: [
    [registered, linked(), recorded('t0', '2026-11-19', '1.00'), planned('b0', [inFlightLine]), t1],
    'batch_in_flight',
  ],
}

describe('the QBO destination', () => {
  it('applies its rules in this order, each with its BEHAVIOUR.md rule number', () => {
    expect(qbo.lineRules.map((r) => `${r.rule} ${r.name}`)).toEqual([
      'feedsync notVoided',
      'feedsync notRefusedForGood',
      'Q6 onlyCleared',
      'Q1 feedLinked',
      'Q11 feedSwitchedOn',
      'Q4 notOlderThanDestinationNewest',
      'Q7 notBeforeFeedStart',
      'Q7 insideHistoricWindow',
      'Q5 notFutureDated',
      'feedsync dayIsOver',
      'feedsync oneWriteInFlight',
    ])
    expect(qbo.batchRules.map((r) => `${r.rule} ${r.name}`)).toEqual([
      'Q3 chronological',
      'Q2 oneAccount',
      'Q10 balancesFollowOn',
      'Q8 withinBatchSize',
    ])
  })

  it('names every rule after its function and says it in a sentence', () => {
    for (const r of qbo.lineRules) expect(r.check.name).toBe(r.name)
    for (const r of qbo.batchRules) expect(r.apply.name).toBe(r.name)
    for (const r of [...qbo.lineRules, ...qbo.batchRules]) expect(r.sentence).toMatch(/^[A-Z].{20,}\.$/)
  })

  it('has an example for every line rule below', () => {
    expect(Object.keys(STOPPED_BY).sort()).toEqual(qbo.lineRules.map((r) => r.name).sort())
  })

  it.each(Object.entries(STOPPED_BY))(
    'given a history that breaks only %s, then t1 is stopped with its code, and without the rule it would be sent',
    (name, [events, code]) => {
      expect(outcomeOf(plan(qbo, events), 't1')).toBe(code)
      expect(outcomeOf(plan(without(name), events), 't1')).toBe('ready')
    },
  )

  it('chronological: sends lines oldest first, which arrival order alone would not', () => {
    const events = [
      registered,
      linked(),
      recorded('b', '2026-11-19', '1.00'),
      recorded('a', '2026-11-18', '1.00'),
    ]
    expect(lineIds(plan(qbo, events))).toEqual([['a', 'b']])
    expect(lineIds(plan(without('chronological'), events))).toEqual([['b', 'a']])
  })

  it('oneAccount: keeps the batches as they are, since a plan is one account stream', () => {
    const events = [
      registered,
      linked(),
      recorded('a', '2026-11-18', '1.00'),
      recorded('b', '2026-11-19', '1.00'),
    ]
    expect(lineIds(plan(without('oneAccount'), events))).toEqual(lineIds(plan(qbo, events)))
  })

  it('balancesFollowOn: holds a transaction whose bank balance disagrees, which would otherwise be sent', () => {
    const events = [registered, linked(), recorded('t1', '2026-11-19', '1.00', { balance: '150.00' })]
    expect(outcomeOf(plan(qbo, events), 't1')).toBe('balance_mismatch')
    expect(outcomeOf(plan(without('balancesFollowOn'), events), 't1')).toBe('ready')
  })

  it('withinBatchSize: cuts a run longer than maxBatchSize into several batches', () => {
    const events = [registered, linked(), ...['a', 'b', 'c'].map((id) => recorded(id, '2026-11-19', '1.00'))]
    expect(lineIds(plan(qbo, events, { maxBatchSize: 2 }))).toEqual([['a', 'b'], ['c']])
    expect(lineIds(plan(without('withinBatchSize'), events, { maxBatchSize: 2 }))).toEqual([['a', 'b', 'c']])
  })

  it('takes 1000 lines a push, 7 days of history, end-of-day pushes, and an optional Credit, Debit or Unknown type', () => {
    expect(qbo.defaults).toEqual({ maxBatchSize: 1000, historicDays: 7, policy: 'end_of_day' })
    expect(qbo.transactionTypes).toEqual({
      accepted: ['Credit', 'Debit', 'Unknown'],
      required: false,
      whenMissing: 'by_sign',
    })
    expect(qbo.codatPlatformKey).toBe('hcws')
    expect(qbo.lineTransactionType({ type: undefined, amount: -1n })).toBe('Debit')
    expect(qbo.lineTransactionType({ type: 'Unknown', amount: -1n })).toBe('Unknown')
  })
})
