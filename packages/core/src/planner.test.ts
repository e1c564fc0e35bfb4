import { describe, expect, it } from 'vitest'
import type { FeedEvent } from './events.js'
import { type Plan, planBatches } from './planner.js'
import { fold } from './state.js'
import { AT, linked, planned, recorded, registered, succeeded } from './testing/given.js'

const NOW = '2026-11-20T09:00:00Z' // today = 2026-11-20 in UTC

function plan(events: FeedEvent[], now = NOW, limits = {}): Plan {
  return planBatches(fold(events), now, limits)
}
const reasonOf = (p: Plan, id: string) =>
  [...p.held, ...p.quarantined].find((x) => x.transactionId === id)?.reason.code ??
  (p.inFlight.includes(id) ? 'in_flight' : 'ready')
const lineIds = (p: Plan) => p.batches.flatMap((b) => b.lines.map((l) => l.transactionId))

describe('planBatches holds a transaction that can wait', () => {
  it('when it is still pending', () => {
    expect(
      reasonOf(
        plan([registered, linked(), recorded('t1', '2026-11-19', '1.00', { status: 'pending' })]),
        't1',
      ),
    ).toBe('pending')
  })
  it('when the feed is not linked yet', () => {
    expect(reasonOf(plan([registered, recorded('t1', '2026-11-19', '1.00')]), 't1')).toBe('feed_not_linked')
  })
  it('when the customer switched the feed off', () => {
    const off = { type: 'FeedDisconnected' as const, data: { at: AT } }
    expect(reasonOf(plan([registered, linked(), off, recorded('t1', '2026-11-19', '1.00')]), 't1')).toBe(
      'feed_disconnected',
    )
  })
  it('when it is dated in the future', () => {
    expect(reasonOf(plan([registered, linked(), recorded('t1', '2026-11-21', '1.00')]), 't1')).toBe(
      'future_dated',
    )
  })
  it("when it is dated today and the policy waits for the day's end, but not under the immediate policy", () => {
    const events = [registered, linked(), recorded('t1', '2026-11-20T08:00:00', '1.00')]
    expect(reasonOf(plan(events), 't1')).toBe('day_not_over')
    expect(reasonOf(plan(events, NOW, { policy: 'immediate' }), 't1')).toBe('ready')
  })
  it('when an earlier batch is still in flight', () => {
    const line = { transactionId: 't1', date: '2026-11-18', amount: '1.00', balance: '101.00' }
    const p = plan([
      registered,
      linked(),
      recorded('t1', '2026-11-18', '1.00'),
      planned('b1', [line]),
      recorded('t2', '2026-11-19', '1.00'),
    ])
    expect(reasonOf(p, 't1')).toBe('in_flight')
    expect(reasonOf(p, 't2')).toBe('batch_in_flight')
  })
  it('when the bank balance disagrees, and every later transaction with it', () => {
    const p = plan([
      registered,
      linked(),
      recorded('t1', '2026-11-17', '1.00', { balance: '101.00' }),
      recorded('t2', '2026-11-18', '1.00', { balance: '150.00' }),
      recorded('t3', '2026-11-19', '1.00'),
    ])
    expect(lineIds(p)).toEqual(['t1'])
    expect(reasonOf(p, 't2')).toBe('balance_mismatch')
    expect(p.held.find((h) => h.transactionId === 't2')?.reason.message).toContain('150.00')
    expect(reasonOf(p, 't3')).toBe('waiting_for_earlier_transaction')
  })
})

describe('planBatches quarantines a transaction that can never be pushed', () => {
  it('when it was voided', () => {
    const voided = { type: 'TransactionVoided' as const, data: { transactionId: 't1', at: AT } }
    expect(reasonOf(plan([registered, linked(), recorded('t1', '2026-11-19', '1.00'), voided]), 't1')).toBe(
      'voided',
    )
  })
  it('when it is older than the newest transaction QBO already holds', () => {
    const line = { transactionId: 't1', date: '2026-11-19', amount: '1.00', balance: '101.00' }
    const events = [
      registered,
      linked(),
      recorded('t1', '2026-11-19', '1.00'),
      planned('b1', [line]),
      succeeded('b1'),
    ]
    const p = plan([...events, recorded('t2', '2026-11-18', '1.00'), recorded('t3', '2026-11-19', '2.00')])
    expect(reasonOf(p, 't2')).toBe('older_than_destination')
    expect(lineIds(p)).toEqual(['t3']) // an equal date is allowed
  })
  it('when it is dated before the feed start date chosen in QBO', () => {
    expect(
      reasonOf(plan([registered, linked('2026-11-18'), recorded('t1', '2026-11-17', '1.00')]), 't1'),
    ).toBe('before_feed_start')
  })
  it('when it is older than the historic window, even if the feed start date is older still', () => {
    const p = plan([
      registered,
      linked('2026-10-01'),
      recorded('t1', '2026-11-12', '1.00'),
      recorded('t2', '2026-11-13', '1.00'),
    ])
    expect(reasonOf(p, 't1')).toBe('outside_historic_window')
    expect(reasonOf(p, 't2')).toBe('ready')
  })
  it('when QBO refused it for good, while lines refused for a passing reason come back', () => {
    const lines = [
      { transactionId: 't1', date: '2026-11-18', amount: '1.00', balance: '101.00' },
      { transactionId: 't2', date: '2026-11-19', amount: '1.00', balance: '102.00' },
    ]
    const failed: FeedEvent = {
      type: 'BatchFailed',
      data: {
        batchId: 'b1',
        message: 'failed',
        at: AT,
        rejections: [
          { transactionId: 't1', code: 'invalid', message: 'bad description', final: true },
          { transactionId: 't2', code: 'busy', message: 'try later', final: false },
        ],
      },
    }
    const p = plan([
      registered,
      linked(),
      recorded('t1', '2026-11-18', '1.00'),
      recorded('t2', '2026-11-19', '1.00'),
      planned('b1', lines),
      failed,
    ])
    expect(reasonOf(p, 't1')).toBe('rejected_by_destination')
    expect(p.batches[0]?.lines).toEqual([
      { transactionId: 't2', date: '2026-11-19', amount: '1.00', balance: '101.00' },
    ])
  })
})

describe('planBatches batches', () => {
  it('splits at the batch size, chaining balances, oldest first and arrival order within a day', () => {
    const p = plan(
      [
        registered,
        linked(),
        recorded('c', '2026-11-19', '3.00'),
        recorded('a', '2026-11-18', '1.00'),
        recorded('b', '2026-11-19', '2.00'),
      ],
      NOW,
      { maxBatchSize: 2 },
    )
    expect(p.batches.map((b) => b.lines.map((l) => `${l.transactionId}:${l.balance}`))).toEqual([
      ['a:101.00', 'c:104.00'],
      ['b:106.00'],
    ])
  })
  it('after a timed-out batch, plans its lines again', () => {
    const line = { transactionId: 't1', date: '2026-11-18', amount: '1.00', balance: '101.00' }
    const timedOut: FeedEvent = { type: 'BatchTimedOut', data: { batchId: 'b1', at: AT } }
    expect(
      lineIds(
        plan([registered, linked(), recorded('t1', '2026-11-18', '1.00'), planned('b1', [line]), timedOut]),
      ),
    ).toEqual(['t1'])
  })
  it("measures today in the account's time zone", () => {
    const ny: FeedEvent = {
      type: 'AccountRegistered',
      data: { ...registered.data, timeZone: 'America/New_York' } as never,
    }
    // 03:00 UTC on the 20th is still the 19th in New York: the 19th's transactions wait for its end.
    const p = plan([ny, linked(), recorded('t1', '2026-11-19', '1.00')], '2026-11-20T03:00:00Z')
    expect(p.today).toBe('2026-11-19')
    expect(reasonOf(p, 't1')).toBe('day_not_over')
  })
})
