import { exactJsonParser } from '@feedsync/exact-json'

/**
 * The properties of the API's request bodies whose JSON numbers are money: their exact source text is
 * kept (a string such as `'12345678901234567.89'`), for the core's `parseDecimal` to read exactly,
 * refusing anything over-precise. Every other number becomes an ordinary JS number.
 *
 * @example
 * DECIMAL_KEYS.has('openingBalance') // => true
 */
export const DECIMAL_KEYS: ReadonlySet<string> = new Set([
  'amount',
  'balance',
  'openingBalance',
  'availableBalance',
])

/**
 * A request body that is not JSON, or that the API refuses to read (a forbidden key, nesting too deep).
 *
 * @example
 * try { parseJsonExact('{') } catch (error) { error instanceof JsonSyntaxError } // => true
 */
export class JsonSyntaxError extends SyntaxError {
  override readonly name = 'JsonSyntaxError'
}

const requestBodies = exactJsonParser({
  decimalKeys: DECIMAL_KEYS,
  forbiddenKeys: new Set(['__proto__', 'constructor']),
  maxDepth: 64,
})

/**
 * Parses a request body so that JSON numbers given for money keep their exact text.
 *
 * Why: `JSON.parse` turns `{"amount": 0.1000000000000000055511}` or `12345678901234567.89` into a
 * binary float before any code sees it, and Node 20's reviver has no `context.source`. The parser
 * (`@feedsync/exact-json`'s `exactJsonParser`, with the API's own keys and limits) returns the number
 * token's source text for the properties in {@link DECIMAL_KEYS}. It also refuses `__proto__` and
 * `constructor` keys (prototype poisoning) and nesting deeper than 64, so no request body can crash
 * the process. Every refusal is a {@link JsonSyntaxError}.
 *
 * @example
 * parseJsonExact('{"amount": 12345678901234567.89}') // => { amount: '12345678901234567.89' }
 */
export function parseJsonExact(text: string): unknown {
  try {
    return requestBodies.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) throw new JsonSyntaxError(error.message)
    throw error
  }
}
