import { describe, expect, it } from 'vitest'
import { DECIMAL_KEYS, parseExact, stringifyExact } from './codat-json.js'

describe("Codat's wire JSON", () => {
  it('knows exactly the decimal fields of the Codat shapes used', () => {
    expect([...DECIMAL_KEYS].sort()).toEqual(['amount', 'availableBalance', 'balance', 'sourceBalance'])
  })

  it('reads every decimal field as its source text and every other number as a number', () => {
    const text =
      '{"statusCode":200,"pageSize":100,"amount":-0.10,"balance":12345678901234567.89,' +
      '"availableBalance":3.000,"sourceBalance":1e2,"openingBalance":1.50}'
    expect(parseExact(text)).toEqual({
      statusCode: 200,
      pageSize: 100,
      amount: '-0.10',
      balance: '12345678901234567.89',
      availableBalance: '3.000',
      sourceBalance: '1e2',
      openingBalance: 1.5,
    })
  })

  it('writes every decimal field as a number token and refuses a JS number there', () => {
    expect(stringifyExact({ amount: '-0.10', sourceBalance: '7.00', pageSize: 100 })).toBe(
      '{"amount":-0.10,"sourceBalance":7.00,"pageSize":100}',
    )
    expect(() => stringifyExact({ transactions: [{ balance: 1.5 }] })).toThrow('$.transactions[0].balance')
  })
})
