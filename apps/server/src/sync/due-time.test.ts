import {
  type AccountState,
  type Command,
  decide,
  evolve,
  initialState,
  type Plan,
  planBatches,
} from '@feedsync/core'
import { describe, expect, it } from 'vitest'
import { decodeStreak, nextDue, widening } from './due-time.js'

const settings = {
  pollIntervalMs: 1000,
  linkRefreshMs: 600_000,
  limits: { policy: 'end_of_day' as const },
  due: {
    batch: 100,
    pollMaxMs: 60_000,
    linkFirstMs: 10_000,
    linkMaxMs: 86_400_000,
    retryFirstMs: 5000,
    retryMaxMs: 600_000,
  },
}
const NOW = '2026-11-25T09:00:00.000Z'

function account(commands: readonly Command[], timeZone = 'UTC'): AccountState {
  let state = initialState()
  const at = '2026-11-20T08:00:00.000Z'
  const all: Command[] = [
    {
      type: 'RegisterAccount',
      accountId: 'acc-1',
      currency: 'USD',
      openingBalance: '0',
      timeZone,
      destination: 'qbo',
      at,
    },
    ...commands,
  ]
  for (const c of all) {
    const d = decide(c, state)
    if (!d.ok) throw new Error(d.error.message)
    for (const e of d.events) state = evolve(state, e)
  }
  return state
}
const linked: Command = { type: 'LinkFeed', feedStartDate: '2026-11-20', at: '2026-11-20T09:00:00.000Z' }
const record = (date: string): Command => ({
  type: 'RecordTransaction',
  transaction: { id: `t-${date}`, date, description: 'x', amount: '1.00', status: 'cleared' },
  at: NOW,
})
const done = (state: AccountState, now = NOW): { status: 'done'; state: AccountState; plan: Plan } => ({
  status: 'done',
  state,
  plan: planBatches(state, now, settings.limits),
})

describe('the next due time of an account', () => {
  it('given lines ready to push, it is due now', () => {
    const state = account([linked, record('2026-11-24')])
    expect(nextDue(done(state), NOW, 0, settings)).toMatchObject({ dueAt: NOW, kind: 'ready' })
  })

  it("given end_of_day and a line of today, it is due at the start of tomorrow in the account's zone", () => {
    const daily = { ...settings, linkRefreshMs: 86_400_000 } // the link re-check later than midnight
    const utc = account([linked, record('2026-11-25')])
    expect(nextDue(done(utc), NOW, 0, daily)).toMatchObject({
      dueAt: '2026-11-26T00:00:00.000Z',
      kind: 'day',
    })
    const ny = account([linked, record('2026-11-25')], 'America/New_York')
    expect(nextDue(done(ny), NOW, 0, daily).dueAt).toBe('2026-11-26T05:00:00.000Z')
  })

  it('given a line of today and a link re-check before midnight, the earlier of the two', () => {
    const state = account([linked, record('2026-11-25')])
    expect(nextDue(done(state), NOW, 0, settings)).toMatchObject({
      dueAt: '2026-11-25T09:10:00.000Z',
      kind: 'linked',
    })
  })

  it('given an open batch, its next poll widens 1 s, 2 s, 4 s ... up to the cap', () => {
    const state = account([linked])
    let streak = 0
    const gaps: number[] = []
    for (let i = 0; i < 9; i++) {
      const d = nextDue({ status: 'stuck' }, NOW, streak, settings)
      gaps.push(Date.parse(d.dueAt ?? '') - Date.parse(NOW))
      streak = d.streak
    }
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000])
    // another kind starts over
    expect(nextDue(done(state), NOW, streak, settings)).toMatchObject({ kind: 'linked' })
    expect(
      decodeStreak(
        nextDue({ status: 'stuck' }, NOW, nextDue(done(state), NOW, streak, settings).streak, settings)
          .streak,
      ).count,
    ).toBe(0)
  })

  it('given a feed not linked, a re-check on a widening back-off up to FEEDSYNC_LINK_REFRESH_MS; linked, a long one', () => {
    const state = account([record('2026-11-24')])
    let streak = 0
    const gaps: number[] = []
    for (let i = 0; i < 8; i++) {
      const d = nextDue(done(state), NOW, streak, settings)
      expect(d.kind).toBe('link')
      gaps.push(Date.parse(d.dueAt ?? '') - Date.parse(NOW))
      streak = d.streak
    }
    expect(gaps).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000])
    const idle = account([linked])
    const first = nextDue(done(idle), NOW, 0, settings)
    expect(first).toMatchObject({ kind: 'linked', dueAt: '2026-11-25T09:10:00.000Z' })
    expect(nextDue(done(idle), NOW, first.streak, settings).dueAt).toBe('2026-11-25T09:20:00.000Z')
  })

  it('given nothing to do and no link watching, no due time', () => {
    const idle = account([linked])
    expect(nextDue(done(idle), NOW, 0, { ...settings, linkRefreshMs: 0 })).toMatchObject({
      dueAt: null,
      kind: 'idle',
    })
  })

  it("after a failure, Codat's Retry-After when given, else a widening retry", () => {
    expect(nextDue({ status: 'failed', retryAfterMs: 30_000 }, NOW, 0, settings).dueAt).toBe(
      '2026-11-25T09:00:30.000Z',
    )
    const first = nextDue({ status: 'failed' }, NOW, 0, settings)
    expect(first.dueAt).toBe('2026-11-25T09:00:05.000Z')
    expect(nextDue({ status: 'failed' }, NOW, first.streak, settings).dueAt).toBe('2026-11-25T09:00:10.000Z')
  })

  it('widening never passes its cap and never goes below its first gap', () => {
    expect(widening(1000, 60_000, 100)).toBe(60_000)
    expect(widening(5000, 1000, 3)).toBe(5000)
  })
})
