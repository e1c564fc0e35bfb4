import type { Ctx, Platform } from './context.js'
import { codatError } from './errors.js'
import type { ConnectionRec } from './state.js'

/** The platform a connection was created for; a state naming an unknown one answers 500. */
export function platformOf(ctx: Ctx, conn: Pick<ConnectionRec, 'platformKey'>): Platform {
  const p = ctx.platforms[conn.platformKey]
  if (!p) throw codatError(ctx, 500, `No platform ${conn.platformKey} in this simulator.`)
  return p
}
