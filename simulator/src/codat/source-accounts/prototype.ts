import { isObject } from '../../kernel/objects.js'
import type { Ctx } from '../context.js'
import type { Problem } from '../errors.js'
import type { SourceAccountRec } from '../state.js'
import { readFields, type Shape, V2_TYPES, writableNames } from './schema.js'

/** Read-only fields a client may echo back; accepted and ignored on create. */
const IGNORED = ['status', 'feedStartDate']
const V2_REQUIRED = ['id', 'accountName', 'accountType', 'accountNumber', 'currency', 'balance']

/** Chooses v1 or v2 for a create body (setting `sourceAccountSchema`, BEHAVIOUR §6.1). */
export function shapeFor(mode: 'v1' | 'v2' | 'auto', body: Record<string, unknown>): Shape {
  if (mode !== 'auto') return mode
  if ('routingInfo' in body || 'accountInfo' in body) return 'v2'
  return V2_REQUIRED.every((k) => body[k] !== undefined && body[k] !== null) &&
    V2_TYPES.includes(String(body.accountType))
    ? 'v2'
    : 'v1'
}

/**
 * Validates a create prototype against the schema of its shape; returns the new record (status pending)
 * or the problems. `mode` defaults to the `sourceAccountSchema` setting.
 */
export function readPrototype(
  ctx: Ctx,
  body: unknown,
  mode: 'v1' | 'v2' | 'auto' = ctx.opts.sourceAccountSchema,
): { account?: SourceAccountRec; problems: Problem[] } {
  const problems: Problem[] = []
  if (!isObject(body))
    return { problems: [{ itemId: null, message: 'A source account object is required.' }] }
  const schema = shapeFor(mode, body)
  const allowed = writableNames(schema)
  for (const k of Object.keys(body)) {
    if (!allowed.includes(k) && !IGNORED.includes(k)) {
      problems.push({ itemId: k, message: `Unknown property ${k} on source account (${schema}).` })
    }
  }
  const d = readFields(body, schema, problems)
  if (problems.length || d.id === undefined) return { problems }
  return {
    problems,
    account: {
      id: d.id,
      schema,
      accountName: d.accountName ?? null,
      accountType: d.accountType ?? null,
      accountNumber: d.accountNumber ?? null,
      sortCode: d.sortCode ?? null,
      currency: d.currency ?? null,
      balance: d.balance ?? null,
      routingInfo: d.routingInfo ?? null,
      accountInfo: d.accountInfo ?? null,
      modifiedDate: ctx.now,
      status: 'pending',
      feedStartDate: null,
      linkedWith: null,
      qbo: null,
      lines: [],
      newestDay: null,
      pullCursor: 0,
      firstWriteAt: null,
    },
  }
}
