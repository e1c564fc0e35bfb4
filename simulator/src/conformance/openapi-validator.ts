import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { isObj, type Json, type JsonObject, rewriteNullable } from './rewrite-nullable.js'

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

/** The operation a request reaches in an OpenAPI document. */
export interface OperationMatch {
  operationId: string
  /** The document's path template, e.g. `/companies/{companyId}`. */
  template: string
  method: string
}

/** Outcome of checking one response against the document. */
export interface ConformanceResult {
  valid: boolean
  /** The document that answered (its name), when the operation was found. */
  document?: string
  operationId?: string
  /** The response key used: `200`, `4XX`, `default`, or `ErrorMessage` for the error fallback. */
  responseKey?: string
  /** Human-readable problems: `<instancePath> <message>` for schema errors. */
  errors: string[]
}

/** How `validate` treats what the document does not declare. */
export interface ValidateOptions {
  /**
   * A 4xx/5xx status the operation does not declare: `fail` (default) reports it; `error-message`
   * validates the body against `#/components/schemas/ErrorMessage` instead and records the fallback in
   * `responseKey`. For statuses Codat documents outside the OpenAPI file (405, Idempotency-Key 409/422).
   */
  undeclaredError?: 'fail' | 'error-message'
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const

/** A `oneOf` at the body's root that failed because several branches matched (not because none did). */
function isAmbiguousRootOneOf(e: ErrorObject): boolean {
  const passing = (e.params as { passingSchemas?: unknown }).passingSchemas
  return e.keyword === 'oneOf' && e.instancePath === '' && Array.isArray(passing) && passing.length > 1
}

function splitPath(path: string): string[] {
  const q = path.indexOf('?')
  const bare = q < 0 ? path : path.slice(0, q)
  return bare.replace(/\/+$/, '').split('/').slice(1)
}

/**
 * Validates responses against one OpenAPI 3.x document's response schemas, with ajv 8 (draft-07 mode,
 * `$ref`s resolved inside the document, `nullable` rewritten only where declared, formats checked).
 *
 * @example
 * const v = OpenApiValidator.fromFile('Codat-Bank-Feeds.json', 'current')
 * v.validate('GET', '/companies/8a1b...', 200, body) // { valid: true, operationId: 'get-company', ... }
 */
export class OpenApiValidator {
  readonly name: string
  private readonly doc: JsonObject
  private readonly ajv: Ajv
  private readonly compiled = new Map<string, ValidateFunction>()
  private readonly templates: { template: string; segs: string[]; literals: number }[]

  constructor(document: unknown, name: string) {
    this.name = name
    const doc = structuredClone(document) as Json
    if (!isObj(doc) || !isObj(doc.paths)) throw new Error(`${name}: not an OpenAPI document (no paths)`)
    rewriteNullable(doc)
    this.doc = doc
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
    addFormats(this.ajv)
    // Formats the Codat documents use beyond ajv-formats: accept, the schema's type still applies.
    this.ajv.addFormat('decimal', true)
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) })
    this.ajv.addFormat('ISO4217', /^[A-Z]{3}$/)
    this.ajv.addSchema(doc as object, this.id)
    this.templates = Object.keys(doc.paths)
      .map((template) => {
        const segs = splitPath(template)
        return { template, segs, literals: segs.filter((s) => !s.startsWith('{')).length }
      })
      // The most specific template first: `/syncs/latest` before `/syncs/{syncId}`.
      .sort((a, b) => b.literals - a.literals)
  }

  static fromFile(file: string, name: string): OpenApiValidator {
    return new OpenApiValidator(JSON.parse(readFileSync(file, 'utf8')), name)
  }

  private get id(): string {
    return `openapi:${this.name}`
  }

  /** Every (method, template, operationId) the document declares. */
  operations(): OperationMatch[] {
    const out: OperationMatch[] = []
    for (const [template, item] of Object.entries(this.doc.paths as JsonObject)) {
      if (!isObj(item)) continue
      for (const m of METHODS) {
        const op = item[m]
        if (isObj(op) && typeof op.operationId === 'string') {
          out.push({ operationId: op.operationId, template, method: m.toUpperCase() })
        }
      }
    }
    return out
  }

  /** The operation for a method and a concrete path (or a template); query strings are ignored. */
  findOperation(method: string, path: string): OperationMatch | undefined {
    const segs = splitPath(path)
    const m = method.toLowerCase()
    for (const t of this.templates) {
      if (t.segs.length !== segs.length) continue
      const fits = t.segs.every((p, i) => p === segs[i] || (p.startsWith('{') && (segs[i] ?? '') !== ''))
      if (!fits) continue
      const item = (this.doc.paths as JsonObject)[t.template]
      const op = isObj(item) ? item[m] : undefined
      if (isObj(op) && typeof op.operationId === 'string') {
        return { operationId: op.operationId, template: t.template, method: method.toUpperCase() }
      }
    }
    return undefined
  }

  private resolve(node: Json | undefined): Json | undefined {
    let cur = node
    for (let i = 0; i < 20 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
      cur = this.pointer(cur.$ref)
    }
    return cur
  }

  private pointer(ref: string): Json | undefined {
    if (!ref.startsWith('#/')) return undefined
    let cur: Json | undefined = this.doc
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
      cur = isObj(cur) ? cur[key] : Array.isArray(cur) ? cur[Number(key)] : undefined
    }
    return cur
  }

  private schemaValidator(pointer: string): ValidateFunction {
    let v = this.compiled.get(pointer)
    if (!v) {
      v = this.ajv.compile({ $ref: `${this.id}${pointer}` })
      this.compiled.set(pointer, v)
    }
    return v
  }

  /**
   * Checks one response: the operation exists, the status is declared (or falls back, see options), a body
   * is present exactly when the document gives content, and the body matches the schema.
   * `body` is the parsed JSON (`undefined` for an empty body).
   */
  validate(
    method: string,
    path: string,
    status: number,
    body: unknown,
    options: ValidateOptions = {},
  ): ConformanceResult {
    const op = this.findOperation(method, path)
    if (!op)
      return { valid: false, errors: [`${method.toUpperCase()} ${path}: no such operation in ${this.name}`] }
    const base = { document: this.name, operationId: op.operationId }
    const opPointer = `#/paths/${op.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}`
    const responses = this.resolve(this.pointer(`${opPointer}/responses`))
    if (!isObj(responses)) return { ...base, valid: false, errors: [`${op.operationId}: no responses`] }
    const keys = [String(status), `${String(status)[0]}XX`, 'default']
    const key = keys.find((k) => responses[k] !== undefined)
    let schemaPointer: string | undefined
    let responseKey: string
    if (key === undefined) {
      if (status >= 400 && options.undeclaredError === 'error-message') {
        schemaPointer = '#/components/schemas/ErrorMessage'
        responseKey = 'ErrorMessage'
      } else {
        return {
          ...base,
          valid: false,
          errors: [
            `${op.operationId}: HTTP ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`,
          ],
        }
      }
    } else {
      responseKey = key
      // Follow a `$ref` to components/responses while keeping a JSON pointer for ajv.
      let respPointer = `${opPointer}/responses/${key}`
      let resp = this.pointer(respPointer)
      for (let i = 0; i < 20 && isObj(resp) && typeof resp.$ref === 'string'; i++) {
        respPointer = resp.$ref
        resp = this.pointer(respPointer)
      }
      const content = isObj(resp) ? resp.content : undefined
      const json = isObj(content) ? (content['application/json'] ?? Object.values(content)[0]) : undefined
      if (isObj(json) && json.schema !== undefined) {
        const mediaKey =
          isObj(content) && content['application/json'] !== undefined ? 'application/json' : null
        if (mediaKey === null) {
          return {
            ...base,
            responseKey,
            valid: false,
            errors: [`${op.operationId} ${key}: no application/json content`],
          }
        }
        schemaPointer = `${respPointer}/content/application~1json/schema`
      }
    }
    if (schemaPointer === undefined) {
      return body === undefined
        ? { ...base, responseKey, valid: true, errors: [] }
        : {
            ...base,
            responseKey,
            valid: false,
            errors: [`${op.operationId} ${responseKey}: the document gives no body, got one`],
          }
    }
    if (body === undefined) {
      return {
        ...base,
        responseKey,
        valid: false,
        errors: [`${op.operationId} ${responseKey}: body expected, got none`],
      }
    }
    const errors = this.check(schemaPointer, body)
    return { ...base, responseKey, valid: errors.length === 0, errors }
  }

  /**
   * Schema errors of `body` against the schema at a JSON pointer into the document (`[]` when valid).
   *
   * One special case: Codat's list responses (e.g. list-source-accounts) are `oneOf` two array schemas
   * (v2 items, v1 items), which an empty array matches twice, so strict `oneOf` rejects `[]`. The real
   * service answers `[]` for an empty list, so an empty array is accepted when the ONLY errors are
   * top-level `oneOf` failures with more than one passing branch; any other error still counts.
   */
  check(schemaPointer: string, body: unknown): string[] {
    const v = this.schemaValidator(schemaPointer)
    const emptyArray = Array.isArray(body) && body.length === 0
    if (v(body)) return []
    const errors = v.errors ?? []
    if (emptyArray && errors.length > 0 && errors.every(isAmbiguousRootOneOf)) {
      return []
    }
    return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'} (${e.schemaPath})`)
  }
}
