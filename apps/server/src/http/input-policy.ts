import { type TSchema, Type } from 'typebox'
import type { ErrorCode } from '../errors.js'

/**
 * THE input policy: every string a client sends that becomes an id or is stored, every amount and
 * every date goes through one of these schemas, so it is refused (4xx problem+json, a stable code,
 * a message that says what to fix) by the route's validation, before any handler runs: before
 * anything is read, stored or sent to Codat. A new route uses these instead of bare `Type.String()`.
 *
 * Each schema carries `x-policy` (kept in the OpenAPI document); the error handler finds it from a
 * validation error's `schemaPath` ({@link policyAt}) and answers that policy's code and rule, so a
 * length, a type or a character error in an id is always `invalid_id` with the same sentence.
 */

/** Longest id (company, account, transaction): the core's `MAX_ID`, and the router's `maxParamLength`. */
export const MAX_ID_LENGTH = 200

/** Amounts and balances: at most this many significant digits (what a double, and so Codat's JSON, keeps exactly). */
export const MAX_SIGNIFICANT_DIGITS = 15
/** Amounts and balances: at most this many digits before the decimal point (below 10^13). */
export const MAX_INTEGER_DIGITS = 13

/** The most decimals any currency has (CLF, UYW): a value with more is the core's `amount_too_precise`. */
const MAX_CURRENCY_DECIMALS = 4

/** Dates: from this year… */
export const MIN_YEAR = 1970
/** …to this year (inclusive). */
export const MAX_YEAR = 2099

type PolicyName = 'id' | 'text' | 'amount' | 'balance' | 'date' | 'day'

const RULES: { readonly [P in PolicyName]: { readonly code: ErrorCode; readonly rule: string } } = {
  id: {
    code: 'invalid_id',
    rule:
      `an id is a string of 1 to ${MAX_ID_LENGTH} characters, without control characters (U+0000 to U+001F, ` +
      'U+007F) or unpaired surrogates, and not "." or ".." (it must survive as one URL path segment)',
  },
  text: {
    code: 'invalid_text',
    rule:
      'text must be a string within its length limit, without NUL or other control characters (tab, line ' +
      'feed and carriage return are allowed) and without unpaired surrogates',
  },
  amount: {
    code: 'amount_out_of_range',
    rule:
      `an amount is a decimal of at most ${MAX_SIGNIFICANT_DIGITS} significant digits and ${MAX_INTEGER_DIGITS} ` +
      'digits before the decimal point (from -9999999999999.99 to 9999999999999.99), e.g. "-12.30"',
  },
  balance: {
    code: 'balance_out_of_range',
    rule:
      `a balance is a decimal of at most ${MAX_SIGNIFICANT_DIGITS} significant digits and ${MAX_INTEGER_DIGITS} ` +
      'digits before the decimal point (from -9999999999999.99 to 9999999999999.99), e.g. "1250.00"',
  },
  date: {
    code: 'invalid_date',
    rule:
      `a date is YYYY-MM-DD or an ISO date-time such as 2026-11-20T10:21:00 (optionally Z or an offset from ` +
      `-12:00 to +14:00), a real calendar day in the years ${MIN_YEAR} to ${MAX_YEAR}`,
  },
  day: {
    code: 'invalid_date',
    rule: `a day is YYYY-MM-DD, a real calendar day in the years ${MIN_YEAR} to ${MAX_YEAR}`,
  },
}

// C0 controls and DEL; text allows tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const ID_CONTROLS = /[\u0000-\u001f\u007f]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const TEXT_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

// In a `u` regex a surrogate pair is one code point: only an unpaired surrogate matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

/** True when `value` has no unpaired surrogate (Postgres cannot store one; two such ids would collide). */
function wellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value)
}

/** True when `value`, percent-encoded, is one URL path segment that a URL parser leaves as it is. */
function survivesAsSegment(value: string): boolean {
  const encoded = encodeURIComponent(value)
  return new URL(`http://h/${encoded}`).pathname === `/${encoded}`
}

/** True when `value` is an id the policy accepts. */
export function isPolicyId(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= MAX_ID_LENGTH &&
    wellFormed(value) &&
    !ID_CONTROLS.test(value) &&
    survivesAsSegment(value)
  )
}

/** True when `value` is storable text. */
export function isPolicyText(value: string): boolean {
  return wellFormed(value) && !TEXT_CONTROLS.test(value)
}

const NUMBER = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/**
 * False when `value` reads as a decimal that does not fit the bounds (too many significant digits, or
 * too large); true otherwise, leaving what is not a decimal at all (`"NaN"`, `"abc"`) to the core's
 * `invalid_amount` / `invalid_balance`.
 */
export function withinDecimalBounds(value: string | number): boolean {
  const text = typeof value === 'number' ? String(value) : value.trim()
  const m = NUMBER.exec(text)
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return true
  const whole = m[1] ?? ''
  const digits = whole + (m[2] ?? '')
  const exponent = Number(m[3] ?? '0')
  const first = digits.search(/[1-9]/)
  if (first === -1) return true // zero
  const last = digits.length - 1 - [...digits].reverse().join('').search(/[1-9]/)
  // a non-zero digit past the 4th decimal is too precise for every currency: the core says so
  if (last - (whole.length + exponent) + 1 > MAX_CURRENCY_DECIMALS) return true
  if (last - first + 1 > MAX_SIGNIFICANT_DIGITS) return false
  // digits before the point once the exponent is applied, counted from the first non-zero digit
  const integerDigits = whole.length + exponent - first
  return integerDigits <= MAX_INTEGER_DIGITS
}

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** True when `value` is a date (or date-time) inside the policy's bounds; `dayOnly`: `YYYY-MM-DD` only. */
export function isPolicyDate(value: string, dayOnly = false): boolean {
  const m = DATE.exec(value)
  if (m === null || (dayOnly && value.length !== 10)) return false
  const [, y, mo, d, h, mi, s, , sign, oh, om] = m
  const year = Number(y)
  const month = Number(mo)
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return false
  if (Number(d) < 1 || Number(d) > daysInMonth(year, month)) return false
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? '0') > 59)) return false
  if (sign !== undefined) {
    const minutes = Number(oh) * 60 + Number(om)
    if (Number(om) > 59 || minutes > (sign === '+' ? 14 * 60 : 12 * 60)) return false
  }
  return true
}

interface StringOptions {
  readonly minLength?: number
  readonly maxLength?: number
  readonly description?: string
  readonly examples?: readonly unknown[]
}

function withRule(policy: PolicyName, description: string | undefined): string {
  const rule = RULES[policy].rule
  return description === undefined
    ? `${rule[0]?.toUpperCase()}${rule.slice(1)}.`
    : `${description} (${rule}.)`
}

/**
 * An id: a company, account or transaction id, in a path or a body.
 *
 * @example
 * Type.Object({ accountId: IdString({ examples: ['acc-checking-001'] }) })
 */
export function IdString(options: Omit<StringOptions, 'minLength' | 'maxLength'> = {}) {
  return Type.Refine(
    Type.String({
      ...options,
      minLength: 1,
      maxLength: MAX_ID_LENGTH,
      description: withRule('id', options.description),
      'x-policy': 'id',
    }),
    isPolicyId,
    () => RULES.id.rule,
  )
}

/**
 * Stored text (a name, a description, a note, an operator's name) of at most `maxLength` characters.
 *
 * @example
 * Type.Object({ note: TextString({ minLength: 1, maxLength: 1000 }) })
 */
export function TextString(options: StringOptions & { readonly maxLength: number }) {
  return Type.Refine(
    Type.String({ ...options, description: withRule('text', options.description), 'x-policy': 'text' }),
    isPolicyText,
    () => RULES.text.rule,
  )
}

/**
 * A money amount (`amount`) or balance (`balance`): a decimal string, or a JSON number whose exact
 * text the body parser keeps; bounded so that it survives Codat's JSON exactly.
 */
export function DecimalInput(policy: 'amount' | 'balance', description?: string) {
  return Type.Union(
    [
      Type.Refine(Type.String({ maxLength: 100 }), withinDecimalBounds, () => RULES[policy].rule),
      Type.Refine(Type.Number(), withinDecimalBounds, () => RULES[policy].rule),
    ],
    {
      description: withRule(
        policy,
        description ?? 'Exact decimal, e.g. "-12.30" (JSON numbers are read exactly from their source text)',
      ),
      examples: [policy === 'amount' ? '-12.30' : '1250.00'],
      'x-policy': policy,
    },
  )
}

/** A transaction date: `YYYY-MM-DD` or an ISO date-time (the offset is checked, then ignored as QBO does). */
export function DateString(options: Omit<StringOptions, 'minLength' | 'maxLength'> = {}) {
  return Type.Refine(
    Type.String({
      examples: ['2026-11-20'],
      ...options,
      minLength: 10,
      maxLength: 40,
      description: withRule('date', options.description),
      'x-policy': 'date',
    }),
    (value) => isPolicyDate(value),
    () => RULES.date.rule,
  )
}

/** A calendar day, `YYYY-MM-DD` only. */
export function DayString(options: Omit<StringOptions, 'minLength' | 'maxLength'> = {}) {
  return Type.Refine(
    Type.String({
      examples: ['2026-12-02'],
      ...options,
      minLength: 10,
      maxLength: 10,
      description: withRule('day', options.description),
      'x-policy': 'day',
    }),
    (value) => isPolicyDate(value, true),
    () => RULES.day.rule,
  )
}

/** The policy a validation error's `schemaPath` (`#/properties/…`) falls under in `schema`, outermost first. */
export function policyAt(schema: unknown, schemaPath: string): { code: ErrorCode; rule: string } | undefined {
  let node: unknown = schema
  const segments = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)
  for (let i = 0; ; i++) {
    if (typeof node !== 'object' || node === null) return undefined
    const policy = (node as Record<string, unknown>)['x-policy']
    if (typeof policy === 'string' && policy in RULES) return RULES[policy as PolicyName]
    const segment = segments[i]
    if (segment === undefined) return undefined
    node = (node as Record<string, unknown>)[segment.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
}

/** Top-level properties of an object schema that are integers (querystring, params, headers). */
export function integerProperties(schema: TSchema | undefined): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties
  if (properties === undefined) return []
  return Object.entries(properties)
    .filter(([, s]) => s.type === 'integer')
    .map(([key]) => key)
}
