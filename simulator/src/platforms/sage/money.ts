/** Exact decimal strings (as `kernel/decimal.ts` makes them) as scaled BigInts, for the running balance. */
function scaled(a: string, scale: number): bigint {
  const neg = a.startsWith('-')
  const [int = '0', frac = ''] = a.replace(/^[-+]/, '').split('.')
  const v = BigInt(int + frac.padEnd(scale, '0').slice(0, scale))
  return neg ? -v : v
}

const scaleOf = (a: string) => (a.split('.')[1] ?? '').length

/** `a + b === c`, exactly. */
export function sumEquals(a: string, b: string, c: string): boolean {
  const s = Math.max(scaleOf(a), scaleOf(b), scaleOf(c))
  return scaled(a, s) + scaled(b, s) === scaled(c, s)
}

/** `start + sum(amounts)` as an exact decimal string. */
export function balanceAfter(start: string, amounts: readonly string[]): string {
  const s = Math.max(scaleOf(start), ...amounts.map(scaleOf))
  let v = scaled(start, s)
  for (const x of amounts) v += scaled(x, s)
  const neg = v < 0n
  const digits = (neg ? -v : v).toString().padStart(s + 1, '0')
  const int = digits.slice(0, digits.length - s)
  const frac = s ? digits.slice(digits.length - s).replace(/0+$/, '') : ''
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`
}
