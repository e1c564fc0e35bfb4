/** Calendar helpers: local dates in an IANA zone, day arithmetic on `YYYY-MM-DD`, line date parsing. */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

function wallParts(ms: number, timeZone: string): number[] {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return [
    parts.year ?? 0,
    parts.month ?? 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  ]
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallParts(ms, timeZone)
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/** The calendar date (`YYYY-MM-DD`) at instant `ms` in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return new Date(ms).toISOString().slice(0, 10)
  const [y, mo, d] = wallParts(ms, timeZone)
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** The instant at which the wall clock in `timeZone` reads `day` `hh:mm`. */
export function zonedInstant(day: string, hhmm: string, timeZone: string): number {
  const [y, mo, d] = day.split('-').map(Number)
  const [h, mi] = hhmm.split(':').map(Number)
  const guess = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0)
  if (timeZone === 'UTC') return guess
  const first = guess - offsetAt(guess, timeZone)
  return guess - offsetAt(first, timeZone)
}

/** `YYYY-MM-DD` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const [y, mo, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10)
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/
/** Verdicts per distinct `YYYY-MM-DD` string: a push carries a few distinct days across up to 1000 lines. */
const calendarDays = new Map<string, boolean>()
const CALENDAR_CACHE_LIMIT = 4096

/** Whether `day` is a real `YYYY-MM-DD` date (no 2026-02-30); checked once per distinct string. */
export function isCalendarDate(day: string): boolean {
  const known = calendarDays.get(day)
  if (known !== undefined) return known
  let ok = CALENDAR_DAY.test(day)
  if (ok) {
    const t = Date.parse(`${day}T00:00:00Z`)
    ok = Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day
  }
  // Bounded: arbitrary client input cannot grow it without limit.
  if (calendarDays.size >= CALENDAR_CACHE_LIMIT) calendarDays.clear()
  calendarDays.set(day, ok)
  return ok
}

/** A transaction date's local calendar day and local date-time (offset ignored). */
export interface LineDate {
  /** `YYYY-MM-DD`, the local date part (offsets are ignored, as Codat does). */
  day: string
  /** `YYYY-MM-DDTHH:mm:ss(.fff)` local date-time; date-only values read as midnight. */
  local: string
}

const LINE_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?)?(Z|[+-]\d{2}:?\d{2})?$/

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** Parses a transaction `date`; `undefined` when it is not an ISO-8601 date or date-time. */
export function parseLineDate(text: string): LineDate | undefined {
  const m = LINE_DATE.exec(text)
  if (!m?.[1] || !isCalendarDate(m[1])) return undefined
  const h = Number(m[2] ?? '0')
  const mi = Number(m[3] ?? '0')
  const s = Number(m[4] ?? '0')
  if (h > 23 || mi > 59 || s > 59) return undefined
  const frac = (m[5] ?? '.').slice(1).padEnd(7, '0')
  return { day: m[1], local: `${m[1]}T${pad(h)}:${pad(mi)}:${pad(s)}.${frac}` }
}

/** ISO instant with second precision, the way Codat prints UTC times (`2026-01-02T03:04:05Z`). */
export function isoInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`
}
