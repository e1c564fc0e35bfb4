import { describe, expect, it } from 'vitest'
import { addDecimal, sameTo2dp } from './money.js'

describe('Xero money helpers', () => {
  it('adds and subtracts exactly, in canonical form', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3')
    expect(addDecimal('10.5', '-0.25')).toBe('10.25')
    expect(addDecimal('1', '1', -1)).toBe('0')
    expect(addDecimal('-0.05', '0.01', -1)).toBe('-0.06')
    expect(addDecimal('123456789012345678.01', '0.99')).toBe('123456789012345679')
  })

  it('compares to 2 decimal places', () => {
    expect(sameTo2dp('10.004', '10')).toBe(true)
    expect(sameTo2dp('10.01', '10')).toBe(false)
    expect(sameTo2dp('-3.5', '-3.50')).toBe(true)
  })
})
