import { compareDecimal } from '../../kernel/decimal.js'

/** Exact sums of canonical decimal strings (BigInt at the larger scale; never floats). */
function parts(a: string): { v: bigint; scale: number } {
  const neg = a.startsWith('-')
  const t = neg ? a.slice(1) : a
  const [int = '0', frac = ''] = t.split('.')
  const v = BigInt(int + frac)
  return { v: neg ? -v : v, scale: frac.length }
}

function render(v: bigint, scale: number): string {
  const neg = v < 0n
  const digits = (neg ? -v : v).toString().padStart(scale + 1, '0')
  const int = digits.slice(0, digits.length - scale)
  const frac = scale ? digits.slice(digits.length - scale).replace(/0+$/, '') : ''
  const body = frac ? `${int}.${frac}` : int
  return body === '0' ? '0' : (neg ? '-' : '') + body
}

/**
 * a + b (or a − b with `sign` −1), exact.
 *
 * @example addDecimal('10.5', '-0.25') // '10.25'
 */
export function addDecimal(a: string, b: string, sign: 1 | -1 = 1): string {
  const x = parts(a)
  const y = parts(b)
  const scale = Math.max(x.scale, y.scale)
  const sx = x.v * 10n ** BigInt(scale - x.scale)
  const sy = y.v * 10n ** BigInt(scale - y.scale)
  return render(sx + BigInt(sign) * sy, scale)
}

/** Whether two decimals are equal to 2 decimal places (X25: "to 2 dp"). */
export function sameTo2dp(a: string, b: string): boolean {
  const d = addDecimal(a, b, -1)
  return compareDecimal(d, '0.005') < 0 && compareDecimal(d, '-0.005') > 0
}
