import { compareDecimal, toDecimal } from './decimal.js'

/**
 * Codat's query language (BEHAVIOUR §3.3): `field<op>value` clauses with `= != ~ > < >= <=`, combined with
 * `&&` (binds tighter) and `||`, grouped with `{ }`, dotted paths into nested objects (and any element of an
 * array). Values compare as numbers when both sides are numbers, as instants when both are dates, else as
 * case-sensitive strings.
 */
export type QueryNode =
  | { kind: 'and' | 'or'; items: QueryNode[] }
  | { kind: 'clause'; field: string; op: string; value: string }

/** A query Codat cannot parse or resolve; `message` is Codat's. */
export class QueryError extends Error {}

const OPS = ['!=', '>=', '<=', '=', '~', '>', '<'] as const

/** Parses a query into its tree; throws on malformed text. */
export function parseQuery(text: string): QueryNode {
  let pos = 0
  const src = text
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos] ?? '')) pos++
  }
  const parseOr = (): QueryNode => {
    const items = [parseAnd()]
    for (;;) {
      ws()
      if (!src.startsWith('||', pos)) break
      pos += 2
      items.push(parseAnd())
    }
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'or', items }
  }
  const parseAnd = (): QueryNode => {
    const items = [parsePrimary()]
    for (;;) {
      ws()
      if (!src.startsWith('&&', pos)) break
      pos += 2
      items.push(parsePrimary())
    }
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'and', items }
  }
  const parsePrimary = (): QueryNode => {
    ws()
    if (src[pos] === '{') {
      pos++
      const inner = parseOr()
      ws()
      if (src[pos] !== '}') throw new QueryError('missing }')
      pos++
      return inner
    }
    const fm = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(pos))
    if (!fm) throw new QueryError('expected a field')
    const field = fm[0]
    pos += field.length
    ws()
    const op = OPS.find((o) => src.startsWith(o, pos))
    if (!op) throw new QueryError('expected an operator')
    pos += op.length
    let end = pos
    while (end < src.length && !src.startsWith('&&', end) && !src.startsWith('||', end) && src[end] !== '}')
      end++
    let value = src.slice(pos, end).trim()
    pos = end
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1)
    if (value === '' || /^[=<>~!]/.test(value)) throw new QueryError('expected a value')
    return { kind: 'clause', field, op, value }
  }
  const node = parseOr()
  ws()
  if (pos !== src.length) throw new QueryError('unexpected input')
  return node
}

/** Every field a query names. */
export function queryFields(node: QueryNode): string[] {
  return node.kind === 'clause' ? [node.field] : node.items.flatMap(queryFields)
}

function valuesAt(obj: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(obj) ? obj : [obj]
  if (Array.isArray(obj)) return obj.flatMap((o) => valuesAt(o, path))
  if (obj === null || typeof obj !== 'object') return []
  const [head, ...rest] = path
  return valuesAt((obj as Record<string, unknown>)[head as string], rest)
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(T.*)?$/

function dateMs(text: string): number | undefined {
  if (!DATE_LIKE.test(text)) return undefined
  const ms = Date.parse(
    text.length === 10 ? `${text}T00:00:00Z` : /[Zz]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`,
  )
  return Number.isFinite(ms) ? ms : undefined
}

function compareValues(actual: unknown, wanted: string): number | undefined {
  if (typeof actual === 'number' || (typeof actual === 'string' && toDecimal(actual) !== undefined)) {
    const a = toDecimal(actual)
    const b = toDecimal(wanted)
    if (a !== undefined && b !== undefined) return compareDecimal(a, b)
  }
  if (typeof actual === 'string') {
    const a = dateMs(actual)
    const b = dateMs(wanted)
    if (a !== undefined && b !== undefined) return a - b
  }
  return undefined
}

function clauseMatches(actual: unknown, op: string, wanted: string): boolean {
  if (actual === null || actual === undefined) return op === '!='
  const text = typeof actual === 'object' ? JSON.stringify(actual) : String(actual)
  switch (op) {
    case '~':
      return typeof actual === 'string' && actual.includes(wanted)
    case '=': {
      const c = compareValues(actual, wanted)
      return c !== undefined ? c === 0 : text === wanted
    }
    case '!=': {
      const c = compareValues(actual, wanted)
      return c !== undefined ? c !== 0 : text !== wanted
    }
    default: {
      const c = compareValues(actual, wanted)
      if (c === undefined) return false
      return op === '>' ? c > 0 : op === '<' ? c < 0 : op === '>=' ? c >= 0 : c <= 0
    }
  }
}

/** Whether a record satisfies the query; `resolve` maps a field to its path in the record. */
export function matches(node: QueryNode, obj: unknown, resolve: (field: string) => string[]): boolean {
  if (node.kind !== 'clause') {
    return node.kind === 'and'
      ? node.items.every((n) => matches(n, obj, resolve))
      : node.items.some((n) => matches(n, obj, resolve))
  }
  const values = valuesAt(obj, resolve(node.field))
  if (values.length === 0) return node.op === '!='
  return node.op === '!='
    ? values.every((v) => clauseMatches(v, '!=', node.value))
    : values.some((v) => clauseMatches(v, node.op, node.value))
}

/** Sort key comparison for `orderBy`: nulls first, numbers numerically, everything else as text. */
export function compareForOrder(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const sa = String(a)
  const sb = String(b)
  const da = dateMs(sa)
  const db = dateMs(sb)
  if (da !== undefined && db !== undefined) return da - db
  return sa < sb ? -1 : sa > sb ? 1 : 0
}
