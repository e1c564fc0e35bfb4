import { toJsonNumberToken } from './models/decimal.js'

/**
 * Property names whose values are Codat `format: decimal` numbers. Only these are treated as exact
 * decimals: written from strings as number tokens, and read back as the number token's source text.
 * Every other number (statusCode, pageSize, …) is an ordinary JS number.
 */
export const DECIMAL_KEYS: ReadonlySet<string> = new Set([
  'amount',
  'balance',
  'availableBalance',
  'sourceBalance',
])

/**
 * `JSON.stringify` for request bodies, except that a string under a {@link DECIMAL_KEYS} property is
 * validated as a decimal and written as a JSON number token, character for character (no float ever
 * holds it). A JS number under such a key is refused: it has already lost exactness. `undefined`
 * properties are omitted, as `JSON.stringify` does.
 *
 * @example
 * stringifyExact({ amount: '0.1000000000000000000001' }) // '{"amount":0.1000000000000000000001}'
 */
export function stringifyExact(value: unknown): string {
  const fast = stringifyFast(value)
  return fast ?? write(value, '$')
}

/** Marks a decimal's number token inside a `JSON.stringify` string, to be unquoted afterwards. */
const MARK = '\u0000'
const MARKED = /"\\u0000([-0-9.]+)\\u0000"/g

/**
 * `JSON.stringify` with a replacer that turns each decimal into a marked string, then unquotes the
 * marked strings: the same text as `write`, a few times faster. Answers `undefined` (use `write`, which
 * also says what is wrong) for anything `write` would treat differently: a bad decimal, a non-finite
 * number, a `toJSON` method, a function, symbol or bigint, or a string that holds the mark itself.
 */
function stringifyFast(value: unknown): string | undefined {
  let fallBack = false
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key, item: unknown) {
    if (fallBack || key.includes(MARK)) {
      fallBack = true
      return undefined
    }
    const raw = key === '' ? value : this[key]
    if (
      typeof raw === 'object' &&
      raw !== null &&
      typeof (raw as { toJSON?: unknown }).toJSON === 'function'
    ) {
      fallBack = true
      return undefined
    }
    const decimal = !Array.isArray(this) && DECIMAL_KEYS.has(key)
    switch (typeof item) {
      case 'string':
        if (decimal) {
          try {
            return `${MARK}${toJsonNumberToken(item, key)}${MARK}`
          } catch {
            fallBack = true
            return undefined
          }
        }
        if (item.includes(MARK)) fallBack = true
        return item
      case 'number':
        if (!Number.isFinite(item) || decimal) fallBack = true
        return item
      case 'boolean':
      case 'object':
        if (item !== null && decimal) fallBack = true
        return item
      case 'undefined':
        return item
      default:
        fallBack = true
        return undefined
    }
  })
  if (fallBack || text === undefined) return undefined
  return text.replace(MARKED, '$1')
}

/** The hand writer alone (what `stringifyExact` falls back to); exported for tests. */
export function stringifyByHand(value: unknown): string {
  return write(value, '$')
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number`)
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? 'null' : write(item, `${path}[${i}]`))).join(',')}]`
      }
      const parts: string[] = []
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue
        const itemPath = `${path}.${key}`
        const text =
          DECIMAL_KEYS.has(key) && item !== null ? toJsonNumberToken(item, itemPath) : write(item, itemPath)
        parts.push(`${JSON.stringify(key)}:${text}`)
      }
      return `{${parts.join(',')}}`
    }
    default:
      throw new TypeError(`${path} cannot be sent as JSON (${typeof value})`)
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WHITESPACE = /[ \t\n\r]*/y

/** How a JSON text with exact decimals is read. */
export interface ExactParseOptions {
  /** Properties whose number values come back as their exact source text. */
  readonly decimalKeys: ReadonlySet<string>
  /** Property names refused (e.g. `__proto__` and `constructor` in untrusted bodies); else kept as own data. */
  readonly forbiddenKeys?: ReadonlySet<string>
  /** The deepest nesting accepted (the top value is at depth 0); unbounded when absent. */
  readonly maxDepth?: number
}

/** A parser for one set of {@link ExactParseOptions}. */
export interface ExactJsonParser {
  /** `JSON.parse` (fast path) or the hand parser: the same value, or a `SyntaxError` saying where. */
  parse(text: string): unknown
  /** The hand parser alone (what `parse` falls back to); for tests. */
  parseByHand(text: string): unknown
}

/**
 * Builds a parser that reads numbers under `decimalKeys` as their exact source text (a string such
 * as `'12345678901234567.89'`) and every other number as a JS number. Written by hand because Node
 * 20's `JSON.parse` reviver has no access to the source text; the usual text takes a fast path:
 * decimal number tokens are quoted (see `decimalNumbers`) and the result goes through `JSON.parse`,
 * unless the text holds a `\u` escape (which could spell a decimal key) or mentions a forbidden key,
 * or the value nests deeper than `maxDepth`: then the hand parser decides (checked equal by property
 * tests, values and errors).
 *
 * @example
 * exactJsonParser({ decimalKeys: new Set(['amount']) }).parse('{"amount": 0.10}') // => { amount: '0.10' }
 */
export function exactJsonParser(options: ExactParseOptions): ExactJsonParser {
  const quoting = decimalNumbers(options.decimalKeys)
  const forbidden = options.forbiddenKeys === undefined ? [] : [...options.forbiddenKeys]
  const byHand = (text: string): unknown => {
    const parser = new ExactParser(text, options)
    const value = parser.value(undefined, 0)
    parser.skipWhitespace()
    if (parser.pos !== text.length) parser.fail('unexpected characters after the JSON value')
    return value
  }
  return {
    parse(text) {
      if (!text.includes('\\u') && !forbidden.some((k) => text.includes(k))) {
        try {
          const value: unknown = JSON.parse(text.replace(quoting, '$1"$2"'))
          if (options.maxDepth === undefined || within(value, 0, options.maxDepth)) return value
        } catch {
          // The hand parser says where the text is wrong.
        }
      }
      return byHand(text)
    },
    parseByHand: byHand,
  }
}

/**
 * A number token that is the value of one of `keys`: `"amount": -12.30` followed by `,`, `}` or `]`.
 * A `"` preceded by a backslash is inside a string (in valid JSON a key's opening quote never follows
 * one), so `"x\"amount": 1` is not a match. Quoting these tokens and then `JSON.parse` gives what
 * the hand parser gives.
 */
function decimalNumbers(keys: ReadonlySet<string>): RegExp {
  const names = [...keys].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
  return new RegExp(
    `(?<!\\\\)("(?:${names})"[ \\t\\n\\r]*:[ \\t\\n\\r]*)(-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)(?=[ \\t\\n\\r]*[,}\\]])`,
    'g',
  )
}

/** True when no value in `value` sits deeper than `max` (the top value is at depth 0). */
function within(value: unknown, depth: number, max: number): boolean {
  if (depth > max) return false
  if (typeof value !== 'object' || value === null) return true
  const children = Array.isArray(value) ? value : Object.values(value)
  for (const child of children) if (!within(child, depth + 1, max)) return false
  return true
}

const codatResponses = exactJsonParser({ decimalKeys: DECIMAL_KEYS })

/**
 * `JSON.parse` for Codat's response bodies, except that a number under a {@link DECIMAL_KEYS}
 * property comes back as its exact source text. Throws `SyntaxError` on malformed input.
 */
export function parseExact(text: string): unknown {
  return codatResponses.parse(text)
}

/** The hand parser alone (what `parseExact` falls back to); exported for tests. */
export function parseByHand(text: string): unknown {
  return codatResponses.parseByHand(text)
}

class ExactParser {
  pos = 0

  constructor(
    private readonly text: string,
    private readonly options: ExactParseOptions,
  ) {}

  fail(what: string): never {
    throw new SyntaxError(`Invalid JSON at position ${this.pos}: ${what}`)
  }

  skipWhitespace(): void {
    // Most tokens follow without whitespace: skip the regex then.
    const c = this.text.charCodeAt(this.pos)
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return
    WHITESPACE.lastIndex = this.pos
    WHITESPACE.exec(this.text)
    this.pos = WHITESPACE.lastIndex
  }

  value(key: string | undefined, depth: number): unknown {
    const max = this.options.maxDepth
    if (max !== undefined && depth > max) this.fail(`nesting deeper than ${max}`)
    this.skipWhitespace()
    switch (this.text[this.pos]) {
      case '{':
        return this.object(depth)
      case '[':
        return this.array(depth)
      case '"':
        return this.string()
      case 't':
        return this.literal('true', true)
      case 'f':
        return this.literal('false', false)
      case 'n':
        return this.literal('null', null)
      case undefined:
        return this.fail('unexpected end of input')
      default:
        return this.number(key)
    }
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {}
    this.pos++
    this.skipWhitespace()
    if (this.text[this.pos] === '}') {
      this.pos++
      return result
    }
    for (;;) {
      this.skipWhitespace()
      if (this.text[this.pos] !== '"') this.fail('expected a property name')
      const key = this.string()
      if (this.options.forbiddenKeys?.has(key)) this.fail(`property name "${key}" is not allowed`)
      this.skipWhitespace()
      if (this.text[this.pos] !== ':') this.fail("expected ':'")
      this.pos++
      // defineProperty keeps a "__proto__" key an own property, as JSON.parse does.
      Object.defineProperty(result, key, {
        value: this.value(key, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      })
      this.skipWhitespace()
      const next = this.text[this.pos++]
      if (next === '}') return result
      if (next !== ',') this.fail("expected ',' or '}'")
    }
  }

  private array(depth: number): unknown[] {
    const result: unknown[] = []
    this.pos++
    this.skipWhitespace()
    if (this.text[this.pos] === ']') {
      this.pos++
      return result
    }
    for (;;) {
      result.push(this.value(undefined, depth + 1))
      this.skipWhitespace()
      const next = this.text[this.pos++]
      if (next === ']') return result
      if (next !== ',') this.fail("expected ',' or ']'")
    }
  }

  private string(): string {
    const start = this.pos
    let i = start + 1
    for (;;) {
      const c = this.text.charCodeAt(i)
      if (Number.isNaN(c)) this.fail('unterminated string')
      if (c === 0x22) break
      if (c === 0x5c) i++
      i++
    }
    this.pos = i + 1
    try {
      // The token is delimited; the built-in parser decodes escapes and refuses control characters.
      // It also COPIES the value: a plain `slice` would be a V8 sliced string that keeps the whole
      // text alive for as long as the value is kept (measured in the server: +40-50 MB peak in the
      // 100-account benchmark, the account states holding request bodies).
      return JSON.parse(this.text.slice(start, this.pos)) as string
    } catch {
      return this.fail('invalid string')
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`)
    this.pos += word.length
    return value
  }

  private number(key: string | undefined): number | string {
    NUMBER.lastIndex = this.pos
    const match = NUMBER.exec(this.text)
    if (match === null) this.fail('unexpected character')
    const token = match[0]
    this.pos += token.length
    return key !== undefined && this.options.decimalKeys.has(key) ? token : Number(token)
  }
}
