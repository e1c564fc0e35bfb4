/**
 * `@feedsync/exact-json`: number-preserving JSON. Numbers under chosen property names (the decimal
 * keys) are read as their exact source text and written from decimal strings as number tokens, digit
 * for digit; every other number is an ordinary JS number.
 *
 * @example
 * import { exactJsonParser, exactJsonWriter } from '@feedsync/exact-json'
 *
 * const decimalKeys = new Set(['amount', 'balance'])
 * exactJsonParser({ decimalKeys }).parse('{"amount":12345678901234567.89}') // => { amount: '12345678901234567.89' }
 * exactJsonWriter({ decimalKeys }).stringify({ amount: '-0.10' }) // => '{"amount":-0.10}'
 */
export { toJsonNumberToken } from './decimal-token.js'
export type { ExactJsonParser, ExactJsonWriter, ExactParseOptions, ExactWriteOptions } from './options.js'
export { exactJsonParser } from './parser.js'
export { exactJsonWriter } from './writer.js'
