import { type ListQuery, type ListSpec, PagingError, paginate } from '../kernel/paging.js'
import { type Ctx, ok, type SimResponse } from './context.js'
import { codatError } from './errors.js'

/** Codat's paging envelope over rendered records; a refused page, query or orderBy is a 400 (BEHAVIOUR §3). */
export function listPage(
  ctx: Ctx,
  items: unknown[],
  spec: ListSpec,
  path: string,
  q: ListQuery,
): SimResponse {
  try {
    return ok(200, paginate(items, spec, path, q))
  } catch (e) {
    if (e instanceof PagingError) throw codatError(ctx, 400, e.message || undefined)
    throw e
  }
}
