import { exactJsonParser, exactJsonWriter } from '@feedsync/exact-json'

/**
 * Property names whose values are Codat `format: decimal` numbers. Only these are treated as exact
 * decimals: written from strings as number tokens, and read back as the number token's source text.
 * Every other number (statusCode, pageSize, …) is an ordinary JS number.
 *
 * @example
 * DECIMAL_KEYS.has('sourceBalance') // => true
 */
export const DECIMAL_KEYS: ReadonlySet<string> = new Set([
  'amount',
  'balance',
  'availableBalance',
  'sourceBalance',
])

const codatJsonParser = exactJsonParser({ decimalKeys: DECIMAL_KEYS })
const codatJsonWriter = exactJsonWriter({ decimalKeys: DECIMAL_KEYS })

/**
 * `JSON.stringify` for request bodies, except that a string under a {@link DECIMAL_KEYS} property is
 * validated as a decimal and written as a JSON number token, character for character; a JS number
 * there is refused with a `TypeError` naming the field (see `@feedsync/exact-json`).
 *
 * @example
 * stringifyExact({ amount: '0.1000000000000000000001' }) // => '{"amount":0.1000000000000000000001}'
 */
export function stringifyExact(value: unknown): string {
  return codatJsonWriter.stringify(value)
}

/**
 * `JSON.parse` for Codat's response bodies, except that a number under a {@link DECIMAL_KEYS}
 * property comes back as its exact source text. Throws `SyntaxError` on malformed input.
 *
 * @example
 * parseExact('{"statusCode":200,"amount":1.10}') // => { statusCode: 200, amount: '1.10' }
 */
export function parseExact(text: string): unknown {
  return codatJsonParser.parse(text)
}
