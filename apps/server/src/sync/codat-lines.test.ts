import {
  type AccountState,
  type Batch,
  type DestinationId,
  decide,
  evolve,
  initialState,
} from '@feedsync/core'
import { describe, expect, it } from 'vitest'
import { codatLines, rejectionsOf } from './codat-lines.js'

/** An account registered with `destination`, holding `t1` (the bank's type `Unknown`, which its sign would not give) and `t2` (none). */
function account(destination: DestinationId): AccountState {
  const at = '2026-11-25T00:00:00Z'
  let state = initialState()
  const commands = [
    {
      type: 'RegisterAccount',
      accountId: 'a',
      currency: 'USD',
      openingBalance: '0',
      timeZone: 'UTC',
      destination,
      at,
    },
    {
      type: 'RecordTransaction',
      transaction: {
        id: 't1',
        date: '2026-11-24',
        description: 'Fee',
        amount: '1.00',
        type: 'Unknown',
        status: 'cleared',
      },
      at,
    },
    {
      type: 'RecordTransaction',
      transaction: { id: 't2', date: '2026-11-24', description: 'Card', amount: '-2.00', status: 'cleared' },
      at,
    },
  ] as const
  for (const command of commands) {
    const d = decide(command, state)
    if (!d.ok) throw new Error(d.error.message)
    for (const e of d.events) state = evolve(state, e)
  }
  return state
}
const qbo = account('qbo')

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
    const r = rejectionsOf(failed('Q4: older than the newest transaction', ['t2', 'zz']), batch, false, qbo)
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
    const r = rejectionsOf(failed(message), batch, false, qbo)
    expect(r.linkProblem).toBe(true)
    expect(r.rejections.every((x) => !x.final)).toBe(true)
  })

  it('treats every line as non-final when Codat says the account is no longer linked', () => {
    const r = rejectionsOf(failed('Description too long'), batch, true, qbo)
    expect(r.rejections.map((x) => x.final)).toEqual([false, false])
  })
})

describe('rejectionsOf per platform: each reads only its own wording', () => {
  const xero = account('xero')
  const sage = account('sage')

  it.each([
    ['X32: Source account is not connected', xero],
    ['X34: invalid-feed-connection: the feed was removed from the Xero bank account', xero],
    ['S26: Source account is disconnected', sage],
    ['S27: the authorisation has expired', sage],
  ])('a link failure on its own platform holds the lines: %s', (message, state) => {
    const r = rejectionsOf(failed(message), batch, false, state)
    expect(r.linkProblem).toBe(true)
    expect(r.rejections.map((x) => x.final)).toEqual([false, false])
  })

  it("Sage's one statement in flight (S23) is retried: nothing quarantined, the feed stays linked", () => {
    const r = rejectionsOf(
      failed('S23: A statement for this account is already being processed'),
      batch,
      false,
      sage,
    )
    expect(r).toMatchObject({ linkProblem: false, retry: true })
    expect(r.rejections.map((x) => x.final)).toEqual([false, false])
  })

  it("the same S23 text on a Xero or QBO account is about the lines: Sage's wording is not theirs", () => {
    for (const state of [xero, qbo]) {
      const r = rejectionsOf(
        failed('A statement for this account is already being processed'),
        batch,
        false,
        state,
      )
      expect(r).toMatchObject({ linkProblem: false, retry: false })
      expect(r.rejections.map((x) => x.final)).toEqual([true, true])
    }
  })

  it("QBO's switched-off and revoked wording does not disconnect a Xero or Sage account", () => {
    for (const state of [xero, sage]) {
      for (const message of ['Q11: the bank feed has been switched off', 'Q12: credentials revoked']) {
        expect(rejectionsOf(failed(message), batch, false, state).linkProblem).toBe(false)
      }
    }
    expect(
      rejectionsOf(failed('Q11: the bank feed has been switched off'), batch, false, qbo).linkProblem,
    ).toBe(true)
  })

  it('line rules of Xero and Sage quarantine the lines they name', () => {
    const r = rejectionsOf(failed('X21: dated more than one year before today', ['t1']), batch, false, xero)
    expect(r.rejections).toEqual([
      {
        transactionId: 't1',
        code: 'BankTransactions',
        message: 'X21: dated more than one year before today',
        final: true,
      },
    ])
  })
})

describe('codatLines', () => {
  const lines = (state: AccountState) =>
    codatLines(state, {
      ...batch,
      lines: [
        { transactionId: 't1', date: '2026-11-24', amount: '1.00', balance: '1.00' },
        { transactionId: 't2', date: '2026-11-24', amount: '-2.00', balance: '-1.00' },
      ],
    })

  it.each([['qbo'], ['xero'], ['sage']] as const)(
    '%s: every line carries a transactionType: the bank type, else Credit/Debit by sign (X24, S19)',
    (destination) => {
      expect(lines(account(destination)).map((l) => [l.id, l.transactionType, l.balance])).toEqual([
        ['t1', 'Unknown', '1.00'],
        ['t2', 'Debit', '-1.00'],
      ])
    },
  )
})
