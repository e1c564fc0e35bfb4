import { describe, expect, it } from 'vitest'
import { toJsonNumberToken } from './decimal-token.js'

describe('toJsonNumberToken', () => {
  it('returns a plain decimal as a JSON number token, redundant leading zeros dropped', () => {
    expect(toJsonNumberToken('007.50', 'amount')).toBe('7.50')
    expect(toJsonNumberToken('-00', 'amount')).toBe('-0')
    expect(toJsonNumberToken('12345678901234567.89', 'amount')).toBe('12345678901234567.89')
  })

  it.each([['1e5'], ['+1'], [' 1'], ['1.'], ['.5'], [''], [1.5], [null]])(
    'refuses %j, naming the field',
    (value) => {
      expect(() => toJsonNumberToken(value, '$.amount')).toThrow(/^\$\.amount must be a decimal string/)
    },
  )
})
