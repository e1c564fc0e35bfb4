import { describe, expect, it } from 'vitest'
import type { TransactionInput } from './commands.js'
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

const txn = (over: Partial<TransactionInput> = {}): TransactionInput => ({
  id: 't1',
  date: '2026-11-19',
  description: 'Coffee',
  amount: '-3.50',
  status: 'cleared',
  ...over,
})
const record = (over: Partial<TransactionInput> = {}) => ({
  type: 'RecordTransaction' as const,
  transaction: txn(over),
  at: AT,
})

describe('RegisterAccount', () => {
  it('given nothing, when an account registers, then AccountRegistered carries the normalised opening balance', () => {
    const events = eventsOf(
      given().when({
        type: 'RegisterAccount',
        accountId: 'acc-1',
        currency: 'USD',
        openingBalance: 100,
        at: AT,
      }),
    )
    expect(events).toEqual([registered])
  })
  it('given a registered account, when the same registration is replayed, then nothing happens', () => {
    expect(
      eventsOf(
        given(registered).when({
          type: 'RegisterAccount',
          accountId: 'acc-1',
          currency: 'USD',
          openingBalance: '100',
          at: AT,
        }),
      ),
    ).toEqual([])
  })
  it('given a registered account, when it registers with another currency, then it is refused', () => {
    expect(
      codeOf(
        given(registered).when({
          type: 'RegisterAccount',
          accountId: 'acc-1',
          currency: 'CAD',
          openingBalance: '100',
          at: AT,
        }),
      ),
    ).toBe('account_already_registered')
  })
  it.each([
    [{ currency: 'usd' }, 'invalid_currency'],
    [{ openingBalance: 'lots' }, 'invalid_balance'],
    [{ openingBalance: '1.001' }, 'balance_too_precise'],
    [{ timeZone: 'Mars/Olympus' }, 'invalid_time_zone'],
    [{ accountId: '' }, 'invalid_account_id'],
  ])('when registering with %o, then it is refused with %s', (over, code) => {
    expect(
      codeOf(
        given().when({
          type: 'RegisterAccount',
          accountId: 'acc-1',
          currency: 'USD',
          openingBalance: '0',
          at: AT,
          ...over,
        }),
      ),
    ).toBe(code)
  })
  it('given nothing, when a transaction is recorded, then it is refused until the account is registered', () => {
    expect(codeOf(given().when(record()))).toBe('account_not_registered')
  })
})

describe('RecordTransaction', () => {
  it('given a registered account, when a transaction is recorded, then its amount is normalised to the currency', () => {
    const [e] = eventsOf(given(registered).when(record({ amount: -3.5, balance: '96.5' })))
    expect(e).toEqual(recorded('t1', '2026-11-19', '-3.50', { description: 'Coffee', balance: '96.50' }))
  })
  it('given a recorded transaction, when the identical transaction is replayed, then nothing happens', () => {
    expect(
      eventsOf(
        given(registered, recorded('t1', '2026-11-19', '-3.50', { description: 'Coffee' })).when(record()),
      ),
    ).toEqual([])
  })
  it('given a recorded transaction, when the same id comes with another amount, then it is a conflict', () => {
    const history = [registered, recorded('t1', '2026-11-19', '-3.50', { description: 'Coffee' })]
    expect(codeOf(given(...history).when(record({ amount: '-3.51' })))).toBe('duplicate_conflict')
  })
  it('given a pending transaction, when it is replayed as cleared, then it clears', () => {
    const history = [
      registered,
      recorded('t1', '2026-11-19', '-3.50', { description: 'Coffee', status: 'pending' }),
    ]
    expect(eventsOf(given(...history).when(record()))).toEqual([
      { type: 'TransactionCleared', data: { transactionId: 't1', at: AT } },
    ])
  })
  it.each([
    [{ amount: 'NaN' }, 'invalid_amount'],
    [{ amount: Number.POSITIVE_INFINITY }, 'invalid_amount'],
    [{ amount: '1.005' }, 'amount_too_precise'],
    [{ amount: '1e-3' }, 'amount_too_precise'],
    [{ balance: 'x' }, 'invalid_balance'],
    [{ balance: '0.001' }, 'balance_too_precise'],
    [{ date: '2026-02-30' }, 'invalid_date'],
    [{ date: 'yesterday' }, 'invalid_date'],
    [{ description: '  ' }, 'invalid_transaction'],
    [{ id: '' }, 'invalid_transaction'],
    [{ type: 'Atm' }, 'invalid_transaction_type'],
    [{ currency: 'EUR' }, 'currency_mismatch'],
  ])('when recording %o, then it is refused with %s', (over, code) => {
    expect(codeOf(given(registered).when(record(over as Partial<TransactionInput>)))).toBe(code)
  })
  it('accepts amounts in exponent notation and with trailing zeros when they are exact', () => {
    const [e] = eventsOf(given(registered).when(record({ amount: '1.2500e1' })))
    expect(e?.type === 'TransactionRecorded' && e.data.amount).toBe('12.50')
  })
})

describe('ClearTransaction and VoidTransaction', () => {
  const pending = recorded('t1', '2026-11-18', '5.00', { status: 'pending' })
  it('given a pending transaction, when it clears on a later date, then the clearing date is kept', () => {
    expect(
      eventsOf(
        given(registered, pending).when({
          type: 'ClearTransaction',
          transactionId: 't1',
          date: '2026-11-19',
          at: AT,
        }),
      ),
    ).toEqual([{ type: 'TransactionCleared', data: { transactionId: 't1', date: '2026-11-19', at: AT } }])
  })
  it('given nothing recorded, when clearing, then the id is unknown', () => {
    expect(codeOf(given(registered).when({ type: 'ClearTransaction', transactionId: 'nope', at: AT }))).toBe(
      'unknown_transaction',
    )
  })
  it('given a voided transaction, when clearing it, then it is refused', () => {
    const voided = { type: 'TransactionVoided' as const, data: { transactionId: 't1', at: AT } }
    expect(
      codeOf(
        given(registered, pending, voided).when({ type: 'ClearTransaction', transactionId: 't1', at: AT }),
      ),
    ).toBe('transaction_voided')
  })
  it('given an unsent transaction, when it is voided, then TransactionVoided', () => {
    expect(
      eventsOf(given(registered, pending).when({ type: 'VoidTransaction', transactionId: 't1', at: AT })),
    ).toEqual([{ type: 'TransactionVoided', data: { transactionId: 't1', at: AT } }])
  })
  const line = { transactionId: 't1', date: '2026-11-18', amount: '5.00', balance: '105.00' }
  it('given a pushed transaction, when it is voided, then it is refused', () => {
    const history = [
      registered,
      linked(),
      recorded('t1', '2026-11-18', '5.00'),
      planned('b1', [line]),
      succeeded('b1'),
    ]
    expect(codeOf(given(...history).when({ type: 'VoidTransaction', transactionId: 't1', at: AT }))).toBe(
      'transaction_already_pushed',
    )
  })
  it('given a transaction in flight, when it is voided, then it is refused until the push ends', () => {
    const history = [registered, linked(), recorded('t1', '2026-11-18', '5.00'), planned('b1', [line])]
    expect(codeOf(given(...history).when({ type: 'VoidTransaction', transactionId: 't1', at: AT }))).toBe(
      'transaction_in_flight',
    )
  })
})

describe('batches', () => {
  const now = '2026-11-20T09:00:00Z'
  const history = [
    registered,
    linked(),
    recorded('t1', '2026-11-18', '5.00'),
    recorded('t2', '2026-11-19', '-2.25'),
  ]
  it('given cleared transactions, when a batch is planned, then BatchPlanned lists them oldest first with running balances', () => {
    expect(eventsOf(given(...history).when({ type: 'PlanBatch', batchId: 'b1', now }))).toEqual([
      planned('b1', [
        { transactionId: 't1', date: '2026-11-18', amount: '5.00', balance: '105.00' },
        { transactionId: 't2', date: '2026-11-19', amount: '-2.25', balance: '102.75' },
      ]),
    ])
  })
  it('given nothing to push, when a batch is planned, then nothing happens', () => {
    expect(eventsOf(given(registered, linked()).when({ type: 'PlanBatch', batchId: 'b1', now }))).toEqual([])
  })
  const inFlight = [
    ...history,
    planned('b1', [{ transactionId: 't1', date: '2026-11-18', amount: '5.00', balance: '105.00' }]),
  ]
  it('given a batch in flight, when another is planned, then it is refused', () => {
    expect(codeOf(given(...inFlight).when({ type: 'PlanBatch', batchId: 'b2', now }))).toBe('batch_in_flight')
  })
  it('given a planned batch, when it is submitted twice with the same key, then the second is a no-op', () => {
    const submitted = {
      type: 'BatchSubmitted' as const,
      data: { batchId: 'b1', pushOperationKey: 'op1', at: AT },
    }
    expect(
      eventsOf(
        given(...inFlight, submitted).when({
          type: 'SubmitBatch',
          batchId: 'b1',
          pushOperationKey: 'op1',
          at: AT,
        }),
      ),
    ).toEqual([])
  })
  it('given a finished batch, when another outcome is recorded, then it is refused', () => {
    expect(
      codeOf(
        given(...inFlight, succeeded('b1')).when({ type: 'RecordBatchTimedOut', batchId: 'b1', at: AT }),
      ),
    ).toBe('batch_not_in_flight')
  })
  it('given no such batch, when an outcome is recorded, then the batch is unknown', () => {
    expect(codeOf(given(...history).when({ type: 'RecordBatchSucceeded', batchId: 'zz', at: AT }))).toBe(
      'unknown_batch',
    )
  })
  it('given a batch, when a failure names a transaction outside it, then it is refused', () => {
    const rejections = [{ transactionId: 't2', code: 'x', message: 'x', final: true }]
    expect(
      codeOf(
        given(...inFlight).when({
          type: 'RecordBatchFailed',
          batchId: 'b1',
          rejections,
          message: 'no',
          at: AT,
        }),
      ),
    ).toBe('invalid_batch_outcome')
  })
})

describe('LinkFeed and DisconnectFeed', () => {
  it('given a linked feed, when the same link is reported again, then nothing happens', () => {
    expect(
      eventsOf(given(registered, linked()).when({ type: 'LinkFeed', feedStartDate: '2026-11-15', at: AT })),
    ).toEqual([])
  })
  it('when the feed start date is not a date, then it is refused', () => {
    expect(codeOf(given(registered).when({ type: 'LinkFeed', feedStartDate: '15/11/2026', at: AT }))).toBe(
      'invalid_feed_start_date',
    )
  })
  it('given an unlinked feed, when it is disconnected, then nothing happens', () => {
    expect(eventsOf(given(registered).when({ type: 'DisconnectFeed', at: AT }))).toEqual([])
  })
})
