/**
 * How a JSON text with exact decimals is read.
 *
 * @example
 * const requestBodies: ExactParseOptions = {
 *   decimalKeys: new Set(['amount', 'balance']),
 *   forbiddenKeys: new Set(['__proto__', 'constructor']),
 *   maxDepth: 64,
 * }
 */
export interface ExactParseOptions {
  /** Properties whose number values come back as their exact source text. */
  readonly decimalKeys: ReadonlySet<string>
  /** Property names refused (e.g. `__proto__` and `constructor` in untrusted bodies); else kept as own data. */
  readonly forbiddenKeys?: ReadonlySet<string>
  /** The deepest nesting accepted (the top value is at depth 0); unbounded when absent. */
  readonly maxDepth?: number
}

/**
 * How a value with exact decimals is written.
 *
 * @example
 * const requests: ExactWriteOptions = { decimalKeys: new Set(['amount', 'balance']) }
 */
export interface ExactWriteOptions {
  /** Properties whose (string) values are written as JSON number tokens, digit for digit. */
  readonly decimalKeys: ReadonlySet<string>
}

/**
 * A parser for one set of {@link ExactParseOptions}, from `exactJsonParser`.
 *
 * @example
 * parser.parse('{"amount": 0.10, "n": 1}') // => { amount: '0.10', n: 1 }
 */
export interface ExactJsonParser {
  /** `JSON.parse` (fast path) or the hand parser: the same value, or a `SyntaxError` saying where. */
  parse(text: string): unknown
  /** The hand parser alone (what `parse` falls back to); for tests. */
  parseByHand(text: string): unknown
}

/**
 * A writer for one set of {@link ExactWriteOptions}, from `exactJsonWriter`.
 *
 * @example
 * writer.stringify({ amount: '-0.10', n: 1 }) // => '{"amount":-0.10,"n":1}'
 */
export interface ExactJsonWriter {
  /** `JSON.stringify` (fast path) or the hand writer: the same text, or a `TypeError` naming the field. */
  stringify(value: unknown): string
  /** The hand writer alone (what `stringify` falls back to); for tests. */
  stringifyByHand(value: unknown): string
}
