import fc from 'fast-check'
import type { ExactParseOptions } from '../options.js'

/**
 * The fast-check arbitraries and parser configurations of this package's property suite, in one place.
 * The decimal keys are the union of those its users configure (Codat's wire format, the API's request
 * bodies), so every text the suite builds meets both kinds of key.
 */

/** Decimal keys under test. */
export const DECIMAL_KEYS: ReadonlySet<string> = new Set([
  'amount',
  'balance',
  'openingBalance',
  'availableBalance',
  'sourceBalance',
])

/** Forbidden keys under test (those the API refuses in untrusted bodies). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor'])

/** The two shapes of configuration in use: decimal keys alone (responses), and with limits (request bodies). */
export const CONFIGURATIONS = {
  responses: { decimalKeys: DECIMAL_KEYS },
  requestBodies: { decimalKeys: DECIMAL_KEYS, forbiddenKeys: FORBIDDEN_KEYS, maxDepth: 64 },
} as const satisfies Record<string, ExactParseOptions>

const alternation = (names: Iterable<string>) => [...names].join('|')

/** Decimal strings of any size: up to 40 integer digits and 40 fraction digits. */
export const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 40n }),
    fc.option(fc.stringMatching(/^\d{1,40}$/), { nil: undefined }),
  )
  .map(
    ([negative, whole, fraction]) =>
      `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  )

/** JSON values without a decimal key as a property name anywhere (so both parsers must agree exactly). */
export const plainJson = fc
  .jsonValue()
  .filter((value) => !new RegExp(`"(${alternation(DECIMAL_KEYS)})":`).test(JSON.stringify(value)))

/** JSON values in which no decimal or forbidden key appears at all, not even as a string value. */
export const cleanJson = fc
  .jsonValue()
  .filter(
    (value) =>
      !new RegExp(`"(${alternation([...DECIMAL_KEYS, ...FORBIDDEN_KEYS])})"`).test(JSON.stringify(value)),
  )

/** Property names as they appear in a JSON text: decimal keys, near misses, escapes and forbidden keys. */
const key = fc.constantFrom(
  ...DECIMAL_KEYS,
  'id',
  'n',
  'k\\"amount',
  'a\\u006dount',
  'amounts',
  ...FORBIDDEN_KEYS,
)

/** Number tokens, valid and not: decimals of any size, doubles, exponents, over-precise and malformed. */
const numberToken = fc.oneof(
  decimalString,
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('1e400', '-0', '0.5e-3', '01', '1.', '.5', '1.2.3'),
  fc.constantFrom('0.1000000000000000055511', '12345678901234567.89', '-0.10', '7'),
)

const space = fc.constantFrom('', ' ', '\n\t', '\n\t ')

/** One `"key": value` member, with spacing around the colon and after the value. */
const member = fc
  .tuple(
    key,
    fc.oneof(
      numberToken,
      numberToken.map((n) => `"${n}"`),
      fc.constantFrom('[1.5,2]', '[1.5]', 'null', '{"amount":0.1}', '{"x":0.5}', 'true'),
    ),
    space,
    space,
  )
  .map(([k, v, w, after]) => `"${k}"${w}:${w}${v}${after}`)

/**
 * JSON texts, valid and not: any JSON value; objects of members (numbers and strings under decimal
 * keys, escapes, spacing, forbidden keys); the same members in arrays and nested objects; trailing
 * commas and characters; and nesting around a depth limit of 64.
 */
export const jsonText = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.array(member, { maxLength: 6 }).map((m) => `{${m.join(',')}}`),
  fc
    .array(member, { minLength: 1, maxLength: 3 })
    .map((m) => `[{${m.join(',')}}, {"data": {${m.join(',')}}}]`),
  fc.constantFrom('{"__proto__":1}', '{"constructor":{}}', '{"a":"__proto__"}', '{"a":1,}', '{"a":1} x', ''),
  fc.integer({ min: 60, max: 70 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`),
  fc.integer({ min: 60, max: 70 }).map((d) => `${'{"a":'.repeat(d)}"x"${'}'.repeat(d)}`),
)

/** Values to write: strings (some holding the writer's internal mark), numbers, nesting, decimals good and bad. */
export const valueToWrite = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(
      fc.string(),
      fc.constantFrom('\u0000', 'a\u00001.5\u0000'),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom(...DECIMAL_KEYS, 'id', '\u00001\u0000'), fc.string({ maxLength: 4 })),
      fc.oneof(tie('value'), decimalString, fc.constantFrom('1e5', '1.', '-', undefined)),
      { maxKeys: 4 },
    ),
  ),
})).value

/**
 * What a call came to: the value, or the error's class and message.
 *
 * @example
 * outcome(JSON.parse, '{') // => { error: 'SyntaxError: ...' }
 */
export function outcome<T>(f: (x: T) => unknown, x: T): { value: unknown } | { error: string } {
  try {
    return { value: f(x) }
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` }
  }
}
