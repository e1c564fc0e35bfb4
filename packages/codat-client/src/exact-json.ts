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
    switch (typeof item) {
      case 'string':
        if (!Array.isArray(this) && DECIMAL_KEYS.has(key)) {
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
        if (!Number.isFinite(item) || (!Array.isArray(this) && DECIMAL_KEYS.has(key))) fallBack = true
        return item
      case 'boolean':
      case 'object':
        if (item !== null && !Array.isArray(this) && DECIMAL_KEYS.has(key)) fallBack = true
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

/**
 * `JSON.parse` for response bodies, except that a number under a {@link DECIMAL_KEYS} property comes
 * back as its exact source text (a string such as `'12345678901234567.89'`); other numbers become JS
 * numbers. Written by hand because Node 20's `JSON.parse` reviver has no access to the source text.
 * Throws `SyntaxError` on malformed input.
 */
export function parseExact(text: string): unknown {
  // A `\u` escape could spell a decimal key the pattern below cannot see (`"a\u006dount"`).
  if (text.includes('\\u')) return parseByHand(text)
  try {
    return JSON.parse(text.replace(DECIMAL_NUMBER, '$1"$2"'))
  } catch {
    return parseByHand(text) // says where the text is wrong
  }
}

/**
 * A number token that is the value of a decimal key: `"amount": -12.30` followed by `,`, `}` or `]`.
 * A `"` preceded by a backslash is inside a string (in valid JSON a key's opening quote never follows
 * one), so `"x\"amount": 1` is not a match. Quoting these tokens and then `JSON.parse` gives what
 * the hand parser gives, several times faster (checked by property tests).
 */
const DECIMAL_NUMBER = new RegExp(
  `(?<!\\\\)("(?:${[...DECIMAL_KEYS].join('|')})"[ \\t\\n\\r]*:[ \\t\\n\\r]*)(-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)(?=[ \\t\\n\\r]*[,}\\]])`,
  'g',
)

/** The hand parser alone (what `parseExact` falls back to); exported for tests. */
export function parseByHand(text: string): unknown {
  const parser = new ExactParser(text)
  const value = parser.value(undefined)
  parser.skipWhitespace()
  if (parser.pos !== text.length) parser.fail('unexpected trailing characters')
  return value
}

class ExactParser {
  pos = 0

  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new SyntaxError(`Invalid JSON at position ${this.pos}: ${what}`)
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos
    WHITESPACE.exec(this.text)
    this.pos = WHITESPACE.lastIndex
  }

  value(key: string | undefined): unknown {
    this.skipWhitespace()
    const c = this.text[this.pos]
    switch (c) {
      case '{':
        return this.object()
      case '[':
        return this.array()
      case '"':
        return this.string()
      case 't':
        return this.literal('true', true)
      case 'f':
        return this.literal('false', false)
      case 'n':
        return this.literal('null', null)
      default:
        return this.number(key)
    }
  }

  private object(): Record<string, unknown> {
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
      this.skipWhitespace()
      if (this.text[this.pos] !== ':') this.fail("expected ':'")
      this.pos++
      // defineProperty keeps a "__proto__" key an own property, as JSON.parse does.
      Object.defineProperty(result, key, {
        value: this.value(key),
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

  private array(): unknown[] {
    const result: unknown[] = []
    this.pos++
    this.skipWhitespace()
    if (this.text[this.pos] === ']') {
      this.pos++
      return result
    }
    for (;;) {
      result.push(this.value(undefined))
      this.skipWhitespace()
      const next = this.text[this.pos++]
      if (next === ']') return result
      if (next !== ',') this.fail("expected ',' or ']'")
    }
  }

  private string(): string {
    const start = this.pos
    let escaped = false
    let i = start + 1
    for (;;) {
      const c = this.text.charCodeAt(i)
      if (Number.isNaN(c)) this.fail('unterminated string')
      if (c === 0x22) break
      if (c < 0x20) this.fail('control character in string')
      if (c === 0x5c) {
        escaped = true
        i++
      }
      i++
    }
    this.pos = i + 1
    if (!escaped) return this.text.slice(start + 1, i)
    // The token is delimited; let the built-in parser decode the escapes (and reject bad ones).
    return JSON.parse(this.text.slice(start, this.pos)) as string
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
    return key !== undefined && DECIMAL_KEYS.has(key) ? token : Number(token)
  }
}
