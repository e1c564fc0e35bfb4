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
 * still resolves), exactly as far as the document declares it and no further:
 * - beside a `type`: `type: T` becomes `type: [T, 'null']` (and `null` joins an `enum`);
 * - beside a `$ref`, or on a schema without a `type` (a bare combinator): removed without effect, as
 *   OpenAPI 3.0.3 says (`nullable` only has effect with `type` in the same object; a `$ref`'s siblings are
 *   ignored) and as Codat's generated SDKs read it (`lastSync: {$ref: DateTime, nullable: true}` becomes
 *   `z.string().optional()`, which refuses `null`). Such a property without a value is absent, never null;
 *   a `$ref` to a schema that is itself nullable still accepts null through its target.
 * Example values are left untouched.
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
  if (node.nullable === undefined) return
  const nullable = node.nullable === true
  delete node.nullable
  const t = node.type
  if (!nullable || typeof node.$ref === 'string') return
  if (typeof t === 'string') {
    node.type = [t, 'null']
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null]
  } else if (Array.isArray(t)) {
    if (!t.includes('null')) node.type = [...t, 'null']
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null]
  }
}
