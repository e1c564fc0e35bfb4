/**
 * Display formatting for the pages. Amounts arrive as exact decimal strings and stay strings: the
 * formatter hands Intl.NumberFormat the STRING (ECMA-402 reads it as an exact decimal, no binary
 * float), with at least as many fraction digits as the amount has, so no digit is ever lost. Sums
 * are done in BigInt minor units.
 *
 * @example
 * formatMoney('12345678901234567.89', 'USD') // "$12,345,678,901,234,567.89"
 * formatMoney('-3.5', 'USD')                 // "-$3.50"
 * formatDay('2026-11-29')                    // "Nov 29, 2026"
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

const moneyFormats = new Map<string, Intl.NumberFormat>()

function currencyDigits(currency: string, locale: string): number {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number
  } catch {
    return 2
  }
}

/** Whether `text` is an exact decimal as the API sends it (`-12.30`, `0`, `100.5`). */
export function isDecimal(text: string): text is `${number}` {
  return DECIMAL.test(text)
}

/** An amount in its currency, every digit kept; text that is not a decimal is shown as it came. */
export function formatMoney(amount: string, currency: string, locale = 'en-US'): string {
  if (!isDecimal(amount)) return amount
  const fraction = scaleOf(amount)
  const digits = Math.min(20, Math.max(currencyDigits(currency, locale), fraction))
  const key = `${locale}|${currency}|${digits}`
  let nf = moneyFormats.get(key)
  if (nf === undefined) {
    try {
      nf = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    } catch {
      return `${amount} ${currency}`
    }
    moneyFormats.set(key, nf)
  }
  // ECMA-402 formats a string as an exact decimal (Intl.NumberFormat v3), never through a double.
  return nf.format(amount)
}

/** Exact decimal → BigInt in units of 10^-scale. */
function toScaled(amount: string, scale: number): bigint {
  const m = DECIMAL.exec(amount)
  if (m === null) throw new RangeError(`Not a decimal: ${amount}`)
  const frac = (m[3] ?? '').padEnd(scale, '0')
  const v = BigInt(`${m[2]}${frac}`)
  return m[1] === '-' ? -v : v
}

function scaleOf(amount: string): number {
  return (DECIMAL.exec(amount)?.[3] ?? '').length
}

function fromScaled(v: bigint, scale: number): string {
  const neg = v < 0n
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0')
  const int = s.slice(0, s.length - scale)
  const frac = s.slice(s.length - scale)
  return `${neg ? '-' : ''}${int}${scale > 0 ? `.${frac}` : ''}`
}

/** Exact sum of decimal strings (BigInt), with the largest scale among them. */
export function sumDecimals(amounts: readonly string[]): string {
  const scale = Math.max(0, ...amounts.map(scaleOf))
  return fromScaled(
    amounts.reduce((acc, a) => acc + toScaled(a, scale), 0n),
    scale,
  )
}

/** `a - b`, exact. */
export function subtractDecimals(a: string, b: string): string {
  const scale = Math.max(scaleOf(a), scaleOf(b))
  return fromScaled(toScaled(a, scale) - toScaled(b, scale), scale)
}

/** -1, 0 or 1 as the decimal is below, at or above zero. */
export function signOf(amount: string): -1 | 0 | 1 {
  const m = DECIMAL.exec(amount)
  if (m === null || /^0*$/.test(`${m[2]}${m[3] ?? ''}`)) return 0
  return m[1] === '-' ? -1 : 1
}

/** A decimal as a number for drawing a chart only (geometry, never a displayed amount). */
export function decimalForChart(amount: string): number {
  return isDecimal(amount) ? Number(amount) : 0
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

function dayFormat(locale: string): Intl.DateTimeFormat {
  let f = dayFormats.get(locale)
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
    dayFormats.set(locale, f)
  }
  return f
}

/** A calendar day `YYYY-MM-DD` as a date (`Nov 29, 2026`); anything else as it came. */
export function formatDay(day: string | null, locale = 'en-US'): string {
  if (day === null) return '—'
  const m = DAY.exec(day.slice(0, 10))
  if (m === null) return day
  return dayFormat(locale).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))))
}

/**
 * A message with its `YYYY-MM-DD` days as dates a person reads (`Mar 9, 2026`): the core's reasons
 * name days in ISO form.
 *
 * @example daysInWords('Dated 2026-03-06, before 2026-03-09') // => 'Dated Mar 6, 2026, before Mar 9, 2026'
 */
export function daysInWords(message: string): string {
  return message.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatDay(day))
}

const instantFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
})

/** An ISO instant as a date and time in UTC (`Nov 29, 2026, 14:03 UTC`). */
export function formatInstant(iso: string | null): string {
  if (iso === null) return '—'
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : `${instantFormat.format(new Date(ms))} UTC`
}

/** `1 line`, `3 lines`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}
