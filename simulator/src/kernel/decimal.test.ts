import { describe, expect, it } from 'vitest'
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
