import { toJsonNumberToken } from './decimal-token.js'
import type { ExactParseOptions } from './options.js'

/**
 * The shortcuts through the built-in `JSON.parse` and `JSON.stringify`. Each answers `undefined` when
 * it cannot be sure to match the hand parser or hand writer (which then decide, and say what is
 * wrong); property tests check that the two agree, values and errors.
 */

/**
 * The parse shortcut for `options`: decimal number tokens are quoted (see `decimalNumbers`) and the
 * text goes through `JSON.parse`. Answers `undefined` (ask the hand parser) when the text holds a `\u`
 * escape (which could spell a decimal or forbidden key), mentions a forbidden key, is refused by
 * `JSON.parse`, or nests deeper than `options.maxDepth`. A JSON value is never `undefined`.
 *
 * @example
 * fastParser({ decimalKeys: new Set(['amount']) })('{"amount":1.10}') // => { amount: '1.10' }
 */
export function fastParser(options: ExactParseOptions): (text: string) => unknown {
  const quoting = decimalNumbers(options.decimalKeys)
  const forbidden = options.forbiddenKeys === undefined ? [] : [...options.forbiddenKeys]
  const maxDepth = options.maxDepth
  return (text) => {
    if (text.includes('\\u') || forbidden.some((k) => text.includes(k))) return undefined
    let value: unknown
    try {
      value = JSON.parse(text.replace(quoting, '$1"$2"'))
    } catch {
      return undefined
    }
    return maxDepth === undefined || within(value, 0, maxDepth) ? value : undefined
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

/** Marks a decimal's number token inside a `JSON.stringify` string, to be unquoted afterwards. */
const MARK = '\u0000'
const MARKED = /"\\u0000([-0-9.]+)\\u0000"/g

/**
 * The write shortcut for `decimalKeys`: `JSON.stringify` with a replacer that turns each decimal into
 * a marked string, then unquotes the marked strings: the same text as the hand writer, a few times
 * faster. Answers `undefined` (ask the hand writer, which also says what is wrong) for anything the
 * hand writer would treat differently: a bad decimal, a non-finite number, a `toJSON` method, a
 * function, symbol or bigint, or a string that holds the mark itself.
 *
 * @example
 * fastWriter(new Set(['amount']))({ amount: '-0.10' }) // => '{"amount":-0.10}'
 */
export function fastWriter(decimalKeys: ReadonlySet<string>): (value: unknown) => string | undefined {
  return (value) => {
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
      const decimal = !Array.isArray(this) && decimalKeys.has(key)
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
}
