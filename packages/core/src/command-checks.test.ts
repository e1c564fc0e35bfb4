import { describe, expect, it } from 'vitest'
import type { Command } from './commands.js'
import { decide, decideRecordTransactions } from './decide.js'
import type { PlanLimits } from './planner.js'
import { fold } from './state.js'
import { AT, codeOf, eventsOf, given, linked, recorded, registered } from './testing/given.js'

const history = [registered, linked(), recorded('t1', '2026-11-19', '1.00')]

describe('decide refuses a command whose instant it cannot read, instead of throwing', () => {
  it.each<[string, Command]>([
    [
      'RegisterAccount',
      { type: 'RegisterAccount', accountId: 'a', currency: 'USD', openingBalance: '0', at: 'yesterday' },
    ],
    ['LinkFeed', { type: 'LinkFeed', feedStartDate: '2026-11-15', at: '' }],
    ['ClearTransaction', { type: 'ClearTransaction', transactionId: 't1', at: '2026-13-45T99:00:00Z' }],
    ['PlanBatch', { type: 'PlanBatch', batchId: 'b1', now: 'not a date' }],
    ['SubmitBatch', { type: 'SubmitBatch', batchId: 'b1', pushOperationKey: 'k', at: 'soon' }],
  ])('given an account, when %s comes with an unreadable instant, then invalid_instant', (_, command) => {
    expect(() => decide(command, fold(history))).not.toThrow()
    expect(codeOf(given(...history).when(command))).toBe('invalid_instant')
  })
  it('given an account, when a batch is planned with a non-string now, then invalid_instant', () => {
    const command = { type: 'PlanBatch', batchId: 'b1', now: undefined } as unknown as Command
    expect(codeOf(given(...history).when(command))).toBe('invalid_instant')
  })
  it('given no account, when a command has an unreadable instant, then the instant is what is refused', () => {
    expect(codeOf(given().when({ type: 'DisconnectFeed', at: 'later' }))).toBe('invalid_instant')
  })
  it('given an account, when a bulk record comes with an unreadable instant, then every transaction is refused and nothing is decided', () => {
    const t = { id: 't2', date: '2026-11-19', description: 'x', amount: '1', status: 'cleared' as const }
    const { outcomes, events } = decideRecordTransactions(fold(history), [t, t], 'noon')
    expect(events).toEqual([])
    expect(outcomes.map((o) => (o.result === 'rejected' ? o.error.code : o.result))).toEqual([
      'invalid_instant',
      'invalid_instant',
    ])
  })
  it('given an account, when a command comes with a readable instant, then it is decided as before', () => {
    expect(
      eventsOf(given(...history).when({ type: 'DisconnectFeed', at: '2026-11-20T09:00:00.000Z' })),
    ).toEqual([{ type: 'FeedDisconnected', data: { at: '2026-11-20T09:00:00.000Z' } }])
  })
})

describe('decide refuses PlanBatch limits the planner cannot work with', () => {
  const plan = (limits: Partial<PlanLimits>): Command => ({
    type: 'PlanBatch',
    batchId: 'b1',
    now: AT,
    limits,
  })
  it.each<[Partial<PlanLimits>, string]>([
    [{ timeZone: 'Mars/Olympus' }, 'invalid_time_zone'],
    [{ maxBatchSize: 0 }, 'invalid_limits'],
    [{ maxBatchSize: Number.NaN }, 'invalid_limits'],
    [{ historicDays: Number.NaN }, 'invalid_limits'],
    [{ historicDays: -1 }, 'invalid_limits'],
    [{ historicDays: 1e12 }, 'invalid_limits'],
    [{ policy: 'sometimes' as PlanLimits['policy'] }, 'invalid_limits'],
  ])('when the limits are %o, then %s', (limits, code) => {
    expect(() => decide(plan(limits), fold(history))).not.toThrow()
    expect(codeOf(given(...history).when(plan(limits)))).toBe(code)
  })
  it('when the limits are usable, then the batch is planned with them', () => {
    const [e] = eventsOf(
      given(...history).when(
        plan({ maxBatchSize: 1, historicDays: 365, policy: 'immediate', timeZone: 'UTC' }),
      ),
    )
    expect(e?.type).toBe('BatchPlanned')
  })
})
