import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareDecimal, toDecimal } from './decimal.js'

/** The general path (shortest text → exponent expanded → canonicalised), as before the number fast path. */
function reference(value: number): string {
  const text = String(value)
  const m = /^(-?)(\d+)(?:\.(\d+))?e([-+]?\d+)$/i.exec(text)
  let plain = text
  if (m) {
    const sign = m[1] ?? ''
    const digits = (m[2] ?? '') + (m[3] ?? '')
    const point = (m[2] ?? '').length + Number(m[4])
    plain =
      point <= 0
        ? `${sign}0.${'0'.repeat(-point)}${digits}`
        : point >= digits.length
          ? `${sign}${digits}${'0'.repeat(point - digits.length)}`
          : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
  }
  const neg = plain.startsWith('-')
  let [int = '0', frac = ''] = (neg ? plain.slice(1) : plain).split('.')
  int = int.replace(/^0+(?=\d)/, '')
  frac = frac.replace(/0+$/, '')
  const body = frac ? `${int}.${frac}` : int
  return body === '0' ? '0' : (neg ? '-' : '') + body
}

describe('toDecimal on JSON numbers', () => {
  it('gives the canonical decimal of any finite double (the fast path agrees with the general one)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(toDecimal(n)).toBe(reference(n))
      }),
      { numRuns: 2000 },
    )
  })

  it('keeps every cent amount exact and equal to its decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
        const text = (cents / 100).toFixed(2)
        expect(compareDecimal(toDecimal(cents / 100) as string, toDecimal(text) as string)).toBe(0)
      }),
      { numRuns: 1000 },
    )
  })
})
