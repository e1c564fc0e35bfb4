import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DECIMAL_KEYS, parseByHand, parseExact, stringifyByHand, stringifyExact } from './exact-json.js'

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

  /** What a call came to: the value, or the error's class and message. */
  const outcome = <T>(f: (x: T) => unknown, x: T) => {
    try {
      return { value: f(x) }
    } catch (error) {
      return { error: `${(error as Error).name}: ${(error as Error).message}` }
    }
  }

  const key = fc.constantFrom(
    ...DECIMAL_KEYS,
    'id',
    'n',
    'k\\"amount',
    'a\\u006dount',
    'amounts',
    '__proto__',
  )
  const numberToken = fc.oneof(
    decimalString,
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.constantFrom('1e400', '-0', '0.5e-3', '01', '1.', '.5', '1.2.3'),
  )
  const space = fc.constantFrom('', ' ', '\n\t ')
  const member = fc
    .tuple(
      key,
      fc.oneof(
        numberToken,
        decimalString.map((d) => `"${d}"`),
        fc.constantFrom('[1.5,2]', 'null', '{"amount":0.1}', 'true'),
      ),
      space,
    )
    .map(([k, v, w]) => `"${k}"${w}:${w}${v}${w}`)
  const responseText = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.array(member, { maxLength: 6 }).map((m) => `{${m.join(',')}}`),
    fc
      .array(member, { minLength: 1, maxLength: 3 })
      .map((m) => `[{${m.join(',')}}, {"data": {${m.join(',')}}}]`),
  )

  it('parseExact gives what the hand parser gives, values and errors', () => {
    fc.assert(
      fc.property(responseText, (text) => {
        expect(outcome(parseExact, text)).toEqual(outcome(parseByHand, text))
      }),
      { numRuns: 2000 },
    )
  })

  const requestValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.oneof(
        fc.string(),
        fc.constantFrom('\u0000', 'a\u00001.5\u0000'),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
      ),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(
        fc.oneof(fc.constantFrom(...DECIMAL_KEYS, 'id', '\u00001\u0000'), fc.string({ maxLength: 4 })),
        fc.oneof(tie('value'), decimalString, fc.constantFrom('1e5', '1.', '-', undefined)),
        { maxKeys: 4 },
      ),
    ),
  })).value

  it('stringifyExact gives what the hand writer gives, texts and errors', () => {
    fc.assert(
      fc.property(requestValue, (value) => {
        expect(outcome(stringifyExact, value)).toEqual(outcome(stringifyByHand, value))
      }),
      { numRuns: 2000 },
    )
  })
})
