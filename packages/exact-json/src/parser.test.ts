import { describe, expect, it } from 'vitest'
import { exactJsonParser } from './parser.js'

const { parse } = exactJsonParser({ decimalKeys: new Set(['amount', 'balance']) })

describe('exactJsonParser', () => {
  it('returns decimal-keyed numbers as their source text and other numbers as numbers', () => {
    expect(parse('{"statusCode":202,"data":{"transactions":[{"amount":1.10,"balance":-2e-3}]}}')).toEqual({
      statusCode: 202,
      data: { transactions: [{ amount: '1.10', balance: '-2e-3' }] },
    })
  })

  it('parses whitespace, escapes, literals and nesting like JSON.parse', () => {
    const text = ' { "a" : [ true , false , null , "\\u00e9\\n" , -0.5 , { } , [ ] ] , "b" : "x" } '
    expect(parse(text)).toEqual(JSON.parse(text))
  })

  it('keeps "__proto__" as an own property instead of changing the prototype', () => {
    const value = parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.hasOwn(value, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    '',
    '{',
    '{"a":}',
    '[1,]',
    '{"a":1,}',
    '01',
    'tru',
    '"unterminated',
    '{"a":1} x',
    "{'a':1}",
    'NaN',
    '"raw\ttab"',
    '"bad \\x escape"',
  ])('rejects malformed JSON %j with a SyntaxError', (text) => {
    expect(() => parse(text)).toThrow(SyntaxError)
  })
})
