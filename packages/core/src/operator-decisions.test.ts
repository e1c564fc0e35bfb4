import { describe, expect, it } from 'vitest'
import type { Command } from './commands.js'
import type { FeedEvent } from './events.js'
import { planBatches } from './planner.js'
import { fold } from './state.js'
import {
  AT,
  codeOf,
  eventsOf,
  given,
  linked,
  planned,
  recorded,
  registered,
  succeeded,
} from './testing/given.js'
import { syncStatuses } from './views.js'

const who = { note: 'customer confirmed', by: 'ops@bank.test', at: AT }
const dismiss = (transactionId: string): Command => ({ type: 'DismissTransaction', transactionId, ...who })
const redate = (transactionId: string, at = AT): Command => ({
  type: 'RedateTransaction',
  transactionId,
  ...who,
  at,
})
const accept = (transactionId: string): Command => ({ type: 'AcceptBankBalance', transactionId, ...who })
const statusOf = (events: FeedEvent[], id: string, now = AT) => {
  const s = fold(events)
  return syncStatuses(s, planBatches(s, now)).get(id)
}
const old = recorded('old', '2026-11-10', '-5.00')

describe('DismissTransaction', () => {
  it('given a quarantined cleared line, when dismissed, then it is closed as dismissed with who, when and why', () => {
    const history = [registered, linked(), old]
    const events = eventsOf(given(...history).when(dismiss('old')))
    expect(events).toEqual([{ type: 'TransactionDismissed', data: { transactionId: 'old', ...who } }])
    expect(statusOf([...history, ...events], 'old')?.status).toBe('dismissed')
    expect(eventsOf(given(...history, ...events).when(dismiss('old')))).toEqual([])
  })
  it('refuses a pending, pushed, in-flight, voided or unknown line, and a missing `by`', () => {
    const line = { transactionId: 'a', date: '2026-11-19', amount: '1.00', balance: '101.00' }
    const base = [registered, linked(), recorded('a', '2026-11-19', '1.00')]
    expect(
      codeOf(
        given(registered, recorded('p', '2026-11-19', '1.00', { status: 'pending' })).when(dismiss('p')),
      ),
    ).toBe('not_dismissable')
    expect(codeOf(given(...base, planned('b1', [line]), succeeded('b1')).when(dismiss('a')))).toBe(
      'transaction_already_pushed',
    )
    expect(codeOf(given(...base, planned('b1', [line])).when(dismiss('a')))).toBe('transaction_in_flight')
    const voided: FeedEvent = { type: 'TransactionVoided', data: { transactionId: 'a', at: AT } }
    expect(codeOf(given(...base, voided).when(dismiss('a')))).toBe('transaction_voided')
    expect(codeOf(given(...base).when(dismiss('zz')))).toBe('unknown_transaction')
    expect(codeOf(given(...base).when({ ...dismiss('a'), by: ' ' } as Command))).toBe('invalid_note')
  })
})

describe('RedateTransaction', () => {
  it('given a line before the feed start, when redated, then it is pushed on the earliest day QuickBooks takes, its bank date kept', () => {
    const history = [registered, linked('2026-11-15'), old]
    const events = eventsOf(given(...history).when(redate('old')))
    expect(events[0]?.type).toBe('TransactionRedated')
    // 09:00 UTC on 11-20: QuickBooks pulls next on 11-21 at 06:00, when 11-14 is the window's first day;
    // the feed start (11-15) is later still.
    const s = fold([...history, ...events])
    expect(planBatches(s, '2026-11-20T09:00:00Z').batches[0]?.lines).toEqual([
      {
        transactionId: 'old',
        date: '2026-11-15',
        amount: '-5.00',
        balance: '95.00',
        originalDate: '2026-11-10',
      },
    ])
  })
  it('redates to a day still inside the window at the next daily pull, and never before the newest line QuickBooks holds', () => {
    const history = [registered, linked('2026-11-01'), old, recorded('late', '2026-11-05', '1.00')]
    const s = fold([...history, ...eventsOf(given(...history).when(redate('old')))])
    const day = (now: string) => planBatches(s, now).redated.find((r) => r.transactionId === 'old')?.date
    expect(day('2026-11-20T03:00:00Z')).toBe('2026-11-13') // pull at 06:00 today: today − 7
    expect(day('2026-11-20T09:00:00Z')).toBe('2026-11-14') // pull tomorrow: tomorrow − 7
    const line = { transactionId: 'x', date: '2026-11-18', amount: '1.00', balance: '101.00' }
    const pushed = [recorded('x', '2026-11-18', '1.00'), planned('b1', [line]), succeeded('b1')]
    const later = fold([...history, ...pushed, ...eventsOf(given(...history, ...pushed).when(redate('old')))])
    expect(planBatches(later, '2026-11-20T09:00:00Z').redated[0]?.date).toBe('2026-11-18')
  })
  it('refuses a line no date rule quarantines, and a dismissed one; redating again changes nothing', () => {
    const history = [registered, linked('2026-11-15'), old, recorded('fine', '2026-11-19', '1.00')]
    expect(codeOf(given(...history).when(redate('fine')))).toBe('not_redatable')
    const dismissed = eventsOf(given(...history).when(dismiss('old')))
    expect(codeOf(given(...history, ...dismissed).when(redate('old')))).toBe('not_redatable')
    const redated = eventsOf(given(...history).when(redate('old')))
    expect(eventsOf(given(...history, ...redated).when(redate('old')))).toEqual([])
  })
})

describe('ChangeAccountSettings', () => {
  const set = (latePostings: string): Command =>
    ({ type: 'ChangeAccountSettings', latePostings, by: 'ops', at: AT }) as Command
  it('with latePostings redate, a late posting is pushed redated by the planner without any other action', () => {
    const history = [registered, linked('2026-11-15'), old]
    const events = eventsOf(given(...history).when(set('redate')))
    expect(events).toEqual([
      { type: 'AccountSettingsChanged', data: { latePostings: 'redate', by: 'ops', at: AT } },
    ])
    const plan = planBatches(fold([...history, ...events]), AT)
    expect(plan.batches[0]?.lines[0]).toMatchObject({
      transactionId: 'old',
      date: '2026-11-15',
      originalDate: '2026-11-10',
    })
    expect(plan.redated).toEqual([
      { transactionId: 'old', originalDate: '2026-11-10', date: '2026-11-15', automatic: true },
    ])
  })
  it('changes nothing when the setting is already so, and refuses an unknown value', () => {
    expect(eventsOf(given(registered).when(set('quarantine')))).toEqual([])
    expect(codeOf(given(registered).when(set('sometimes')))).toBe('invalid_settings')
  })
})

describe('AcceptBankBalance', () => {
  const gapped = [
    registered,
    linked(),
    recorded('a', '2026-11-17', '1.00', { balance: '101.00' }),
    recorded('b', '2026-11-18', '1.00', { balance: '152.00' }),
    recorded('c', '2026-11-19', '1.00', { balance: '153.00' }),
  ]
  it('given a balance mismatch, when accepted, then the gap is recorded and every later line flows with the computed balance', () => {
    expect(statusOf(gapped, 'b')?.reason?.code).toBe('balance_mismatch')
    const events = eventsOf(given(...gapped).when(accept('b')))
    expect(events).toEqual([
      { type: 'BankBalanceAccepted', data: { transactionId: 'b', offset: '50.00', ...who } },
    ])
    const lines = planBatches(fold([...gapped, ...events]), AT).batches.flatMap((b) => b.lines)
    expect(lines.map((l) => [l.transactionId, l.balance])).toEqual([
      ['a', '101.00'],
      ['b', '102.00'],
      ['c', '103.00'],
    ])
  })
  it('refuses a line that is not held for its balance', () => {
    expect(codeOf(given(...gapped).when(accept('a')))).toBe('no_balance_mismatch')
    expect(codeOf(given(...gapped).when(accept('c')))).toBe('no_balance_mismatch')
  })
  it("counts a parked line in the bank's ledger, so the bank's true balance after it never stalls the feed", () => {
    const history = [
      registered,
      linked('2026-11-15'),
      recorded('early', '2026-11-12', '-10.00', { balance: '90.00' }),
      recorded('next', '2026-11-16', '-5.00', { balance: '85.00' }),
    ]
    const s = fold(history)
    const plan = planBatches(s, AT)
    expect(plan.quarantined.map((q) => q.reason.code)).toEqual(['before_feed_start'])
    expect(plan.batches[0]?.lines).toEqual([
      { transactionId: 'next', date: '2026-11-16', amount: '-5.00', balance: '95.00' },
    ])
  })
})

describe('recorded quarantine reasons', () => {
  const history = [registered, linked('2026-11-15'), old, recorded('new', '2026-11-18', '1.00')]
  it('PlanBatch records the first reason of a newly quarantined line, before the intent', () => {
    const events = eventsOf(given(...history).when({ type: 'PlanBatch', batchId: 'b1', now: AT }))
    expect(events.map((e) => e.type)).toEqual(['TransactionsQuarantined', 'BatchPlanned'])
    expect(events[0]).toMatchObject({
      data: { transactions: [{ transactionId: 'old', code: 'before_feed_start' }] },
    })
  })
  it('keeps before_feed_start once the destination newest day passes the line (it does not turn older_than_destination)', () => {
    const events = eventsOf(given(...history).when({ type: 'PlanBatch', batchId: 'b1', now: AT }))
    const after = fold([...history, ...events, succeeded('b1')])
    expect(after.destinationNewestDay).toBe('2026-11-18')
    expect(planBatches(after, AT).quarantined[0]?.reason.code).toBe('before_feed_start')
    // without the record, the first rule in order (Q4) would relabel it
    expect(
      planBatches(
        fold([
          ...history,
          planned('b1', [{ transactionId: 'new', date: '2026-11-18', amount: '1.00', balance: '101.00' }]),
          succeeded('b1'),
        ]),
        AT,
      ).quarantined[0]?.reason.code,
    ).toBe('older_than_destination')
  })
  it('RecordQuarantines records them when there is nothing to push, and nothing twice; PlanBatch then decides nothing', () => {
    const only = [registered, linked('2026-11-15'), old]
    expect(eventsOf(given(...only).when({ type: 'PlanBatch', batchId: 'b1', now: AT }))).toEqual([])
    const events = eventsOf(given(...only).when({ type: 'RecordQuarantines', now: AT }))
    expect(events.map((e) => e.type)).toEqual(['TransactionsQuarantined'])
    expect(eventsOf(given(...only, ...events).when({ type: 'RecordQuarantines', now: AT }))).toEqual([])
    expect(codeOf(given(...only).when({ type: 'RecordQuarantines', now: 'soon' }))).toBe('invalid_instant')
  })
})
