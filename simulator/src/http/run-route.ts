import type { Ctx, SimResponse } from '../codat/context.js'
import { answering, codatError } from '../codat/errors.js'
import { resolveScope, type Scopes } from '../codat/scope.js'
import type { CodatRoute, RouteInput } from './codat-routes.js'

/**
 * Runs one Codat route: resolves what it needs (company, connection, account) from its path, then its
 * handler; a thrown `CodatError` is the answer, any other error a 500.
 */
export function runRoute(ctx: Ctx, route: CodatRoute, input: RouteInput): SimResponse {
  return answering(
    () =>
      route.run(ctx, {
        ...input,
        ...resolveScope(ctx, input.caller, route.needs, input.params),
      } as RouteInput & Scopes['account']),
    () => codatError(ctx, 500, 'An unexpected error occurred in the simulator.').response,
  )
}
