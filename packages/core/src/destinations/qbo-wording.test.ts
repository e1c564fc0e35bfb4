import { describe, expect, it } from 'vitest'
import { zonedInstant } from '../dates.js'
import { planBatches } from '../planner.js'
import { fold } from '../state.js'
import { linked, recorded, registered } from '../testing/given.js'
import { qbo } from './qbo.js'

const sentence = (name: string) => qbo.lineRules.find((r) => r.name === name)?.sentence ?? ''

describe('QuickBooks says exactly which dates it accepts relative to the feed start date', () => {
  it('the rule sentences: nothing before the feed start date; from the later of it and 7 days back, up to today', () => {
    expect(sentence('notBeforeFeedStart')).toMatch(/nothing dated before the feed start date/)
    expect(sentence('insideHistoricWindow')).toMatch(
      /later of the feed start date and 7 days .* before today, up to today/,
    )
    expect(sentence('insideHistoricWindow')).not.toMatch(/whatever the feed start date/)
  })
  it('the messages name the first day accepted today', () => {
    const s = fold([
      registered,
      linked('2026-11-18'),
      recorded('before', '2026-11-17', '1.00'),
      recorded('window', '2026-11-01', '1.00'),
    ])
    const plan = planBatches(s, '2026-11-20T09:00:00Z')
    const message = (id: string) => plan.quarantined.find((q) => q.transactionId === id)?.reason.message
    expect(message('before')).toContain(
      'takes nothing dated before the feed start date (today it takes 2026-11-18 to 2026-11-20)',
    )
    const wide = planBatches(
      fold([registered, linked('2026-10-01'), recorded('w', '2026-11-01', '1.00')]),
      '2026-11-20T09:00:00Z',
    )
    expect(wide.quarantined[0]?.reason.message).toContain('dated 2026-11-13 to 2026-11-20 only')
    expect(message('window')).toMatch(/before the feed start date/)
  })
  it('pulls daily at 06:00 in the account zone (BEHAVIOUR.md decision 19)', () => {
    expect(qbo.delivery).toEqual({ kind: 'daily_pull', localTime: '06:00' })
    expect(new Date(zonedInstant('2026-11-20', '06:00', 'America/New_York')).toISOString()).toBe(
      '2026-11-20T11:00:00.000Z',
    )
    expect(new Date(zonedInstant('2026-07-01', '06:00', 'Europe/London')).toISOString()).toBe(
      '2026-07-01T05:00:00.000Z',
    )
  })
})
