import { notADecimal } from './errors.js'

const DECIMAL = /^-?\d+(\.\d+)?$/

/**
 * Checks that `value` is a plain decimal (optional minus, digits, optional fraction; no exponent, no
 * plus sign, no spaces) and returns it as a valid JSON number token (redundant leading zeros dropped).
 * Throws a `TypeError` naming `field` otherwise. The writer calls it for every value under a decimal key.
 *
 * @example
 * toJsonNumberToken('007.50', 'amount') // => '7.50'
 */
export function toJsonNumberToken(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) throw notADecimal(value, field)
  const negative = value.startsWith('-')
  const unsigned = negative ? value.slice(1) : value
  const normalised = unsigned.replace(/^0+(?=\d)/, '')
  return negative ? `-${normalised}` : normalised
}
