import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exactJsonParser } from './parser.js'
import {
  CONFIGURATIONS,
  cleanJson,
  DECIMAL_KEYS,
  decimalString,
  jsonText,
  outcome,
  plainJson,
  valueToWrite,
} from './testing/arbitraries.js'
import { exactJsonWriter } from './writer.js'

const responses = exactJsonParser(CONFIGURATIONS.responses)
const requestBodies = exactJsonParser(CONFIGURATIONS.requestBodies)
const writer = exactJsonWriter({ decimalKeys: DECIMAL_KEYS })

describe('exact JSON properties', () => {
  it('any decimal string survives stringify → parse unchanged', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (amount, balance) => {
        const text = writer.stringify({ transactions: [{ amount, balance }] })
        expect(responses.parse(text)).toEqual({ transactions: [{ amount, balance }] })
        expect(requestBodies.parse(text)).toEqual({ transactions: [{ amount, balance }] })
      }),
      { numRuns: 500 },
    )
  })

  it('the wire text of a decimal is a valid JSON number with the same digits', () => {
    fc.assert(
      fc.property(decimalString, (amount) => {
        const text = writer.stringify({ amount })
        expect(text).toBe(`{"amount":${amount}}`)
        expect(typeof (JSON.parse(text) as { amount: unknown }).amount).toBe('number')
      }),
      { numRuns: 500 },
    )
  })

  it('without decimal keys, the writer equals JSON.stringify and the parser equals JSON.parse', () => {
    fc.assert(
      fc.property(plainJson, (value) => {
        const text = JSON.stringify(value)
        expect(writer.stringify(value)).toBe(text)
        expect(responses.parse(text)).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('with forbidden keys and a depth limit, the parser equals JSON.parse on any JSON value without decimal or forbidden keys', () => {
    fc.assert(
      fc.property(cleanJson, (value) => {
        const text = JSON.stringify(value)
        expect(requestBodies.parse(text)).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('the parser agrees with JSON.parse on pretty-printed text, apart from decimals kept as text', () => {
    fc.assert(
      fc.property(plainJson, decimalString, (value, amount) => {
        const text = JSON.stringify({ value, line: { amount: 0 } }, null, 2).replace(
          '"amount": 0',
          `"amount": ${amount}`,
        )
        expect(responses.parse(text)).toEqual({ value: JSON.parse(JSON.stringify(value)), line: { amount } })
      }),
      { numRuns: 300 },
    )
  })

  it('with decimal keys alone, parse gives what the hand parser gives, values and errors', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(outcome(responses.parse, text)).toEqual(outcome(responses.parseByHand, text))
      }),
      { numRuns: 2000 },
    )
  })

  it('with forbidden keys and a depth limit, parse gives what the hand parser gives, values and errors', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(outcome(requestBodies.parse, text)).toEqual(outcome(requestBodies.parseByHand, text))
      }),
      { numRuns: 1000 },
    )
  })

  it('stringify gives what the hand writer gives, texts and errors', () => {
    fc.assert(
      fc.property(valueToWrite, (value) => {
        expect(outcome(writer.stringify, value)).toEqual(outcome(writer.stringifyByHand, value))
      }),
      { numRuns: 2000 },
    )
  })
})
