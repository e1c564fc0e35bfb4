import { invalidJson } from './errors.js'
import type { ExactParseOptions } from './options.js'

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WHITESPACE = /[ \t\n\r]*/y

/**
 * Reads `text` by hand: numbers under `options.decimalKeys` as their exact source text, every other
 * number as a JS number, refusing `options.forbiddenKeys` and nesting deeper than `options.maxDepth`.
 * Written by hand because Node 20's `JSON.parse` reviver has no access to a number's source text; the
 * fast path (`fast-path.ts`) must give what this gives, values and errors.
 *
 * @example
 * parseByHand('{"amount": 0.10}', { decimalKeys: new Set(['amount']) }) // => { amount: '0.10' }
 */
export function parseByHand(text: string, options: ExactParseOptions): unknown {
  const parser = new HandParser(text, options)
  const value = parser.value(undefined, 0)
  parser.skipWhitespace()
  if (parser.pos !== text.length) parser.fail('unexpected characters after the JSON value')
  return value
}

class HandParser {
  pos = 0

  constructor(
    private readonly text: string,
    private readonly options: ExactParseOptions,
  ) {}

  fail(what: string): never {
    throw invalidJson(this.pos, what)
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
