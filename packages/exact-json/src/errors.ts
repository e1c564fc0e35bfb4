/**
 * The errors the parser and writer throw. Reading refuses a text with a `SyntaxError` that says where
 * (as `JSON.parse` does); writing refuses a value with a `TypeError` that names the field by its path
 * from the top value (`$.transactions[0].amount`).
 */

/**
 * A text that is not JSON, or that the parser's options refuse.
 *
 * @example
 * invalidJson(7, "expected ':'").message // => "Invalid JSON at position 7: expected ':'"
 */
export function invalidJson(position: number, what: string): SyntaxError {
  return new SyntaxError(`Invalid JSON at position ${position}: ${what}`)
}

/**
 * A value under a decimal key that is not a plain decimal string.
 *
 * @example
 * notADecimal(1.5, '$.amount').message // => "$.amount must be a decimal string like '-12.34' (got number)"
 */
export function notADecimal(value: unknown, field: string): TypeError {
  const got = typeof value === 'string' ? JSON.stringify(value) : typeof value
  return new TypeError(`${field} must be a decimal string like '-12.34' (got ${got})`)
}

/**
 * A number JSON cannot carry (`NaN`, `Infinity`).
 *
 * @example
 * notFinite('$.n').message // => '$.n is not a finite number'
 */
export function notFinite(path: string): TypeError {
  return new TypeError(`${path} is not a finite number`)
}

/**
 * A value JSON cannot carry at all (a bigint, a function, a symbol).
 *
 * @example
 * notJson('$.n', 10n).message // => '$.n cannot be sent as JSON (bigint)'
 */
export function notJson(path: string, value: unknown): TypeError {
  return new TypeError(`${path} cannot be sent as JSON (${typeof value})`)
}
