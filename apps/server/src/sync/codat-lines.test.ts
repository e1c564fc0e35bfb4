import type { Batch } from '@feedsync/core'
import { describe, expect, it } from 'vitest'
import { rejectionsOf } from './codat-lines.js'

const batch: Batch = {
  id: 'b1',
  lines: [
    { transactionId: 't1', date: '2026-11-24', amount: '1.00', balance: '1.00' },
    { transactionId: 't2', date: '2026-11-24', amount: '2.00', balance: '3.00' },
  ],
  plannedAt: '2026-11-25T00:00:00Z',
  status: 'submitted',
  pushOperationKey: 'k',
  completedAt: undefined,
  message: undefined,
  rejections: [],
}

const failed = (message: string, ids = ['t1', 't2']) => ({
  errorMessage: 'Push failed for bankTransactions: see validation for more information',
  validation: { errors: ids.map((itemId) => ({ itemId, message, validatorName: 'BankTransactions' })) },
})

describe('rejectionsOf', () => {
  it('quarantines the lines a rule refuses (final), ignoring ids outside the batch', () => {
    const r = rejectionsOf(failed('Q4: older than the newest transaction', ['t2', 'zz']), batch, false)
    expect(r.linkProblem).toBe(false)
    expect(r.rejections).toEqual([
      {
        transactionId: 't2',
        code: 'BankTransactions',
        message: 'Q4: older than the newest transaction',
        final: true,
      },
    ])
  })

  it.each([
    'Q11: the bank feed for this account has been switched off in QuickBooks Online.',
    'Q12: the credentials this account was linked with in QuickBooks Online have been revoked.',
    'Q1: the source account is disconnected, not connected.',
    'Q1: the connection is Unlinked, not Linked.',
  ])('treats a link failure as non-final: %s', (message) => {
    const r = rejectionsOf(failed(message), batch, false)
    expect(r.linkProblem).toBe(true)
    expect(r.rejections.every((x) => !x.final)).toBe(true)
  })

  it('treats every line as non-final when Codat says the account is no longer linked', () => {
    const r = rejectionsOf(failed('Description too long'), batch, true)
    expect(r.rejections.map((x) => x.final)).toEqual([false, false])
  })
})
