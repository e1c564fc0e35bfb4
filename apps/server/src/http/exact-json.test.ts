import { describe, expect, it } from 'vitest'
import { DECIMAL_KEYS, JsonSyntaxError, parseJsonExact } from './exact-json.js'

// The parser's properties (fast path equals hand parser, agreement with JSON.parse, with forbidden keys
// and a depth limit) are in @feedsync/exact-json's property suite; here, the API's own configuration.
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

  it('given the API money keys, reads openingBalance and availableBalance as decimals too', () => {
    expect([...DECIMAL_KEYS].sort()).toEqual(['amount', 'availableBalance', 'balance', 'openingBalance'])
    expect(parseJsonExact('{"openingBalance":100.00,"availableBalance":-0.5,"sourceBalance":1.50}')).toEqual({
      openingBalance: '100.00',
      availableBalance: '-0.5',
      sourceBalance: 1.5,
    })
  })

  it('refuses a constructor key, also when spelled with an escape or nested', () => {
    for (const text of ['{"constructor":{}}', '{"\\u0063onstructor":1}', '{"a":[{"__proto__":null}]}']) {
      expect(() => parseJsonExact(text)).toThrow(JsonSyntaxError)
    }
    expect(parseJsonExact('{"a":"constructor"}')).toEqual({ a: 'constructor' })
  })

  it('accepts nesting up to depth 64 and refuses depth 65', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`
    expect(() => parseJsonExact(nested(64))).not.toThrow()
    expect(() => parseJsonExact(nested(65))).toThrow(/nesting deeper than 64/)
  })
})
