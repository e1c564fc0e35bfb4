/**
 * A plain JSON object (not null, not an array): the shape check every request body starts with.
 *
 * @example isObject({ a: 1 }) // true; isObject([1]) // false
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
