import { fastParser } from './fast-path.js'
import { parseByHand } from './hand-parser.js'
import type { ExactJsonParser, ExactParseOptions } from './options.js'

/**
 * Builds a parser that reads numbers under `decimalKeys` as their exact source text (a string such
 * as `'12345678901234567.89'`) and every other number as a JS number. Node 20's `JSON.parse` reviver
 * has no access to the source text, so the usual text takes a fast path (decimal number tokens are
 * quoted and the result goes through `JSON.parse`) and anything else goes to the hand parser: a text
 * with a `\u` escape (which could spell a decimal key), one that mentions a forbidden key, one that
 * `JSON.parse` refuses, or a value nested deeper than `maxDepth`. Both give the same value, or the
 * same `SyntaxError` saying where (checked by property tests).
 *
 * @example
 * exactJsonParser({ decimalKeys: new Set(['amount']) }).parse('{"amount": 0.10}') // => { amount: '0.10' }
 */
export function exactJsonParser(options: ExactParseOptions): ExactJsonParser {
  const fast = fastParser(options)
  const byHand = (text: string): unknown => parseByHand(text, options)
  return {
    parse(text) {
      const value = fast(text)
      return value === undefined ? byHand(text) : value
    },
    parseByHand: byHand,
  }
}
