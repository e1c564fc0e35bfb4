import { compareForOrder, matches, parseQuery, QueryError, queryFields } from './query.js'

/** Which properties of a listed type can be queried / ordered by (BEHAVIOUR §3.3, §3.4). */
export interface ListSpec {
  typeName: string
  fields: string[]
  /** Top-level fields whose nested properties may be reached with dotted paths. */
  nested?: string[]
  /** Company lists: a bare unknown name is a tag filter (`region = uk`). */
  bareAsTag?: boolean
}

/** The query string of a list request (`page`, `pageSize`, `query`, `orderBy`, ...). */
export type ListQuery = Record<string, string | undefined>

/** A list request the paging rules refuse (bad page, pageSize, query or orderBy); `message` is Codat's. */
export class PagingError extends Error {}

/** Codat's paging envelope (BEHAVIOUR §3.2). */
export interface Page {
  results: unknown[]
  pageNumber: number
  pageSize: number
  totalResults: number
  _links: Record<string, { href: string }>
}

function resolver(spec: ListSpec, allowTags: boolean) {
  return (field: string): string[] => {
    const path = field.split('.')
    const head = path[0] ?? ''
    if (path.length === 1 && spec.fields.includes(head)) return path
    if (path.length > 1 && (spec.nested ?? []).includes(head)) return path
    if (path.length === 1 && spec.bareAsTag && allowTags) return ['tags', head]
    throw new QueryError(`Error parsing query - Could not resolve property ${field} on ${spec.typeName}`)
  }
}

/** Largest `int32`, the format of `page` and `pageSize` in Codat's document. */
const INT32_MAX = 2_147_483_647

/**
 * A query integer within `[min, max]`, or undefined: digits only (no sign, fraction, exponent or blank),
 * so `1.5`, `1e3`, `+1`, `page=` and a 20-digit page number are refused, never rounded or clamped.
 */
function intParam(v: string | undefined, dflt: number, min: number, max: number): number | undefined {
  if (v === undefined) return dflt
  if (!/^\d{1,10}$/.test(v)) return undefined
  const n = Number(v)
  return n >= min && n <= max ? n : undefined
}

function href(path: string, page: number, pageSize: number, q: ListQuery): string {
  const parts = [`page=${page}`, `pageSize=${pageSize}`]
  if (q.query) parts.push(`query=${encodeURIComponent(q.query)}`)
  if (q.orderBy) parts.push(`orderBy=${encodeURIComponent(q.orderBy)}`)
  return `${path}?${parts.join('&')}`
}

/**
 * Filter, order and page rendered records into Codat's paging envelope (BEHAVIOUR §3.2); throws a
 * `PagingError` for a request the rules refuse.
 *
 * @example paginate(companies, { typeName: 'Company', fields: ['id', 'name'] }, '/companies', { pageSize: '2' })
 */
export function paginate(items: unknown[], spec: ListSpec, path: string, q: ListQuery): Page {
  const page = intParam(q.page, 1, 1, INT32_MAX)
  const pageSize = intParam(q.pageSize, 100, 1, 5000)
  if (page === undefined)
    throw new PagingError(`The page parameter must be an integer between 1 and ${INT32_MAX}.`)
  if (pageSize === undefined) {
    throw new PagingError('The pageSize parameter must be an integer between 1 and 5000.')
  }
  const resolve = resolver(spec, true)
  let list = items
  try {
    if (q.query !== undefined && q.query !== '') {
      if (q.query.length >= 2048) throw new QueryError('Error parsing query - Malformed query.')
      let node: ReturnType<typeof parseQuery>
      try {
        node = parseQuery(q.query)
      } catch {
        throw new QueryError('Error parsing query - Malformed query.')
      }
      for (const f of queryFields(node)) resolve(f)
      list = list.filter((item) => matches(node, item, resolve))
    }
    if (q.orderBy !== undefined && q.orderBy !== '') {
      const desc = q.orderBy.startsWith('-')
      const field = desc ? q.orderBy.slice(1) : q.orderBy
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(field))
        throw new QueryError('Error parsing query - Malformed query.')
      const path = resolver(spec, false)(field)
      const keyOf = (o: unknown) =>
        path.reduce<unknown>(
          (acc, k) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[k] : undefined),
          o,
        )
      list = list
        .map((item, i) => ({ item, i, key: keyOf(item) }))
        .sort((a, b) => (desc ? compareForOrder(b.key, a.key) : compareForOrder(a.key, b.key)) || a.i - b.i)
        .map((x) => x.item)
    }
  } catch (e) {
    if (e instanceof QueryError) throw new PagingError(e.message)
    throw e
  }
  const total = list.length
  const results = list.slice((page - 1) * pageSize, page * pageSize)
  const links: Record<string, { href: string }> = {
    self: { href: path },
    current: { href: href(path, page, pageSize, q) },
  }
  if (page * pageSize < total) links.next = { href: href(path, page + 1, pageSize, q) }
  if (page > 1) links.previous = { href: href(path, page - 1, pageSize, q) }
  return { results, pageNumber: page, pageSize, totalResults: total, _links: links }
}
