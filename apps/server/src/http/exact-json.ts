import { exactJsonParser } from '@feedsync/codat-client'

/**
 * Request bodies are parsed so that JSON numbers given for money keep their exact text.
 *
 * Why: `JSON.parse` turns `{"amount": 0.1000000000000000055511}` or `12345678901234567.89` into a
 * binary float before any code sees it, and Node 20's reviver has no `context.source`. The parser
 * (the Codat client's `exactJsonParser`, with the API's own keys and limits) returns the number
 * token's source text (a string such as `'12345678901234567.89'`) for the properties in
 * `DECIMAL_KEYS`; the core's `parseDecimal` then reads it exactly, refusing anything over-precise.
 * Every other number becomes an ordinary JS number. It also refuses `__proto__` and `constructor`
 * keys (prototype poisoning) and nesting deeper than 64, so no request body can crash the process.
 *
 * @example
 * parseJsonExact('{"amount": 12345678901234567.89}') // => { amount: '12345678901234567.89' }
 */
export const DECIMAL_KEYS: ReadonlySet<string> = new Set([
  'amount',
  'balance',
  'openingBalance',
  'availableBalance',
])

export class JsonSyntaxError extends SyntaxError {
  override readonly name = 'JsonSyntaxError'
}

const requestBodies = exactJsonParser({
  decimalKeys: DECIMAL_KEYS,
  forbiddenKeys: new Set(['__proto__', 'constructor']),
  maxDepth: 64,
})

function asJsonSyntaxError<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof SyntaxError) throw new JsonSyntaxError(error.message)
    throw error
  }
}

export function parseJsonExact(text: string): unknown {
  return asJsonSyntaxError(() => requestBodies.parse(text))
}

/** The hand parser alone (what `parseJsonExact` falls back to); exported for tests. */
export function parseJsonByHand(text: string): unknown {
  return asJsonSyntaxError(() => requestBodies.parseByHand(text))
}
