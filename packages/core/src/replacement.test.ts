import { describe, expect, it } from 'vitest'
import type { TransactionInput } from './commands.js'
import { decideRecordTransactions } from './decide.js'
import { planBatches } from './planner.js'
import { fold } from './state.js'
import { AT, codeOf, eventsOf, given, linked, recorded, registered } from './testing/given.js'
import { syncStatuses } from './views.js'

const pending = recorded('p1', '2026-11-18', '-12.00', { status: 'pending' })
const posted = (extra: Partial<TransactionInput> = {}): TransactionInput => ({
  id: 'c1',
  date: '2026-11-19',
  description: 'Coffee shop',
  amount: '-12.50',
  status: 'cleared',
  replacesPendingId: 'p1',
  ...extra,
})
const recordOf = (transaction: TransactionInput) => ({
  type: 'RecordTransaction' as const,
  transaction,
  at: AT,
})

describe('a pending transaction posted under a new id', () => {
  it('closes the pending one as replaced: never pushed, never counted; the posted one goes as usual', () => {
    const events = eventsOf(given(registered, linked(), pending).when(recordOf(posted())))
    const s = fold([registered, linked(), pending, ...events])
    const plan = planBatches(s, AT)
    expect(plan.batches.flatMap((b) => b.lines.map((l) => l.transactionId))).toEqual(['c1'])
    expect(syncStatuses(s, plan).get('p1')).toMatchObject({
      status: 'replaced',
      reason: { code: 'replaced' },
    })
    expect(s.txns.get('p1')?.replacedBy).toBe('c1')
  })
  it('refuses an unknown, cleared or already replaced pending id, and replacesPendingId on a pending line', () => {
    expect(codeOf(given(registered, pending).when(recordOf(posted({ replacesPendingId: 'zz' }))))).toBe(
      'replaced_transaction_not_found',
    )
    const cleared = recorded('p1', '2026-11-18', '-12.00')
    expect(codeOf(given(registered, cleared).when(recordOf(posted())))).toBe(
      'replaced_transaction_not_pending',
    )
    const first = eventsOf(given(registered, pending).when(recordOf(posted())))
    expect(codeOf(given(registered, pending, ...first).when(recordOf(posted({ id: 'c2' }))))).toBe(
      'replaced_transaction_not_pending',
    )
    expect(codeOf(given(registered, pending).when(recordOf(posted({ status: 'pending' }))))).toBe(
      'invalid_transaction',
    )
  })
  it('a replay of the posted one is a duplicate; one naming another pending id is a conflict; the replaced one cannot be cleared', () => {
    const first = eventsOf(given(registered, pending).when(recordOf(posted())))
    const history = [registered, pending, ...first]
    expect(eventsOf(given(...history).when(recordOf(posted())))).toEqual([])
    expect(eventsOf(given(...history).when(recordOf(posted({ replacesPendingId: undefined }))))).toEqual([])
    expect(codeOf(given(...history).when(recordOf(posted({ replacesPendingId: 'p9' }))))).toBe(
      'duplicate_conflict',
    )
    expect(codeOf(given(...history).when({ type: 'ClearTransaction', transactionId: 'p1', at: AT }))).toBe(
      'transaction_replaced',
    )
  })
  it('in one request: a pending line and the line that replaces it; a second replacement of it is refused', () => {
    const state = fold([registered])
    const p: TransactionInput = {
      id: 'p1',
      date: '2026-11-18',
      description: 'x',
      amount: '-1.00',
      status: 'pending',
    }
    const { outcomes, events } = decideRecordTransactions(state, [p, posted(), posted({ id: 'c2' })], AT)
    expect(outcomes.map((o) => (o.result === 'rejected' ? o.error.code : o.result))).toEqual([
      'recorded',
      'recorded',
      'replaced_transaction_not_pending',
    ])
    expect(fold([registered, ...events]).txns.get('p1')?.replacedBy).toBe('c1')
  })
})
