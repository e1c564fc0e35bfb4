import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonSyntaxError, parseJsonByHand, parseJsonExact } from './exact-json.js'

describe('parseJsonExact', () => {
  it('keeps the exact source text of numbers under money keys', () => {
    const body = parseJsonExact(
      '{"transactions":[{"amount": 12345678901234567.89, "balance": -0.10, "n": 1.5}]}',
    )
    expect(body).toEqual({ transactions: [{ amount: '12345678901234567.89', balance: '-0.10', n: 1.5 }] })
  })

  it('keeps exponent and over-precise tokens as text so the core can refuse them', () => {
    expect(parseJsonExact('{"amount":1e400}')).toEqual({ amount: '1e400' })
    expect(parseJsonExact('{"amount":0.1000000000000000055511}')).toEqual({
      amount: '0.1000000000000000055511',
    })
  })

  it.each([
    ['{"amount": NaN}'],
    ['{"amount": Infinity}'],
    ['{"a":1,}'],
    ['{"a":1} x'],
    [''],
    ['{"__proto__": {"x": 1}}'],
    [`${'['.repeat(100)}${']'.repeat(100)}`],
    ['"\u0001"'],
  ])('refuses malformed or dangerous input %#', (text) => {
    expect(() => parseJsonExact(text)).toThrow(JsonSyntaxError)
  })

  it('agrees with JSON.parse on any JSON value without money keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v)
        const clean = !/"(amount|balance|openingBalance|availableBalance|__proto__|constructor)"/.test(text)
        fc.pre(clean)
        expect(parseJsonExact(text)).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  /** What a parse came to: the value, or the error's class and message. */
  const outcome = (parse: (t: string) => unknown, text: string) => {
    try {
      return { value: parse(text) }
    } catch (error) {
      return { error: `${(error as Error).name}: ${(error as Error).message}` }
    }
  }

  const key = fc.constantFrom(
    'amount',
    'balance',
    'openingBalance',
    'availableBalance',
    'id',
    'n',
    'a\\u006dount',
  )
  const number = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.constantFrom('0.1000000000000000055511', '12345678901234567.89', '-0.10', '1e400', '7'),
  )
  /** JSON texts with numbers and strings under money keys, escapes, spacing, forbidden keys and deep nesting. */
  const text = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .array(
        fc.tuple(
          key,
          fc.oneof(
            number,
            number.map((n) => `"${n}"`),
            fc.constantFrom('[1.5]', 'null', '{"x":0.5}'),
          ),
          fc.constantFrom('', ' ', '\n\t'),
        ),
        { maxLength: 5 },
      )
      .map((pairs) => `{${pairs.map(([k, v, w]) => `"${k}"${w}:${w}${v}`).join(',')}}`),
    fc.constantFrom(
      '{"__proto__":1}',
      '{"constructor":{}}',
      '{"a":"__proto__"}',
      '{"a":1,}',
      '{"a":1} x',
      '',
    ),
    fc.integer({ min: 60, max: 70 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`),
    fc.integer({ min: 60, max: 70 }).map((d) => `${'{"a":'.repeat(d)}"x"${'}'.repeat(d)}`),
  )

  it('gives what the hand parser alone gives, values and errors, with or without the JSON.parse fast path', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(outcome(parseJsonExact, t)).toEqual(outcome(parseJsonByHand, t))
      }),
      { numRuns: 1000 },
    )
  })
})
