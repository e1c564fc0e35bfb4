import { describe, expect, it } from 'vitest'
import type { TransactionInput } from './commands.js'
import { decideRecordTransactions } from './decide.js'
import { fold } from './state.js'
import { AT, recorded, registered } from './testing/given.js'

const t1: TransactionInput = {
  id: 't1',
  date: '2026-11-19',
  description: 'Coffee',
  amount: '-3.50',
  status: 'pending',
}
const results = (request: TransactionInput[], history = [registered]) => {
  const { outcomes, events } = decideRecordTransactions(fold(history), request, AT)
  return {
    outcomes: outcomes.map((o) => (o.result === 'rejected' ? o.error.code : o.result)),
    events: events.map((e) =>
      e.type === 'TransactionsRecorded'
        ? `recorded ${e.data.transactions.map((t) => `${t.transactionId}:${t.status}`).join(',')}`
        : e.type === 'TransactionCleared'
          ? `cleared ${e.data.transactionId}`
          : e.type,
    ),
  }
}

/**
 * Regression examples for the two faults the bulk-record property test was widened to catch
 * (commit ba9b96b: "replays within a request ... each clearing replay clears once", both seen
 * failing on a broken decideRecordTransactions; no seed was recorded).
 */
describe('a bulk record that replays its own transactions', () => {
  it('given a request that records a pending transaction and later in it reports it cleared, then it is recorded pending and cleared once', () => {
    expect(results([t1, { ...t1, status: 'cleared' }])).toEqual({
      outcomes: ['recorded', 'duplicate'],
      events: ['recorded t1:pending', 'cleared t1'],
    })
  })
  it('given a pending transaction, when one request reports it cleared twice, then it clears once', () => {
    const history = [
      registered,
      recorded('t1', '2026-11-19', '-3.50', { description: 'Coffee', status: 'pending' }),
    ]
    expect(
      results(
        [
          { ...t1, status: 'cleared' },
          { ...t1, status: 'cleared' },
        ],
        history,
      ),
    ).toEqual({
      outcomes: ['duplicate', 'duplicate'],
      events: ['cleared t1'],
    })
  })
  it('given a request that records a transaction and later in it sends the same id with another amount, then the second is a conflict', () => {
    expect(results([t1, { ...t1, amount: '-3.51' }])).toEqual({
      outcomes: ['recorded', 'duplicate_conflict'],
      events: ['recorded t1:pending'],
    })
  })
})
