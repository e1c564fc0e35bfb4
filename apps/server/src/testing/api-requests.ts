// Test support for the generative API test: the operations of the app's own OpenAPI document, valid
// requests built from their schemas, the slots a mutation can hit, and the request as app.inject sends it.
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { auth } from './harness.js'
import {
  type Hint,
  type JsonSchema,
  jsonText,
  RawNumber,
  resolve,
  typesOf,
  validOf,
} from './schema-arbitrary.js'

export interface Parameter {
  readonly in: 'path' | 'query' | 'header'
  readonly name: string
  readonly required: boolean
  readonly schema: JsonSchema
}

/** One operation of the OpenAPI document (`POST /v1/companies/{companyId}/credentials`). */
export interface Operation {
  readonly id: string
  readonly method: string
  readonly path: string
  readonly params: readonly Parameter[]
  readonly body: JsonSchema | undefined
  /** The body schema admits `null`: an empty body (read as `null`) is a valid request. */
  readonly bodyNullable: boolean
  readonly secured: boolean
}

/** The document the app serves and its operations, in document order. */
export function operationsOf(app: FastifyInstance): { doc: unknown; operations: Operation[] } {
  const doc = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> }
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, o] of Object.entries(methods)) {
      const body = o.requestBody?.content?.['application/json']?.schema
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: (o.parameters ?? []).map((p) => ({ ...p, required: p.required === true })),
        body,
        bodyNullable: body !== undefined && typesOf(doc, body).has('null'),
        secured: (o.security ?? []).length > 0,
      })
    }
  }
  return { doc, operations }
}

interface OpenApiOperation {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }[]
  requestBody?: { content?: Record<string, { schema: JsonSchema }> }
  security?: unknown[]
}

/** A request before it goes on the wire. `undefined` body: none sent. Raw fields override the built ones. */
export interface ApiRequest {
  readonly op: Operation
  path: Record<string, string>
  query: Record<string, string>
  headers: Record<string, string>
  body: unknown
  /** Overrides the mutation's `must` when the mutation could not apply (no string to spoil). */
  must?: boolean
  /** Edits the built url (bad escapes, path shapes). */
  urlEdit?: (url: string) => string
  rawBody?: string | Buffer
  contentType?: string | null
  authorization?: string | null
  method?: string
}

const wire = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

/** Valid requests of `op`: every required parameter, some optional ones, a valid body. */
export function validRequest(doc: unknown, op: Operation, hint: Hint): fc.Arbitrary<ApiRequest> {
  const group = (where: Parameter['in']) => {
    const shape: Record<string, fc.Arbitrary<unknown>> = {}
    const params = op.params.filter((p) => p.in === where)
    for (const p of params) shape[p.name] = validOf(doc, p.schema, `${where}.${p.name}`, hint)
    const requiredKeys = params.filter((p) => p.required).map((p) => p.name)
    return fc.record(shape, { requiredKeys }).map((r) => {
      const out: Record<string, string> = {}
      for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = wire(v)
      return out
    })
  }
  const body = op.body === undefined ? fc.constant(undefined) : validOf(doc, op.body, 'body', hint)
  return fc
    .record({ path: group('path'), query: group('query'), headers: group('header'), body })
    .map((r) => ({ op, ...r }))
}

/** Where a mutation can hit: a parameter, or a value inside the body (`[]` is the body itself). */
export interface Slot {
  readonly in: 'path' | 'query' | 'header' | 'body'
  readonly name: string
  readonly pointer: readonly (string | number)[]
  readonly schema: JsonSchema
  readonly required: boolean
}

/** Every slot of an operation: its parameters, then every value its body schema describes. */
export function slotsOf(doc: unknown, op: Operation): Slot[] {
  const slots: Slot[] = op.params.map((p) => ({ ...p, pointer: [p.name] }))
  const walk = (schema: JsonSchema, pointer: (string | number)[], name: string, required: boolean) => {
    const s = resolve(doc, schema)
    slots.push({ in: 'body', name, pointer, schema: s, required })
    const object = [s, ...(s.anyOf ?? s.oneOf ?? [])].map((a) => resolve(doc, a)).find((a) => a.properties)
    for (const [key, sub] of Object.entries(object?.properties ?? {})) {
      walk(sub, [...pointer, key], key, (object?.required ?? []).includes(key))
    }
    if (s.type === 'array' && s.items !== undefined) walk(s.items, [...pointer, 0], `${name}[]`, true)
  }
  if (op.body !== undefined) walk(op.body, [], 'body', !typesOf(doc, op.body).has('null'))
  return slots
}

/** Reads the value at a slot (undefined when absent). */
export function readSlot(req: ApiRequest, slot: Slot): unknown {
  if (slot.in !== 'body') return groupOf(req, slot.in)[slot.name]
  let at: unknown = req.body
  for (const key of slot.pointer) at = (at as Record<string | number, unknown> | undefined)?.[key]
  return at
}

/** A copy of `req` whose slot holds `value` (`DROP`: absent), creating the containers on the way. */
export function writeSlot(req: ApiRequest, slot: Slot, value: unknown): ApiRequest {
  const copy: ApiRequest = {
    ...req,
    path: { ...req.path },
    query: { ...req.query },
    headers: { ...req.headers },
  }
  if (slot.in !== 'body') {
    const group = groupOf(copy, slot.in)
    if (value === DROP) delete group[slot.name]
    else group[slot.name] = wire(value)
    return copy
  }
  if (slot.pointer.length === 0) {
    copy.body = value === DROP ? undefined : value
    return copy
  }
  copy.body = clone(req.body ?? {})
  if (copy.body === null || typeof copy.body !== 'object') copy.body = {}
  let at = copy.body as Record<string | number, unknown>
  for (const [i, key] of slot.pointer.slice(0, -1).entries()) {
    let next = at[key]
    if (next === null || typeof next !== 'object') {
      next = typeof slot.pointer[i + 1] === 'number' ? [] : {}
      at[key] = next
    }
    at = next as Record<string | number, unknown>
  }
  const last = slot.pointer[slot.pointer.length - 1] as string | number
  if (value === DROP) delete at[last]
  else if (last === '__proto__') Object.defineProperty(at, last, { value, enumerable: true })
  else at[last] = value
  return copy
}

export const DROP = Symbol('drop')

/** A deep copy that keeps `RawNumber`s and own `__proto__` keys. */
function clone(value: unknown): unknown {
  if (value instanceof RawNumber || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(clone)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const v = clone((value as Record<string, unknown>)[key])
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return out
}

function groupOf(req: ApiRequest, where: 'path' | 'query' | 'header'): Record<string, string> {
  return where === 'path' ? req.path : where === 'query' ? req.query : req.headers
}

/**
 * Percent-encodes like encodeURIComponent, and a lone surrogate as the three bytes a careless client
 * would send (WTF-8: `%ED%A0%80` for U+D800), where encodeURIComponent throws.
 */
export function encodeSegment(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.charCodeAt(0)
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      const bytes = [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(ch)
  }
  return out
}

/** What app.inject is given: path parameters percent-encoded, the body as JSON text, Bearer auth. */
export function toInject(req: ApiRequest): InjectOptions {
  const path = req.op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeSegment(req.path[name] ?? ''))
  const query = Object.entries(req.query)
    .map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`)
    .join('&')
  const built = query === '' ? path : `${path}?${query}`
  const url = req.urlEdit === undefined ? built : req.urlEdit(built)
  const headers: Record<string, string> = { ...req.headers }
  if (req.op.secured && req.authorization !== null) {
    headers.authorization = req.authorization ?? auth().authorization
  }
  const payload = req.rawBody ?? (req.body === undefined ? undefined : jsonText(req.body))
  if (payload !== undefined && req.contentType !== null) {
    headers['content-type'] = req.contentType ?? 'application/json'
  }
  return {
    method: (req.method ?? req.op.method) as InjectOptions['method'],
    url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  }
}

/** The request in a failure message: method, url, headers and body (long strings cut). */
export function describeRequest(options: InjectOptions): string {
  const cut = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}…(${s.length} chars)` : s)
  const body = options.payload === undefined ? '' : `\n  body: ${cut(String(options.payload))}`
  const headers = { ...(options.headers as Record<string, string>) }
  if (headers.authorization !== undefined) headers.authorization = '<bearer>'
  return `${options.method} ${cut(String(options.url))}\n  headers: ${cut(JSON.stringify(headers))}${body}`
}
