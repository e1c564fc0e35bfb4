import { describe, expect, it } from 'vitest'
import { addDays, localDate, parseLineDate, zonedInstant } from './dates.js'

describe('dates', () => {
  it('reads the local date part of a transaction date, ignoring any offset', () => {
    expect(parseLineDate('2026-03-10')).toEqual({ day: '2026-03-10', local: '2026-03-10T00:00:00.0000000' })
    expect(parseLineDate('2026-03-10T23:30:00-05:00')?.day).toBe('2026-03-10')
    expect(parseLineDate('2026-03-10T10:21:00.123Z')?.local).toBe('2026-03-10T10:21:00.1230000')
    for (const bad of ['2026-02-29', '2026-13-01', '10/03/2026', '2026-03-10T24:00:00']) {
      expect(parseLineDate(bad)).toBeUndefined()
    }
  })

  it('computes local dates and wall-clock instants in IANA zones, across DST', () => {
    expect(localDate(Date.parse('2026-03-10T12:00:00Z'), 'Pacific/Auckland')).toBe('2026-03-11')
    expect(localDate(Date.parse('2026-03-10T03:00:00Z'), 'America/New_York')).toBe('2026-03-09')
    // New York moves to EDT (UTC-4) on 2026-03-08.
    expect(new Date(zonedInstant('2026-03-07', '06:00', 'America/New_York')).toISOString()).toBe(
      '2026-03-07T11:00:00.000Z',
    )
    expect(new Date(zonedInstant('2026-03-09', '06:00', 'America/New_York')).toISOString()).toBe(
      '2026-03-09T10:00:00.000Z',
    )
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-03-01', -7)).toBe('2026-02-22')
  })
})
