/**
 * Exact decimal money as BigInt minor units. Amounts never pass through binary floats.
 *
 * @example
 * parseDecimal('12.3', 2) // => { ok: true, minor: 1230n }
 * formatMinor(-5n, 2)     // => '-0.05'
 */

/** ISO 4217 currencies whose minor unit is not 2 decimals. */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
}

const CURRENCY = /^[A-Z]{3}$/

/** True for a three-letter upper-case ISO 4217 style code. */
export function isCurrencyCode(code: string): boolean {
  return CURRENCY.test(code)
}

/** How many decimals the currency allows (2 unless ISO 4217 says otherwise). */
export function currencyDecimals(currency: string): number {
  return MINOR_UNITS[currency] ?? 2
}

/** A decimal read as minor units, or why it could not be. */
export type ParsedDecimal =
  | { readonly ok: true; readonly minor: bigint }
  | { readonly ok: false; readonly problem: 'not_a_decimal' | 'too_precise' }

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

/**
 * Parses a decimal written as a string (or a finite JSON number) into minor units.
 * Accepts exponent notation (`1e-2`) and trailing zeros beyond the currency's decimals
 * (`1.500` for 2 decimals), refuses anything that would need rounding.
 */
export function parseDecimal(input: string | number, decimals: number): ParsedDecimal {
  let text: string
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: 'not_a_decimal' }
    text = String(input)
  } else {
    text = input.trim()
  }
  const m = DECIMAL.exec(text)
  if (m === null || text.length > 64) return { ok: false, problem: 'not_a_decimal' }
  const sign = m[1] === '-' ? -1n : 1n
  let digits = (m[2] ?? '') + (m[3] ?? '')
  // scale = how many of `digits` sit after the decimal point
  let scale = (m[3] ?? '').length - Number(m[4] ?? '0')
  if (Math.abs(scale) > 64) return { ok: false, problem: 'not_a_decimal' }
  while (scale > decimals) {
    if (!digits.endsWith('0')) return { ok: false, problem: 'too_precise' }
    digits = digits.slice(0, -1)
    scale--
  }
  const minor = BigInt(digits === '' ? '0' : digits) * 10n ** BigInt(decimals - scale)
  return { ok: true, minor: sign * minor }
}

/** Formats minor units as a plain decimal string with exactly `decimals` decimals. */
export function formatMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n
  const abs = (negative ? -minor : minor).toString()
  if (decimals === 0) return (negative ? '-' : '') + abs
  const padded = abs.padStart(decimals + 1, '0')
  const whole = padded.slice(0, padded.length - decimals)
  const frac = padded.slice(padded.length - decimals)
  return `${negative ? '-' : ''}${whole}.${frac}`
}
