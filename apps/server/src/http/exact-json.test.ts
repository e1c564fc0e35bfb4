import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonSyntaxError, parseJsonExact } from './exact-json.js'

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
})
