/**
 * An exact decimal carried as a string, e.g. `'-12.34'` or `'12345678901234567.89'`.
 *
 * Codat's `format: decimal` numbers travel as JSON number tokens. This client never turns them into
 * binary floats: on the way out the string is written into the JSON text as the number token itself,
 * on the way back the number token's source text is kept as the string.
 *
 * @example
 * const line = { id: 'tx-1', date: '2026-11-24', description: 'Coffee', amount: '-3.10', balance: '96.90' }
 */
export type Decimal = string

const DECIMAL = /^-?\d+(\.\d+)?$/

/**
 * Checks that `value` is a plain decimal (optional minus, digits, optional fraction; no exponent, no
 * plus sign, no spaces) and returns it as a valid JSON number token (redundant leading zeros dropped).
 * Throws a `TypeError` naming `field` otherwise.
 *
 * @example
 * toJsonNumberToken('007.50', 'amount') // '7.50'
 */
export function toJsonNumberToken(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new TypeError(
      `${field} must be a decimal string like '-12.34' (got ${typeof value === 'string' ? JSON.stringify(value) : typeof value})`,
    )
  }
  const negative = value.startsWith('-')
  const unsigned = negative ? value.slice(1) : value
  const normalised = unsigned.replace(/^0+(?=\d)/, '')
  return negative ? `-${normalised}` : normalised
}
