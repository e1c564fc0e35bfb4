/**
 * Calendar days as `YYYY-MM-DD` strings. Pure: the current instant always comes in as an argument.
 */

/** A calendar date, `YYYY-MM-DD`. Lexicographic order is chronological order. */
export type Day = string

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/

/**
 * Reads a transaction date as QBO does: the local date (and time, if any) written in the string;
 * any offset is ignored. Returns undefined for anything that is not a real calendar date.
 *
 * @example
 * parseLocalDateTime('2026-11-20T10:21:00Z') // => { day: '2026-11-20', local: '2026-11-20T10:21:00' }
 */
export function parseLocalDateTime(text: string): { day: Day; local: string } | undefined {
  const m = DATE_TIME.exec(text)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s] = m
  const year = Number(y)
  const month = Number(mo)
  const date = Number(d)
  if (month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) return undefined
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? '0') > 59)) return undefined
  const day = `${y}-${mo}-${d}`
  const local = h === undefined ? day : `${day}T${h}:${mi}:${s ?? '00'}`
  return { day, local }
}

/** True when `text` is exactly a valid `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  return text.length === 10 && parseLocalDateTime(text)?.day === text
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/**
 * True when `text` is an instant `dayIn` can place (anything `Date.parse` reads), such as
 * `'2026-11-20T09:00:00Z'`.
 */
export function isInstant(text: unknown): text is string {
  return typeof text === 'string' && !Number.isNaN(Date.parse(text))
}

const MS_PER_DAY = 86_400_000

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: Day, n: number): Day {
  const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))
  return new Date(ms + n * MS_PER_DAY).toISOString().slice(0, 10)
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    formatters.set(zone, f)
  }
  return f
}

/**
 * The calendar day an instant falls on in a time zone.
 *
 * @example
 * dayIn('2026-11-25T03:00:00Z', 'America/New_York') // => '2026-11-24'
 */
export function dayIn(instant: string, zone: string): Day {
  const ms = Date.parse(instant)
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${instant}`)
  if (zone === 'UTC') return new Date(ms).toISOString().slice(0, 10)
  const parts = formatterFor(zone).formatToParts(new Date(ms))
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock time of an instant in a zone, read as if it were UTC (ms). */
function wallClock(ms: number, zone: string): number {
  let f = wallFormatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    wallFormatters.set(zone, f)
  }
  const parts = f.formatToParts(new Date(ms))
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? '0')
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
}

/**
 * The instant (epoch ms) at local time `hhmm` (`'06:00'`) on `day` in `zone`. A time skipped by a
 * daylight-saving change falls on the instant the clocks jump to.
 *
 * @example
 * new Date(zonedInstant('2026-11-20', '06:00', 'America/New_York')).toISOString() // => '2026-11-20T11:00:00.000Z'
 */
export function zonedInstant(day: Day, hhmm: string, zone: string): number {
  const guess = Date.UTC(
    Number(day.slice(0, 4)),
    Number(day.slice(5, 7)) - 1,
    Number(day.slice(8, 10)),
    Number(hhmm.slice(0, 2)),
    Number(hhmm.slice(3, 5)),
  )
  const first = guess - (wallClock(guess, zone) - guess)
  return guess - (wallClock(first, zone) - first)
}
