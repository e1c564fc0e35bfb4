/**
 * Exact decimals as canonical strings (`-12.5`, `0.01`, `100`). JSON numbers are converted through their
 * shortest round-trip text, which is exact for every amount with up to 15 significant digits.
 */
const DECIMAL = /^[-+]?(\d+)(\.\d+)?$/

function expandExponent(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([-+]?\d+)$/i.exec(text)
  if (!m) return text
  const sign = m[1] ?? ''
  const digits = (m[2] ?? '') + (m[3] ?? '')
  const point = (m[2] ?? '').length + Number(m[4])
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/** Canonical decimal string for a JSON number or decimal string; `undefined` when not a decimal. */
export function toDecimal(value: unknown): string | undefined {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    const shortest = String(value)
    // Without an exponent, a finite number's shortest text is already canonical (no leading zeros, no
    // trailing fraction zeros, `-0` prints as `0`): the common case for amounts and balances.
    if (!shortest.includes('e')) return shortest
    text = expandExponent(shortest)
  } else if (typeof value === 'string') {
    text = value.trim()
  } else {
    return undefined
  }
  if (!DECIMAL.test(text)) return undefined
  return canonical(text)
}

function canonical(text: string): string {
  let t = text
  let sign = ''
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t.startsWith('-')) sign = '-'
    t = t.slice(1)
  }
  let [int = '0', frac = ''] = t.split('.')
  int = int.replace(/^0+(?=\d)/, '')
  frac = frac.replace(/0+$/, '')
  const body = frac ? `${int}.${frac}` : int
  return body === '0' ? '0' : sign + body
}

function scaled(a: string, scale: number): bigint {
  const neg = a.startsWith('-')
  const t = neg ? a.slice(1) : a
  const [int = '0', frac = ''] = t.split('.')
  const v = BigInt(int + frac.padEnd(scale, '0'))
  return neg ? -v : v
}

function fracLength(a: string): number {
  const i = a.indexOf('.')
  return i < 0 ? 0 : a.length - i - 1
}

export function compareDecimal(a: string, b: string): number {
  const scale = Math.max(fracLength(a), fracLength(b))
  const x = scaled(a, scale)
  const y = scaled(b, scale)
  return x < y ? -1 : x > y ? 1 : 0
}

export function signOf(a: string): -1 | 0 | 1 {
  if (a === '0') return 0
  return a.startsWith('-') ? -1 : 1
}

/** JSON number for a canonical decimal (used only when rendering responses). */
export function decimalToNumber(a: string): number {
  return Number(a)
}
