import { describe, expect, it } from 'vitest'
import { decide, normaliseTransaction } from '../decide.js'
import type { FeedEvent } from '../events.js'
import { type Plan, planBatches, planFor } from '../planner.js'
import { reconcile } from '../reconciliation.js'
import { fold } from '../state.js'
import { AT, linked, planned, recorded, registeredFor, succeeded } from '../testing/given.js'
import type { Destination } from './destination.js'
import { qbo } from './qbo.js'
import { sage } from './sage.js'

const NOW = '2026-11-20T09:00:00Z' // today = 2026-11-20 in UTC
const registered = registeredFor('sage')

/** Sage with one rule left out, to show what that rule alone stops. */
const without = (name: string): Destination => ({
  ...sage,
  lineRules: sage.lineRules.filter((r) => r.name !== name),
  batchRules: sage.batchRules.filter((r) => r.name !== name),
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

/** For every Sage line rule: a history in which it alone stops t1, and the code it gives. */
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
  notBeforeConnectDay: [
    [registered, linked('2026-11-19'), recorded('t1', '2026-11-18T23:59:00', '1.00')],
    'before_feed_start',
  ],
  notFutureDated: [[registered, linked(), recorded('t1', '2026-11-21', '1.00')], 'future_dated'],
  dayIsOver: [[registered, linked(), recorded('t1', '2026-11-20T08:00:00', '1.00')], 'day_not_over'],
  oneWriteInFlight: [
    [registered, linked(), recorded('t0', '2026-11-19', '1.00'), planned('b0', [inFlightLine]), t1],
    'batch_in_flight',
  ],
}

describe('the Sage destination', () => {
  it('applies its rules in this order, each with its PLATFORMS.md rule number', () => {
    expect(sage.lineRules.map((r) => `${r.rule} ${r.name}`)).toEqual([
      'feedsync notVoided',
      'feedsync notRefusedForGood',
      'S25 onlyCleared',
      'S12 feedLinked',
      'S26 feedSwitchedOn',
      'S15 notOlderThanDestinationNewest',
      'S17 notBeforeConnectDay',
      'S16 notFutureDated',
      'feedsync dayIsOver',
      'S23 oneWriteInFlight',
    ])
    expect(sage.batchRules.map((r) => `${r.rule} ${r.name}`)).toEqual([
      'S14 chronological',
      'S13 oneAccount',
      'S20 balancesFollowOn',
      'S18 withinBatchSize',
      'S23 oneStatementAtATime',
    ])
  })

  it('names every rule after its function, says it in a sentence, and never says QuickBooks', () => {
    for (const r of sage.lineRules) expect(r.check.name).toBe(r.name)
    for (const r of sage.batchRules) expect(r.apply.name).toBe(r.name)
    for (const r of [...sage.lineRules, ...sage.batchRules]) {
      expect(r.sentence).toMatch(/^[A-Z].{20,}\.$/)
      expect(r.sentence).not.toMatch(/QuickBooks|QBO/)
    }
  })

  it('has an example for every line rule below', () => {
    expect(Object.keys(STOPPED_BY).sort()).toEqual(sage.lineRules.map((r) => r.name).sort())
  })

  it.each(Object.entries(STOPPED_BY))(
    'given a history that breaks only %s, then t1 is stopped with its code, and without the rule it would be sent',
    (name, [events, code]) => {
      expect(outcomeOf(plan(sage, events), 't1')).toBe(code)
      expect(outcomeOf(plan(without(name), events), 't1')).toBe('ready')
    },
  )

  it('reasons name Sage, never QuickBooks', () => {
    for (const [events] of Object.values(STOPPED_BY)) {
      for (const m of messages(planBatches(fold(events), NOW))) expect(m).not.toMatch(/QuickBooks|QBO/)
    }
    const [events] = STOPPED_BY.notOlderThanDestinationNewest ?? [[]]
    expect(messages(planBatches(fold(events), NOW))).toEqual([
      'Dated 2026-11-18, before 2026-11-19, the newest transaction Sage already holds; Sage refuses older ones.',
    ])
  })

  it('S15: a line dated on the newest day Sage holds is sent (equal days pass)', () => {
    const events = [registered, linked(), ...pushedT0, recorded('t1', '2026-11-19T18:00:00', '1.00')]
    expect(outcomeOf(plan(sage, events), 't1')).toBe('ready')
  })

  it('S17: a line dated on the connect day itself is sent; the day before is quarantined, with a message naming Sage', () => {
    const events = [
      registered,
      linked('2026-11-19'),
      recorded('day', '2026-11-19T00:01:00', '1.00'),
      recorded('before', '2026-11-18', '1.00'),
    ]
    const p = plan(sage, events)
    expect(lineIds(p)).toEqual([['day']])
    expect(p.quarantined.map((q) => q.reason.message)).toEqual([
      'Dated 2026-11-18, before 2026-11-19, the day the customer connected this account in Sage; Sage takes nothing dated before that day.',
    ])
  })

  it('S28: reconnecting the account moves the connect day: a line dated between the two connects is no longer sent', () => {
    const events = [
      registered,
      linked('2026-11-10'),
      { type: 'FeedDisconnected', data: { at: AT } } as FeedEvent,
      recorded('between', '2026-11-15', '1.00'),
      linked('2026-11-19'),
      recorded('after', '2026-11-19', '1.00'),
    ]
    const p = plan(sage, events)
    expect(lineIds(p)).toEqual([['after']])
    expect(outcomeOf(p, 'between')).toBe('before_feed_start')
  })

  it('S17: no 7-day window as in QuickBooks: a month-old line after the connect day is sent, whatever historicDays says', () => {
    const events = [registered, linked('2026-10-01'), recorded('t1', '2026-10-20', '1.00')]
    expect(outcomeOf(plan(sage, events, { historicDays: 7 }), 't1')).toBe('ready')
    expect(outcomeOf(planFor(qbo, fold(events), NOW), 't1')).toBe('outside_historic_window')
  })

  it('a redated line goes on the later of the connect day and the newest day Sage holds', () => {
    const redate = {
      type: 'AccountSettingsChanged',
      data: { latePostings: 'redate', by: 'ops', at: AT },
    } as FeedEvent
    const before = [registered, linked('2026-11-17'), recorded('old', '2026-11-10', '1.00'), redate]
    expect(plan(sage, before).batches[0]?.lines[0]?.date).toBe('2026-11-17')
    const late = [
      registered,
      linked('2026-11-10'),
      ...pushedT0,
      recorded('late', '2026-11-12', '2.00'),
      redate,
    ]
    expect(plan(sage, late).batches[0]?.lines).toEqual([
      {
        transactionId: 'late',
        date: '2026-11-19',
        originalDate: '2026-11-12',
        amount: '2.00',
        balance: '103.00',
      },
    ])
  })

  it('S23 oneStatementAtATime: a plan holds one batch; the lines past it wait for that statement', () => {
    const events = [registered, linked(), ...['a', 'b', 'c'].map((id) => recorded(id, '2026-11-19', '1.00'))]
    const p = plan(sage, events, { maxBatchSize: 2 })
    expect(lineIds(p)).toEqual([['a', 'b']])
    expect(p.held.map((h) => `${h.transactionId}:${h.reason.code}`)).toEqual(['c:batch_in_flight'])
    expect(p.held[0]?.reason.message).toMatch(/Sage processes one statement per account at a time/)
    expect(lineIds(plan(without('oneStatementAtATime'), events, { maxBatchSize: 2 }))).toEqual([
      ['a', 'b'],
      ['c'],
    ])
  })

  it('S23: while a push is in flight nothing is planned, and PlanBatch is refused; once it lands the next one is planned', () => {
    const open = [
      registered,
      linked(),
      recorded('t0', '2026-11-19', '1.00'),
      planned('b0', [inFlightLine]),
      t1,
    ]
    const s = fold(open)
    expect(planBatches(s, NOW).batches).toEqual([])
    const refused = decide({ type: 'PlanBatch', batchId: 'b1', now: NOW }, s)
    expect(refused.ok ? 'planned' : refused.error.code).toBe('batch_in_flight')
    expect(lineIds(planBatches(fold([...open, succeeded('b0')]), NOW))).toEqual([['t1']])
  })

  it('S14 chronological: sends lines oldest first, which arrival order alone would not', () => {
    const events = [
      registered,
      linked(),
      recorded('b', '2026-11-19', '1.00'),
      recorded('a', '2026-11-18', '1.00'),
    ]
    expect(lineIds(plan(sage, events))).toEqual([['a', 'b']])
    expect(lineIds(plan(without('chronological'), events))).toEqual([['b', 'a']])
  })

  it('S13 oneAccount: keeps the batches as they are, since a plan is one account stream', () => {
    const events = [
      registered,
      linked(),
      recorded('a', '2026-11-18', '1.00'),
      recorded('b', '2026-11-19', '1.00'),
    ]
    expect(lineIds(plan(without('oneAccount'), events))).toEqual(lineIds(plan(sage, events)))
  })

  it('S20 balancesFollowOn: holds a transaction whose bank balance disagrees, which would otherwise be sent', () => {
    const events = [registered, linked(), recorded('t1', '2026-11-19', '1.00', { balance: '150.00' })]
    expect(outcomeOf(plan(sage, events), 't1')).toBe('balance_mismatch')
    expect(outcomeOf(plan(without('balancesFollowOn'), events), 't1')).toBe('ready')
  })

  it('S18 withinBatchSize: the one batch of a plan has at most maxBatchSize lines', () => {
    const events = [registered, linked(), ...['a', 'b', 'c'].map((id) => recorded(id, '2026-11-19', '1.00'))]
    expect(lineIds(plan(sage, events, { maxBatchSize: 2 }))).toEqual([['a', 'b']])
    expect(lineIds(plan(without('withinBatchSize'), events, { maxBatchSize: 2 }))).toEqual([['a', 'b', 'c']])
  })

  it('S19: every line is sent with a transactionType: the bank one, else Credit for money in and Debit for money out', () => {
    expect(sage.transactionTypes).toEqual({
      accepted: ['Credit', 'Debit', 'Unknown'],
      required: true,
      whenMissing: 'by_sign',
    })
    const type = (amount: bigint, given?: 'Credit' | 'Debit' | 'Unknown') =>
      sage.lineTransactionType({ type: given, amount })
    expect([type(-450n), type(0n), type(450n), type(450n, 'Debit')]).toEqual([
      'Debit',
      'Credit',
      'Credit',
      'Debit',
    ])
    const input = { id: 't1', date: '2026-11-19', description: 'x', amount: '-1', status: 'cleared' as const }
    expect(normaliseTransaction(input, 'USD', 2, sage).ok).toBe(true)
  })

  it('S21: a Debit with a positive amount (as in the Sage docs example) is only a warning: it is sent', () => {
    const events = [
      registered,
      linked(),
      recorded('t1', '2026-11-19', '450.00', { transactionType: 'Debit' }),
    ]
    expect(outcomeOf(plan(sage, events), 't1')).toBe('ready')
  })

  it('S22: delivered once the Banking Service accepted the statement, so the reconciliation never shows lines awaiting pull', () => {
    expect(sage.delivery).toEqual({ kind: 'immediate' })
    const s = fold([registered, linked(), ...pushedT0])
    for (const now of ['2026-11-20T09:00:00Z', '2026-11-21T05:59:00Z']) {
      expect(reconcile(s, planBatches(s, now), { now })?.destination.awaitingPull).toBe(0)
    }
  })
})
