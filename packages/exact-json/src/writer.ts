import { toJsonNumberToken } from './decimal-token.js'
import { notFinite, notJson } from './errors.js'
import { fastWriter } from './fast-path.js'
import type { ExactJsonWriter, ExactWriteOptions } from './options.js'

/**
 * Builds a writer: `JSON.stringify`, except that a string under one of `decimalKeys` is validated as
 * a decimal and written as a JSON number token, character for character (no float ever holds it). A
 * JS number under such a key is refused: it has already lost exactness; `null` there stays `null`.
 * `undefined` properties are omitted, as `JSON.stringify` does. Errors are `TypeError`s naming the
 * field (`$.transactions[0].amount`). The usual value takes a fast path through `JSON.stringify`;
 * the hand writer decides the rest (checked equal by property tests, texts and errors).
 *
 * @example
 * exactJsonWriter({ decimalKeys: new Set(['amount']) }).stringify({ amount: '0.1000000000000000000001' })
 * // => '{"amount":0.1000000000000000000001}'
 */
export function exactJsonWriter(options: ExactWriteOptions): ExactJsonWriter {
  const keys = options.decimalKeys
  const fast = fastWriter(keys)
  const byHand = (value: unknown): string => write(value, '$', keys)
  return {
    stringify: (value) => fast(value) ?? byHand(value),
    stringifyByHand: byHand,
  }
}

function write(value: unknown, path: string, keys: ReadonlySet<string>): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw notFinite(path)
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) {
        const items = value.map((item, i) =>
          item === undefined ? 'null' : write(item, `${path}[${i}]`, keys),
        )
        return `[${items.join(',')}]`
      }
      const parts: string[] = []
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue
        const itemPath = `${path}.${key}`
        const text =
          keys.has(key) && item !== null ? toJsonNumberToken(item, itemPath) : write(item, itemPath, keys)
        parts.push(`${JSON.stringify(key)}:${text}`)
      }
      return `{${parts.join(',')}}`
    }
    default:
      throw notJson(path, value)
  }
}
