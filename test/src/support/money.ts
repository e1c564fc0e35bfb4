/**
 * Exact decimal arithmetic for assertions: decimal strings become BigInt units of 10^-scale, never floats.
 *
 * @example
 * toUnits('-12.3') // -1230n (scale 2)
 * fromUnits(1230n) // '12.30'
 */
export function toUnits(decimal: string, scale = 2): bigint {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim())
  if (m === null) throw new Error(`not a decimal: ${decimal}`)
  const frac = (m[3] ?? '').padEnd(scale, '0')
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale)))
    throw new Error(`more than ${scale} places: ${decimal}`)
  const units = BigInt(m[2] ?? '0') * 10n ** BigInt(scale) + BigInt(frac.slice(0, scale) || '0')
  return m[1] === '-' ? -units : units
}

export function fromUnits(units: bigint, scale = 2): string {
  const negative = units < 0n
  const abs = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const whole = abs.slice(0, abs.length - scale)
  const frac = abs.slice(abs.length - scale)
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${frac}` : ''}`
}

/** True when two decimal strings denote the same amount ('170.7' and '170.70'). */
export function sameAmount(a: string, b: string, scale = 2): boolean {
  return toUnits(a, scale) === toUnits(b, scale)
}
