/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
/** A JSON object. */
export type JsonObject = { [k: string]: Json }

/** A JSON object (not null, not an array). */
export function isObj(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Rewrites OpenAPI 3.0 `nullable: true` into JSON Schema in place (so every JSON pointer into the document
 * still resolves): `type: T` becomes `type: [T, 'null']` (and `null` joins an `enum`), a `$ref` becomes
 * `anyOf: [{ $ref }, { type: 'null' }]`, and a typeless combinator is wrapped the same way. Example values
 * are left untouched.
 */
export function rewriteNullable(node: Json): void {
  if (Array.isArray(node)) {
    for (const x of node) rewriteNullable(x)
    return
  }
  if (!isObj(node)) return
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples') continue
    rewriteNullable(v)
  }
  if (node.nullable !== true) return
  delete node.nullable
  const t = node.type
  if (typeof t === 'string') {
    node.type = [t, 'null']
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null]
  } else if (Array.isArray(t)) {
    if (!t.includes('null')) node.type = [...t, 'null']
  } else if (typeof node.$ref === 'string') {
    node.anyOf = [{ $ref: node.$ref }, { type: 'null' }]
    delete node.$ref
  } else {
    const inner: JsonObject = {}
    for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
      if (node[k] !== undefined) {
        inner[k] = node[k] as Json
        delete node[k]
      }
    }
    if (Object.keys(inner).length > 0) node.anyOf = [inner, { type: 'null' }]
  }
}
