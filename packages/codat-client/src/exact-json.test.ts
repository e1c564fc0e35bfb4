import { describe, expect, it } from 'vitest'
import { parseExact, stringifyExact } from './exact-json.js'

describe('stringifyExact', () => {
  it('writes decimal-keyed strings as number tokens and everything else like JSON.stringify', () => {
    expect(
      stringifyExact({
        id: 'tx-1',
        amount: '-0.10',
        balance: '12345678901234567.89',
        reconciled: false,
        note: null,
        skipped: undefined,
        list: [1, 'two', undefined, { availableBalance: '3.000' }],
      }),
    ).toBe(
      '{"id":"tx-1","amount":-0.10,"balance":12345678901234567.89,"reconciled":false,"note":null,' +
        '"list":[1,"two",null,{"availableBalance":3.000}]}',
    )
  })

  it('keeps a null decimal as null (nullable source-account balance)', () => {
    expect(stringifyExact({ balance: null })).toBe('{"balance":null}')
  })

  it('escapes strings, including a decimal-looking string under an ordinary key', () => {
    expect(stringifyExact({ description: 'say "hi"\n', reference: '1.50' })).toBe(
      '{"description":"say \\"hi\\"\\n","reference":"1.50"}',
    )
  })

  it('names the offending field when a decimal is malformed', () => {
    expect(() => stringifyExact({ transactions: [{ amount: '1e5' }] })).toThrow('$.transactions[0].amount')
  })

  it('refuses non-finite numbers and values JSON cannot carry', () => {
    expect(() => stringifyExact({ n: Number.NaN })).toThrow(TypeError)
    expect(() => stringifyExact({ n: 10n })).toThrow(TypeError)
  })
})

describe('parseExact', () => {
  it('returns decimal-keyed numbers as their source text and other numbers as numbers', () => {
    expect(
      parseExact('{"statusCode":202,"data":{"transactions":[{"amount":1.10,"balance":-2e-3}]}}'),
    ).toEqual({
      statusCode: 202,
      data: { transactions: [{ amount: '1.10', balance: '-2e-3' }] },
    })
  })

  it('parses whitespace, escapes, literals and nesting like JSON.parse', () => {
    const text = ' { "a" : [ true , false , null , "\\u00e9\\n" , -0.5 , { } , [ ] ] , "b" : "x" } '
    expect(parseExact(text)).toEqual(JSON.parse(text))
  })

  it('keeps "__proto__" as an own property instead of changing the prototype', () => {
    const value = parseExact('{"__proto__":{"polluted":true}}') as Record<string, unknown>
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
    expect(() => parseExact(text)).toThrow(SyntaxError)
  })
})
