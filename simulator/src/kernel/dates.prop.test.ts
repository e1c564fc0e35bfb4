import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCalendarDate, parseLineDate } from './dates.js'

/** The uncached check, as before the per-string cache. */
function reference(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false
  const t = Date.parse(`${day}T00:00:00Z`)
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'))
/** Mostly date-shaped strings (including impossible days like 2026-02-30), some arbitrary text. */
const dayLike = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), two(13), two(32))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${m}-${d}`),
  fc.string({ maxLength: 12 }),
)

describe('isCalendarDate', () => {
  it('agrees with the uncached check on first sight and on every repeat', () => {
    fc.assert(
      fc.property(fc.array(dayLike, { minLength: 1, maxLength: 20 }), (days) => {
        for (const d of [...days, ...days]) expect(isCalendarDate(d), d).toBe(reference(d))
      }),
      { numRuns: 500 },
    )
  })
})

describe('parseLineDate', () => {
  it('pads the local date-time of any valid date-time to two digits per field', () => {
    fc.assert(
      fc.property(two(23), two(59), two(59), (h, mi, s) => {
        expect(parseLineDate(`2024-02-29T${h}:${mi}:${s}+05:30`)).toEqual({
          day: '2024-02-29',
          local: `2024-02-29T${h}:${mi}:${s}.0000000`,
        })
      }),
      { numRuns: 300 },
    )
  })
})
