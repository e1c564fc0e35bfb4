import { describe, expect, it } from 'vitest'
import { exactJsonWriter } from './writer.js'

const { stringify } = exactJsonWriter({ decimalKeys: new Set(['amount', 'balance', 'availableBalance']) })

describe('exactJsonWriter', () => {
  it('writes decimal-keyed strings as number tokens and everything else like JSON.stringify', () => {
    expect(
      stringify({
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
    expect(stringify({ balance: null })).toBe('{"balance":null}')
  })

  it('escapes strings, including a decimal-looking string under an ordinary key', () => {
    expect(stringify({ description: 'say "hi"\n', reference: '1.50' })).toBe(
      '{"description":"say \\"hi\\"\\n","reference":"1.50"}',
    )
  })

  it('names the offending field when a decimal is malformed', () => {
    expect(() => stringify({ transactions: [{ amount: '1e5' }] })).toThrow('$.transactions[0].amount')
  })

  it('refuses non-finite numbers and values JSON cannot carry', () => {
    expect(() => stringify({ n: Number.NaN })).toThrow(TypeError)
    expect(() => stringify({ n: 10n })).toThrow(TypeError)
  })
})
