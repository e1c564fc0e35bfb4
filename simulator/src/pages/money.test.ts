import { describe, expect, it } from 'vitest'
import { formatAmount, minorUnits } from './money.js'

describe('formatAmount', () => {
  it("pads to the currency's decimals: 978.3 USD is 978.30, 5 JPY is 5, 1.5 KWD is 1.500", () => {
    expect(formatAmount('978.3', 'USD')).toBe('978.30')
    expect(formatAmount('-12', 'GBP')).toBe('-12.00')
    expect(formatAmount('0.01', 'EUR')).toBe('0.01')
    expect(formatAmount('5', 'JPY')).toBe('5')
    expect(formatAmount('1.5', 'KWD')).toBe('1.500')
    expect(formatAmount('1.5', 'kwd')).toBe('1.500')
  })

  it('never rounds: more digits than the currency has are kept', () => {
    expect(formatAmount('0.005', 'USD')).toBe('0.005')
    expect(formatAmount('12.5', 'JPY')).toBe('12.5')
  })

  it('shows 2 decimals for an unknown or absent currency, and leaves a non-decimal as it is', () => {
    expect(minorUnits(undefined)).toBe(2)
    expect(minorUnits('XYZ')).toBe(2)
    expect(formatAmount('7.1', null)).toBe('7.10')
    expect(formatAmount('1e5', 'USD')).toBe('1e5')
  })
})
