import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DECIMAL_KEYS, parseExact, stringifyExact } from './exact-json.js'

/** Decimal strings of any size: up to 40 integer digits and 40 fraction digits. */
const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 40n }),
    fc.option(fc.stringMatching(/^\d{1,40}$/), { nil: undefined }),
  )
  .map(
    ([negative, whole, fraction]) =>
      `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  )

/** JSON values without decimal keys anywhere (so both parsers must agree exactly). */
const plainJson = fc
  .jsonValue()
  .filter((value) => !JSON.stringify(value).match(/"(amount|balance|availableBalance|sourceBalance)":/))

describe('exact JSON properties', () => {
  it('any decimal string survives stringify → parse unchanged', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (amount, balance) => {
        const text = stringifyExact({ transactions: [{ amount, balance }] })
        expect(parseExact(text)).toEqual({ transactions: [{ amount, balance }] })
      }),
      { numRuns: 500 },
    )
  })

  it('the wire text of a decimal is a valid JSON number with the same digits', () => {
    fc.assert(
      fc.property(decimalString, (amount) => {
        const text = stringifyExact({ amount })
        expect(text).toBe(`{"amount":${amount}}`)
        expect(typeof (JSON.parse(text) as { amount: unknown }).amount).toBe('number')
      }),
      { numRuns: 500 },
    )
  })

  it('without decimal keys, stringifyExact equals JSON.stringify and parseExact equals JSON.parse', () => {
    fc.assert(
      fc.property(plainJson, (value) => {
        const text = JSON.stringify(value)
        expect(stringifyExact(value)).toBe(text)
        expect(parseExact(text)).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('parseExact agrees with JSON.parse on pretty-printed text, apart from decimals kept as text', () => {
    fc.assert(
      fc.property(plainJson, decimalString, (value, amount) => {
        const text = JSON.stringify({ value, line: { amount: 0 } }, null, 2).replace(
          '"amount": 0',
          `"amount": ${amount}`,
        )
        expect(parseExact(text)).toEqual({ value: JSON.parse(JSON.stringify(value)), line: { amount } })
      }),
      { numRuns: 300 },
    )
  })

  it('knows exactly the decimal fields of the Codat shapes used', () => {
    expect([...DECIMAL_KEYS].sort()).toEqual(['amount', 'availableBalance', 'balance', 'sourceBalance'])
  })
})
