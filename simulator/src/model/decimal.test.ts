import { describe, expect, it } from 'vitest'
import { addDays, localDate, parseLineDate, zonedInstant } from './dates.js'
import { compareDecimal, signOf, toDecimal } from './decimal.js'

describe('exact decimals', () => {
  it('canonicalises JSON numbers and decimal strings without float arithmetic', () => {
    expect(toDecimal(0.1)).toBe('0.1')
    expect(toDecimal('0.10')).toBe('0.1')
    expect(toDecimal('-007.500')).toBe('-7.5')
    expect(toDecimal(1e21)).toBe('1000000000000000000000')
    expect(toDecimal(1e-7)).toBe('0.0000001')
    expect(toDecimal('12345678901234567890.123456789')).toBe('12345678901234567890.123456789')
    expect(toDecimal('-0')).toBe('0')
    for (const bad of ['ten', '1,5', '', Number.NaN, Number.POSITIVE_INFINITY, null, true]) {
      expect(toDecimal(bad)).toBeUndefined()
    }
  })

  it('compares at any scale', () => {
    expect(compareDecimal('0.1', '0.10')).toBe(0)
    expect(compareDecimal('-1.5', '-1.25')).toBe(-1)
    expect(compareDecimal('100000000000000000000.01', '100000000000000000000')).toBe(1)
    expect(signOf('-0.01')).toBe(-1)
    expect(signOf('0')).toBe(0)
  })
})

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
