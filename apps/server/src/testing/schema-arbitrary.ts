// Test support for the generative API test: JSON Schema (as the app's OpenAPI document states it) →
// fast-check arbitraries of VALID values, with hints for the values a schema cannot say are meaningful
// (dates, amounts, real ids). Unknown keywords are ignored; a new route's schema needs no code here.
import fc from 'fast-check'

/** The part of JSON Schema the OpenAPI document uses (TypeBox output). */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  examples?: unknown[]
  example?: unknown
  description?: string
  $ref?: string
}

/** Where a value sits: `body.transactions[].id`, `path.companyId`, `query.page`, `header.x-operator`. */
export type Hint = (where: string, name: string, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined

/** A JSON number sent as exactly this text (`1e60`, `12345678901234567890`). */
export class RawNumber {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return `RawNumber(${this.text})`
  }
}

/** JSON text of a value: `RawNumber`s as their text, own keys in order (a `__proto__` own key too). */
export function jsonText(value: unknown): string {
  if (value instanceof RawNumber) return value.text
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const parts = Object.keys(value).map(
      (k) => `${JSON.stringify(k)}:${jsonText((value as Record<string, unknown>)[k])}`,
    )
    return `{${parts.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** Follows `$ref`s into the document's components. */
export function resolve(doc: unknown, schema: JsonSchema): JsonSchema {
  let s = schema
  for (let i = 0; s.$ref !== undefined && i < 20; i++) {
    const path = s.$ref.replace(/^#\//, '').split('/')
    let at: unknown = doc
    for (const part of path) at = (at as Record<string, unknown> | undefined)?.[part]
    if (at === undefined) throw new Error(`unresolved $ref ${s.$ref}`)
    s = at as JsonSchema
  }
  return s
}

/** The JSON types a schema admits (`integer` also counts as `number`). */
export function typesOf(doc: unknown, schema: JsonSchema): Set<string> {
  const s = resolve(doc, schema)
  const alts = s.anyOf ?? s.oneOf
  if (alts !== undefined) return new Set(alts.flatMap((a) => [...typesOf(doc, a)]))
  if (s.allOf !== undefined) return typesOf(doc, s.allOf[0] ?? {})
  if (s.const !== undefined || s.enum !== undefined) {
    const values = s.enum ?? [s.const]
    return new Set(values.map((v) => (v === null ? 'null' : typeof v)))
  }
  const types = s.type === undefined ? (s.properties ? ['object'] : []) : [s.type].flat()
  return new Set(types.flatMap((t) => (t === 'integer' ? ['integer', 'number'] : [t])))
}

/** The enum values of a schema (literals of an anyOf too), or undefined when it is not an enum. */
export function enumOf(doc: unknown, schema: JsonSchema): unknown[] | undefined {
  const s = resolve(doc, schema)
  if (s.enum !== undefined) return s.enum
  if (s.const !== undefined) return [s.const]
  const alts = s.anyOf ?? s.oneOf
  if (alts === undefined) return undefined
  const parts = alts.map((a) => enumOf(doc, a))
  return parts.every((p) => p !== undefined) ? parts.flat() : undefined
}

const SAFE = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'.split(''))
const TEXT = fc.constantFrom(...'abcdefgh ijklmnop qrstuvwxyz,.:-() éüñ€'.split(''))

function stringOf(s: JsonSchema, name: string): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0
  const maxLength = Math.min(s.maxLength ?? 40, minLength + 24)
  if (s.pattern !== undefined) {
    const lengthOk = (v: string) => v.length >= minLength && v.length <= (s.maxLength ?? Infinity)
    return fc.stringMatching(new RegExp(s.pattern)).filter(lengthOk)
  }
  if (s.format === 'uuid') return fc.uuid()
  if (s.format === 'date') return isoDay()
  if (s.format === 'date-time') return isoDay().map((d) => `${d}T10:00:00Z`)
  if (s.format === 'email') return fc.constantFrom('ops@bank.example', 'a.b@example.com')
  const unit = /id$|key$/i.test(name) ? SAFE : TEXT
  return fc.string({ unit, minLength, maxLength })
}

/** A day around the harness's today (2026-11-25): before, at and after the feed start (2026-11-20). */
export function isoDay(): fc.Arbitrary<string> {
  return fc.integer({ min: 10, max: 30 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`)
}

/** An exact decimal as a string or a JSON number, within what Codat's decimals hold. */
export function decimal(): fc.Arbitrary<unknown> {
  const text = fc
    .tuple(fc.boolean(), fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }))
    .map(([neg, units, cents]) => `${neg ? '-' : ''}${units}.${String(cents).padStart(2, '0')}`)
  return fc.oneof(
    text,
    text.map((t) => new RawNumber(t)),
  )
}

/** Valid values of `schema` at `where` (hints first, then examples and the schema's own constraints). */
export function validOf(doc: unknown, schema: JsonSchema, where: string, hint: Hint): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema)
  const name =
    where
      .split(/[.[\]]/)
      .filter(Boolean)
      .pop() ?? ''
  const hinted = hint(where, name, s)
  if (hinted !== undefined) return hinted
  const values = enumOf(doc, s)
  if (values !== undefined) return fc.constantFrom(...values)
  const alts = s.anyOf ?? s.oneOf
  if (alts !== undefined) return fc.oneof(...alts.map((a) => validOf(doc, a, where, hint)))
  if (s.allOf !== undefined)
    return validOf(doc, Object.assign({}, ...s.allOf.map((a) => resolve(doc, a))), where, hint)
  const examples = [...(s.examples ?? []), ...(s.example === undefined ? [] : [s.example])]
  const base = fromType(doc, s, where, name, hint)
  return examples.length === 0 ? base : fc.oneof(fc.constantFrom(...examples), base)
}

function fromType(
  doc: unknown,
  s: JsonSchema,
  where: string,
  name: string,
  hint: Hint,
): fc.Arbitrary<unknown> {
  const type = [s.type ?? (s.properties ? 'object' : 'null')].flat().find((t) => t !== 'null') ?? 'null'
  switch (type) {
    case 'string':
      return stringOf(s, name)
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum === undefined ? 0 : s.exclusiveMinimum + 1)
      const max = Math.min(s.maximum ?? 1000, min + 1000)
      return fc.integer({ min, max })
    }
    case 'number':
      return fc.double({
        min: s.minimum ?? -1e6,
        max: s.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      })
    case 'boolean':
      return fc.boolean()
    case 'array': {
      const minLength = s.minItems ?? 0
      const maxLength = Math.min(s.maxItems ?? 3, minLength + 2)
      return fc.array(validOf(doc, s.items ?? {}, `${where}[]`, hint), { minLength, maxLength })
    }
    case 'object': {
      const props = s.properties ?? {}
      const shape: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, sub] of Object.entries(props)) shape[key] = validOf(doc, sub, `${where}.${key}`, hint)
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in props) })
    }
    default:
      return fc.constant(null)
  }
}
