// Test support for the generative API test: the hostile values of issue 14, per slot of a request.
// Each mutation says whether the server MUST refuse it (`must`) or may take it (then only the
// invariants hold: no 5xx, problem+json on a refusal, nothing changed by a refusal).
import fc from 'fast-check'
import { type ApiRequest, DROP, readSlot, type Slot, writeSlot } from './api-requests.js'
import { enumOf, RawNumber, resolve, typesOf } from './schema-arbitrary.js'

/** One change to a valid request: its class (for the findings), whether it must be refused. */
export interface Mutation {
  readonly cls: string
  readonly must: boolean
  readonly label: string
  /** The index of the ingested line it hits (`?partial=true` refuses that line alone). */
  readonly line?: number
  apply(req: ApiRequest): ApiRequest
}

interface Value {
  cls: string
  must: boolean
  value: unknown
  /** Insert `value` (a string) into the valid string instead of replacing it. */
  insert?: number
}

/** An id: it is stored, compared and travels as one URL segment. */
const isIdLike = (slot: Slot) => slot.in === 'path' || slot.name === 'id' || /Id$/.test(slot.name)
const isDateLike = (slot: Slot) => /date$|^asOf$/i.test(slot.name)
const isDecimalLike = (doc: unknown, slot: Slot) =>
  /^(amount|balance|openingBalance|availableBalance)$/.test(slot.name) ||
  (typesOf(doc, slot.schema).has('string') && typesOf(doc, slot.schema).has('number'))
/** Header values Node can send (latin-1, no controls but tab). */
const sendable = (v: unknown) => typeof v === 'string' && /^[\t\x20-\x7e\x80-\xff]*$/.test(v)

const C0 = [...Array(32).keys()].filter((c) => c !== 0).map((c) => String.fromCharCode(c))
const BAD_DATES = [
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '2026-11-24T10:00:00+99:99',
  '2026-11-24T10:00:00+24:00',
  '2026-11-24T25:00:00Z',
  '0000-01-01',
  '9999-12-31',
  '20261124',
  '2026-11-24T10:00:00',
  'yesterday',
  '+002026-11-24',
  '2026-11-24 ',
  '2026-1-5',
]
const BAD_DECIMALS: Value[] = [
  ...['1e60', '-1e60', '12345678901234567890', '-12345678901234567890.12', '1e-60', '0.001'].map((v) => ({
    cls: 'decimal out of range / too precise',
    must: true,
    value: v,
  })),
  ...['NaN', 'Infinity', '', '1,00', '0x10', '--1', '1.2.3', '١٢'].map((v) => ({
    cls: 'decimal malformed',
    must: true,
    value: v,
  })),
  ...['1e60', '-1e60', '12345678901234567890', '1e-60', '1.0000000000000000000001'].map((v) => ({
    cls: 'decimal out of range / too precise',
    must: true,
    value: new RawNumber(v),
  })),
  ...['+1.00', '.5', '5.', '1.5e3', ' 1.00', '-0', '-0.00'].map((v) => ({
    cls: 'decimal unusual form',
    must: false,
    value: v,
  })),
]
const LENGTHS = [100, 101, 200, 201, 1000, 1001, 100_000]
const UNITS = ['a', 'é', '😀']
const UNICODE = [
  'e\u0301',
  '\u202eabc',
  'a\u200bb',
  '\ufeffx',
  '\uffff',
  'İ',
  '😀',
  '\u00a0',
  '\u2028',
  ' x ',
]

/** The hostile values of one slot, for the valid value `current`. */
function valuesOf(doc: unknown, slot: Slot): Value[] {
  const s = resolve(doc, slot.schema)
  const types = typesOf(doc, s)
  const out: Value[] = []
  const wireOnly = slot.in !== 'body'
  out.push({
    cls: slot.required ? 'required field dropped' : 'optional field dropped',
    must: slot.required,
    value: DROP,
  })
  // wrong JSON types (on the wire everything is a string: only non-string parameters can be wrong;
  // the first element is the type the value stands for)
  const wrong: [string, unknown][] = wireOnly
    ? [
        ['string', 'abc'],
        ['boolean', 'true'],
        ['string', '[1]'],
      ]
    : [
        ['number', 42],
        ['number', 1.5],
        ['boolean', true],
        ['null', null],
        ['array', []],
        ['object', {}],
        ['string', 'x'],
      ]
  for (const [type, value] of wrong) {
    // on the wire, a value is wrong unless the parameter takes strings or what it reads as ('true')
    const allowed = types.has(type) || types.size === 0 || (wireOnly && types.has('string'))
    if (!allowed) out.push({ cls: 'wrong type', must: true, value })
  }
  if (types.has('integer') || (types.has('number') && !types.has('string'))) {
    const min = s.minimum
    const max = s.maximum
    if (min !== undefined) out.push({ cls: 'number out of range', must: true, value: min - 1 })
    if (max !== undefined) out.push({ cls: 'number out of range', must: true, value: max + 1 })
    if (types.has('integer')) out.push({ cls: 'non-integer for integer', must: true, value: 1.5 })
    out.push({
      cls: 'number out of range',
      must: max !== undefined,
      value: wireOnly ? '99999999999999999999' : 1e60,
    })
    out.push({ cls: 'number malformed', must: true, value: wireOnly ? 'NaN' : 'NaN' })
    out.push({ cls: 'number malformed', must: wireOnly, value: wireOnly ? '1.5e' : '1' })
  }
  const values = enumOf(doc, s)
  if (values !== undefined) {
    const first = String(values[0])
    for (const v of ['UNKNOWN', first.toUpperCase(), `${first} `, `${first}\u0000`]) {
      if (!values.includes(v)) out.push({ cls: 'unknown enum value', must: true, value: v })
    }
  }
  if (types.has('string') && values === undefined) {
    // a decimal or a date slot: no generic string is a decimal or a date
    const strict = isDecimalLike(doc, slot) || isDateLike(slot)
    // (leading or trailing white space in an amount is read as the amount: not a defect)
    const space = (v: Value) =>
      isDecimalLike(doc, slot) && typeof v.value === 'string' && /^[\t\n\v\f\r]$/.test(v.value)
    out.push(...stringValues(doc, slot).map((v) => (strict && !space(v) ? { ...v, must: true } : v)))
  }
  if (isDecimalLike(doc, slot)) out.push(...BAD_DECIMALS)
  if (types.has('array')) {
    out.push({ cls: 'array too short', must: (s.minItems ?? 0) > 0, value: [] })
  }
  return slot.in === 'header' ? out.filter((v) => v.value === DROP || sendable(v.value)) : out
}

function stringValues(doc: unknown, slot: Slot): Value[] {
  const s = resolve(doc, slot.schema)
  const id = isIdLike(slot)
  const max = s.maxLength ?? Infinity
  const min = s.minLength ?? 0
  const out: Value[] = [
    { cls: 'NUL', must: true, value: '\u0000', insert: 0 },
    { cls: 'lone surrogate', must: true, value: '\uD800', insert: 0 },
    { cls: 'lone surrogate', must: true, value: '\uDFFF', insert: 0 },
    ...C0.map((c) => ({ cls: 'C0 control', must: id, value: c, insert: 0 })),
    // in a path the URL parser resolves them (another route answers): only a body id must be refused
    { cls: 'dot segment', must: id && slot.in !== 'path', value: '.' },
    { cls: 'dot segment', must: id && slot.in !== 'path', value: '..' },
    ...['/', 'a/b', '%2F', 'a%2Fb', '../x', '\\', '?x', '#x'].map((v) => ({
      cls: 'slash or URL syntax',
      must: false,
      value: v,
    })),
    { cls: 'empty string', must: min > 0, value: '' },
    ...UNICODE.map((v) => ({ cls: 'unicode oddity', must: false, value: v })),
  ]
  for (const unit of UNITS) {
    const lengths = [...LENGTHS, max, max + 1].filter((n) => Number.isFinite(n) && n > 0)
    for (const n of new Set(lengths)) {
      // maxLength counts code points; '😀' is one code point of two UTF-16 units
      out.push({
        cls: n > max ? 'string over its limit' : 'long string',
        must: n > max,
        value: unit.repeat(n),
      })
    }
  }
  if (s.pattern !== undefined && !isDateLike(slot)) {
    const re = new RegExp(s.pattern)
    for (const v of ['x', '2026-11-24x', '١٢٣٤-١٢-١٢'])
      if (!re.test(v)) out.push({ cls: 'pattern mismatch', must: true, value: v })
  }
  if (isDateLike(slot)) {
    out.push(...BAD_DATES.map((v) => ({ cls: 'bad date', must: true, value: v })))
  }
  return out
}

/**
 * The classes of hostile values of one slot, each an arbitrary of its mutations (one of the class's
 * values; the character classes inserted at a random place of the valid value). The generator runs
 * every class of every slot, so twenty lengths never crowd out the one NUL.
 */
export function classesOf(doc: unknown, slot: Slot): { cls: string; mutation: fc.Arbitrary<Mutation> }[] {
  const byClass = new Map<string, Value[]>()
  for (const v of valuesOf(doc, slot)) byClass.set(v.cls, [...(byClass.get(v.cls) ?? []), v])
  return [...byClass].map(([cls, values]) => ({
    cls,
    mutation: fc
      .tuple(fc.constantFrom(...values), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([v, at]) => mutationOf(slot, v, at)),
  }))
}

function mutationOf(slot: Slot, v: Value, at: number): Mutation {
  const where = `${slot.in}.${slot.pointer.join('.')}`
  const shown = v.value === DROP ? '(dropped)' : show(v.value)
  const label = `${v.cls}: ${where} = ${shown}${v.insert === undefined ? '' : ' (inserted)'}`
  const mutation = {
    cls: v.cls,
    must: v.must,
    label,
    ...lineOf(slot.pointer),
    apply(req: ApiRequest) {
      if (v.insert === undefined) return writeSlot(req, slot, v.value)
      const current = readSlot(req, slot)
      const text = typeof current === 'string' && current.length > 0 ? current : 'x'
      const i = Math.floor(at * (text.length + 1))
      return writeSlot(req, slot, text.slice(0, i) + String(v.value) + text.slice(i))
    },
    [fc.toStringMethod]: () => label,
  }
  return mutation
}

/** Extra properties on an object of the body: unknown keys are ignored, prototype keys refused. */
export function extraPropertyOf(slot: Slot): fc.Arbitrary<Mutation> {
  const keys: [string, boolean][] = [
    ['extra', false],
    ['x'.repeat(300), false],
    ['', false],
    ['\u0000', false],
    ['__proto__', true],
    ['constructor', true],
  ]
  return fc
    .tuple(fc.constantFrom(...keys), fc.constantFrom<unknown>('x', 1, null, {}, { isAdmin: true }))
    .map(([[key, must], value]) => {
      const pointer = [...slot.pointer, key]
      const label = `extra property: body.${pointer.join('.').slice(0, 60)} = ${show(value)}`
      return {
        cls: must ? 'prototype key' : 'extra property',
        must,
        label,
        ...lineOf(slot.pointer),
        apply: (req: ApiRequest) =>
          readSlot(req, slot) === undefined && slot.pointer.length > 0
            ? req
            : writeSlot(req, { ...slot, pointer, name: key }, value),
        [fc.toStringMethod]: () => label,
      }
    })
}

const lineOf = (pointer: readonly (string | number)[]) =>
  pointer[0] === 'transactions' && typeof pointer[1] === 'number' ? { line: pointer[1] } : {}

export function show(value: unknown): string {
  const text = value instanceof RawNumber ? value.text : (JSON.stringify(value) ?? String(value))
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text
}
