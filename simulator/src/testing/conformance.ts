import { existsSync, readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { CODAT_ROUTES } from '../http/codat-routes.js'
import { matchRoute, splitUrl } from '../http/request.js'

/**
 * Validates Codat responses against the official OpenAPI documents in `../shared/codat/`:
 * the current routes against Codat-Bank-Feeds.json, the 2023 routes against Codat-Bank-Feeds-2023-08.json.
 * The documents use OpenAPI 3.0's `nullable`, rewritten here to JSON Schema before compiling.
 */
const SHARED = new URL('../../../../shared/codat/', import.meta.url)

type Json = Record<string, unknown>
type Op = { responses: Record<string, Json> }

function rewriteNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteNullable)
  if (!node || typeof node !== 'object') return node
  const o: Json = {}
  for (const [k, v] of Object.entries(node as Json)) o[k] = rewriteNullable(v)
  if (o.nullable === true) {
    delete o.nullable
    if (typeof o.type === 'string') {
      o.type = [o.type, 'null']
      if (Array.isArray(o.enum)) o.enum = [...o.enum, null]
    } else return { anyOf: [o, { type: 'null' }] }
  } else if (o.nullable === false) delete o.nullable
  return o
}

interface Doc {
  ops: Map<string, Op>
  /** Compiles a schema taken from the document (its `#/...` refs point into the document). */
  compile: (schema: unknown) => ValidateFunction
}

function prefixRefs(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((n) => prefixRefs(n, id))
  if (!node || typeof node !== 'object') return node
  const o: Json = {}
  for (const [k, v] of Object.entries(node as Json)) {
    o[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${id}${v}` : prefixRefs(v, id)
  }
  return o
}

function loadDoc(file: string, id: string): Doc {
  const raw = JSON.parse(readFileSync(new URL(file, SHARED), 'utf8')) as Json
  const doc = rewriteNullable(raw) as Json & {
    paths: Record<string, Record<string, Op & { operationId?: string }>>
  }
  doc.$id = id
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
  const addFormats = addFormatsModule as unknown as (a: Ajv) => void
  addFormats(ajv)
  for (const f of ['decimal', 'ISO4217', 'int32', 'int64', 'double']) ajv.addFormat(f, true)
  ajv.addSchema(doc)
  const ops = new Map<string, Op>()
  for (const item of Object.values(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === 'object' && typeof op.operationId === 'string' && method !== 'parameters') {
        ops.set(op.operationId, op)
      }
    }
  }
  const cache = new Map<unknown, ValidateFunction>()
  return {
    ops,
    compile: (schema) => {
      let v = cache.get(schema)
      if (!v) {
        v = ajv.compile(prefixRefs(schema, id) as Json)
        cache.set(schema, v)
      }
      return v
    },
  }
}

let docs: { current: Doc; '2023': Doc } | null | undefined

/** `null` (with the reason printed once) when `../shared/codat` is absent. */
function load() {
  if (docs !== undefined) return docs
  if (!existsSync(new URL('Codat-Bank-Feeds.json', SHARED))) {
    console.log('conformance checks skipped: ../shared/codat/Codat-Bank-Feeds.json is absent')
    docs = null
    return docs
  }
  docs = {
    current: loadDoc('Codat-Bank-Feeds.json', 'bf'),
    '2023': loadDoc('Codat-Bank-Feeds-2023-08.json', 'bf23'),
  }
  return docs
}

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorMessage' }

/** Whether the OpenAPI documents are present (conformance checks run only then). */
export function conformanceAvailable(): boolean {
  return load() !== null
}

/**
 * Throws when a Codat response does not conform: an undeclared 2xx, a body on a body-less response, or a
 * body that fails the declared schema (undeclared error statuses are checked against ErrorMessage).
 */
export function assertConforms(method: string, url: string, status: number, body: unknown): void {
  const d = load()
  if (!d) return
  const { path } = splitUrl(url)
  const m = matchRoute(CODAT_ROUTES, method, path)
  if (m.kind !== 'found') return
  const doc = d[m.value.surface]
  const id = m.value.operationId
  const op = doc.ops.get(id)
  if (!op) throw new Error(`operation ${id} is not in the OpenAPI document`)
  let res = op.responses[String(status)]
  if (res && typeof res.$ref === 'string') {
    res = {
      content: { 'application/json': { schema: { $ref: `${res.$ref}/content/application~1json/schema` } } },
    }
  }
  let schema: unknown
  if (!res) {
    if (status < 400) throw new Error(`${method} ${url}: status ${status} is not declared for ${id}`)
    schema = ERROR_SCHEMA
  } else {
    const content = (res as { content?: Record<string, { schema?: unknown }> }).content
    if (!content) {
      if (body !== undefined) throw new Error(`${method} ${url}: ${status} must have no body`)
      return
    }
    schema = content['application/json']?.schema ?? Object.values(content)[0]?.schema ?? {}
  }
  const validate = doc.compile(schema)
  // The document's list responses are `oneOf` two array schemas, which an empty array matches twice; the
  // real service answers `[]` too, so that one ambiguity is accepted.
  const emptyListAmbiguity = Array.isArray(body) && body.length === 0
  if (!validate(body) && !emptyListAmbiguity) {
    throw new Error(
      `${method} ${url} (${id} ${status}) does not match the OpenAPI document: ${JSON.stringify(validate.errors?.slice(0, 5))}\nbody: ${JSON.stringify(body).slice(0, 600)}`,
    )
  }
}
