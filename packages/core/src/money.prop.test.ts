import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatMinor, parseDecimal } from './money.js'

describe('exact money', () => {
  it('parse(format(x)) is x for every amount and currency precision', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.constantFrom(0, 2, 3, 4),
        (minor, decimals) => {
          expect(parseDecimal(formatMinor(minor, decimals), decimals)).toEqual({ ok: true, minor })
        },
      ),
      { numRuns: 500 },
    )
  })

  it('refuses any amount with a non-zero digit beyond the currency decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 1, max: 9 }), (units, extra) => {
        expect(parseDecimal(`${formatMinor(units, 2)}${extra}`, 2)).toEqual({
          ok: false,
          problem: 'too_precise',
        })
      }),
      { numRuns: 300 },
    )
  })

  it('sums of many cent amounts are exact where binary floats drift', () => {
    const parsed = Array.from({ length: 10 }, () => parseDecimal('0.10', 2))
    const total = parsed.reduce((s, p) => s + (p.ok ? p.minor : 0n), 0n)
    expect(formatMinor(total, 2)).toBe('1.00')
    expect(0.1 * 10 === 1 && [...Array(10)].reduce((s: number) => s + 0.1, 0) === 1).toBe(false)
  })

  it.each([
    ['12', 2, 1200n],
    ['-0.5', 2, -50n],
    ['1.500', 2, 150n],
    ['1e3', 0, 1000n],
    ['2.5E-1', 2, 25n],
    [' 7.00 ', 2, 700n],
    [0.07, 2, 7n],
    [1e21, 2, 100000000000000000000000n],
  ])('parses %s with %i decimals to %s minor units', (input, decimals, minor) => {
    expect(parseDecimal(input, decimals)).toEqual({ ok: true, minor })
  })

  it.each(['', '-', '1.', '.5', '1,00', '0x10', 'NaN', 'Infinity', '1e', '--1', `1e${'9'.repeat(5)}`])(
    'refuses %j',
    (input) => {
      expect(parseDecimal(input, 2).ok).toBe(false)
    },
  )
  it('refuses NaN and infinite numbers', () => {
    expect(parseDecimal(Number.NaN, 2).ok).toBe(false)
    expect(parseDecimal(Number.NEGATIVE_INFINITY, 2).ok).toBe(false)
  })
})
