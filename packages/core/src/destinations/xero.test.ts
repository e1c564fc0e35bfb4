import { describe, expect, it } from 'vitest'
import { normaliseTransaction } from '../decide.js'
import type { FeedEvent } from '../events.js'
import { type Plan, planBatches, planFor } from '../planner.js'
import { reconcile } from '../reconciliation.js'
import { fold } from '../state.js'
import { AT, linked, planned, recorded, registeredFor, succeeded } from '../testing/given.js'
import type { Destination } from './destination.js'
import { qbo } from './qbo.js'
import { oneYearBefore, xero } from './xero.js'

const NOW = '2026-11-20T09:00:00Z' // today = 2026-11-20 in UTC; one year before: 2025-11-20
const registered = registeredFor('xero')

/** Xero with one rule left out, to show what that rule alone stops. */
const without = (name: string): Destination => ({
  ...xero,
  lineRules: xero.lineRules.filter((r) => r.name !== name),
  batchRules: xero.batchRules.filter((r) => r.name !== name),
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
const messages = (p: Plan) => [...p.held, ...p.quarantined].map((x) => x.reason.message)

const t1 = recorded('t1', '2026-11-19', '1.00')
const inFlightLine = { transactionId: 't0', date: '2026-11-19', amount: '1.00', balance: '101.00' }
const pushedT0 = [recorded('t0', '2026-11-19', '1.00'), planned('b0', [inFlightLine]), succeeded('b0')]

/** For every Xero line rule: a history in which it alone stops t1, and the code it gives. */
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
  withinOneYear: [
    [registered, linked('2025-01-01'), recorded('t1', '2025-11-19', '1.00')],
    'outside_historic_window',
  ],
  notFutureDated: [[registered, linked(), recorded('t1', '2026-11-21', '1.00')], 'future_dated'],
  dayIsOver: [[registered, linked(), recorded('t1', '2026-11-20T08:00:00', '1.00')], 'day_not_over'],
  oneWriteInFlight: [
    [registered, linked(), recorded('t0', '2026-11-19', '1.00'), planned('b0', [inFlightLine]), t1],
    'batch_in_flight',
  ],
}

describe('the Xero destination', () => {
  it('applies its rules in this order, each with its PLATFORMS.md rule number', () => {
    expect(xero.lineRules.map((r) => `${r.rule} ${r.name}`)).toEqual([
      'feedsync notVoided',
      'feedsync notRefusedForGood',
      'feedsync onlyCleared',
      'X16 feedLinked',
      'X30 feedSwitchedOn',
      'X21 withinOneYear',
      'X20 notFutureDated',
      'feedsync dayIsOver',
      'feedsync oneWriteInFlight',
    ])
    expect(xero.batchRules.map((r) => `${r.rule} ${r.name}`)).toEqual([
      'X18 chronological',
      'X17 oneAccount',
      'X25 balancesFollowOn',
      'X22 withinBatchSize',
    ])
  })

  it('names every rule after its function, says it in a sentence, and never says QuickBooks', () => {
    for (const r of xero.lineRules) expect(r.check.name).toBe(r.name)
    for (const r of xero.batchRules) expect(r.apply.name).toBe(r.name)
    for (const r of [...xero.lineRules, ...xero.batchRules]) {
      expect(r.sentence).toMatch(/^[A-Z].{20,}\.$/)
      expect(r.sentence).not.toMatch(/QuickBooks|QBO/)
    }
  })

  it('has an example for every line rule below', () => {
    expect(Object.keys(STOPPED_BY).sort()).toEqual(xero.lineRules.map((r) => r.name).sort())
  })

  it.each(Object.entries(STOPPED_BY))(
    'given a history that breaks only %s, then t1 is stopped with its code, and without the rule it would be sent',
    (name, [events, code]) => {
      expect(outcomeOf(plan(xero, events), 't1')).toBe(code)
      expect(outcomeOf(plan(without(name), events), 't1')).toBe('ready')
    },
  )

  it('reasons name Xero, never QuickBooks', () => {
    for (const [events] of Object.values(STOPPED_BY)) {
      for (const m of messages(planBatches(fold(events), NOW))) expect(m).not.toMatch(/QuickBooks|QBO/)
    }
    const p = planBatches(fold([registered, t1]), NOW)
    expect(p.held[0]?.reason.message).toBe('Waiting for the customer to link this account in Xero.')
  })

  it('X19: a late posting QuickBooks must quarantine (older than the newest line sent) goes to Xero as is, on its bank date', () => {
    const events = [registered, linked(), ...pushedT0, recorded('late', '2026-11-12', '2.00')]
    expect(outcomeOf(planFor(qbo, fold(events), NOW), 'late')).toBe('older_than_destination')
    const p = planBatches(fold(events), NOW)
    expect(p.batches).toEqual([
      { lines: [{ transactionId: 'late', date: '2026-11-12', amount: '2.00', balance: '103.00' }] },
    ])
    expect(p.quarantined).toEqual([])
  })

  it('X21: a line dated exactly one year before today is sent; one a day older is quarantined and in no batch, with latePostings "quarantine"', () => {
    const events = [
      registered,
      linked('2025-01-01'),
      recorded('edge', '2025-11-20', '1.00'),
      recorded('old', '2025-11-19T23:59:00', '1.00'),
    ]
    const p = planBatches(fold(events), NOW)
    expect(lineIds(p)).toEqual([['edge']])
    expect(p.quarantined).toEqual([
      {
        transactionId: 'old',
        reason: {
          code: 'outside_historic_window',
          message:
            'Dated 2025-11-19, more than a year before today (2026-11-20); Xero takes lines dated 2025-11-20 to 2026-11-20 only, and refuses the whole push when one line is older.',
        },
      },
    ])
  })

  it("X21: QuickBooks' 7-day historicDays, passed as a limit, does not narrow Xero's year", () => {
    const events = [registered, linked('2025-01-01'), recorded('t1', '2026-03-01', '1.00')]
    expect(outcomeOf(plan(xero, events, { historicDays: 7 }), 't1')).toBe('ready')
  })

  it('X21: a redated line goes on the first day Xero takes, one year before today', () => {
    expect(xero.earliestDay({ today: '2026-11-20' } as Parameters<Destination['earliestDay']>[0])).toBe(
      '2025-11-20',
    )
    const events = [
      registered,
      linked('2025-01-01'),
      recorded('old', '2025-06-01', '1.00'),
      { type: 'AccountSettingsChanged', data: { latePostings: 'redate', by: 'ops', at: AT } },
    ] as FeedEvent[]
    const p = planBatches(fold(events), NOW)
    expect(p.batches[0]?.lines).toEqual([
      {
        transactionId: 'old',
        date: '2025-11-20',
        originalDate: '2025-06-01',
        amount: '1.00',
        balance: '101.00',
      },
    ])
  })

  it('X21: one year before 29 February is 1 March, the later reading of "a year"', () => {
    expect(['2026-11-20', '2028-02-29', '2028-03-01', '2027-01-01'].map(oneYearBefore)).toEqual([
      '2025-11-20',
      '2027-03-01',
      '2027-03-01',
      '2026-01-01',
    ])
  })

  it('X23: the feed start date is advisory: a line dated before it is sent', () => {
    const events = [registered, linked('2026-11-19'), recorded('t1', '2026-11-10', '1.00')]
    expect(outcomeOf(plan(xero, events), 't1')).toBe('ready')
    expect(outcomeOf(planFor(qbo, fold(events), NOW), 't1')).toBe('before_feed_start')
  })

  it('X18 chronological: sends lines oldest first, which arrival order alone would not', () => {
    const events = [
      registered,
      linked(),
      recorded('b', '2026-11-19', '1.00'),
      recorded('a', '2026-11-18', '1.00'),
    ]
    expect(lineIds(plan(xero, events))).toEqual([['a', 'b']])
    expect(lineIds(plan(without('chronological'), events))).toEqual([['b', 'a']])
  })

  it('X17 oneAccount: keeps the batches as they are, since a plan is one account stream', () => {
    const events = [
      registered,
      linked(),
      recorded('a', '2026-11-18', '1.00'),
      recorded('b', '2026-11-19', '1.00'),
    ]
    expect(lineIds(plan(without('oneAccount'), events))).toEqual(lineIds(plan(xero, events)))
  })

  it('X25 balancesFollowOn: holds a transaction whose bank balance disagrees, which would otherwise be sent', () => {
    const events = [registered, linked(), recorded('t1', '2026-11-19', '1.00', { balance: '150.00' })]
    expect(outcomeOf(plan(xero, events), 't1')).toBe('balance_mismatch')
    expect(outcomeOf(plan(without('balancesFollowOn'), events), 't1')).toBe('ready')
  })

  it('X22 withinBatchSize: cuts a run longer than maxBatchSize into several chained batches', () => {
    const events = [registered, linked(), ...['a', 'b', 'c'].map((id) => recorded(id, '2026-11-19', '1.00'))]
    expect(lineIds(plan(xero, events, { maxBatchSize: 2 }))).toEqual([['a', 'b'], ['c']])
    expect(lineIds(plan(without('withinBatchSize'), events, { maxBatchSize: 2 }))).toEqual([['a', 'b', 'c']])
  })

  it('X24: every line is sent with a transactionType: the bank one, else Credit for money in and Debit for money out', () => {
    expect(xero.transactionTypes).toEqual({
      accepted: ['Credit', 'Debit', 'Unknown'],
      required: true,
      whenMissing: 'by_sign',
    })
    const type = (amount: bigint, given?: 'Credit' | 'Debit' | 'Unknown') =>
      xero.lineTransactionType({ type: given, amount })
    expect([type(-1n), type(0n), type(5n), type(-1n, 'Credit'), type(5n, 'Unknown')]).toEqual([
      'Debit',
      'Credit',
      'Credit',
      'Credit',
      'Unknown',
    ])
    const input = { id: 't1', date: '2026-11-19', description: 'x', amount: '-1', status: 'cleared' as const }
    const n = normaliseTransaction(input, 'USD', 2, xero)
    expect(n.ok && n.data.transactionType).toBe(undefined)
  })

  it('X26: a Credit with a negative amount is only a warning in Xero: it is sent, with the type the bank gave', () => {
    const events = [
      registered,
      linked(),
      recorded('t1', '2026-11-19', '-4.00', { transactionType: 'Credit' }),
    ]
    const state = fold(events)
    expect(outcomeOf(planBatches(state, NOW), 't1')).toBe('ready')
    const t = state.txns.get('t1')
    expect(t && xero.lineTransactionType(t)).toBe('Credit')
  })

  it('X27: Xero is delivered at once, so the reconciliation never shows lines awaiting pull', () => {
    expect(xero.delivery).toEqual({ kind: 'immediate' })
    const events = [registered, linked(), ...pushedT0]
    const s = fold(events)
    for (const now of ['2026-11-20T09:00:00Z', '2026-11-21T05:59:00Z', '2026-11-21T06:00:00Z']) {
      expect(reconcile(s, planBatches(s, now), { now })?.destination.awaitingPull).toBe(0)
    }
    const q = fold([
      { ...registered, data: { ...registered.data, destination: 'qbo' } } as FeedEvent,
      ...events.slice(1),
    ])
    expect(reconcile(q, planBatches(q, NOW), { now: NOW })?.destination.awaitingPull).toBe(1)
  })
})
