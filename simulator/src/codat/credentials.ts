import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { codatError } from './errors.js'
import { emit } from './events.js'
import { platformOf } from './platform-of.js'
import type { ConnectionRec, CredentialRec } from './state.js'

/** A new one-time pair from the connection's platform; 400 when it is not linked by credentials. */
export function issueCredentials(ctx: Ctx, conn: ConnectionRec): CredentialRec {
  const platform = platformOf(ctx, conn)
  if (!platform.issueCredentials) {
    throw codatError(ctx, 400, `One-time credentials are not supported for ${platform.name}.`)
  }
  return platform.issueCredentials(ctx, conn)
}

/** POST .../connectionInfo/bankFeedAccounts/credentials: a new pair, in the connection's platform's format. */
export function generateCredentials(ctx: Ctx, conn: ConnectionRec): SimResponse {
  const cred = issueCredentials(ctx, conn)
  return ok(200, { username: cred.username, password: cred.password })
}

/** DELETE .../connectionInfo/bankFeedAccounts/credentials: every pair of the connection is revoked. */
export function deleteCredentials(ctx: Ctx, conn: ConnectionRec): SimResponse {
  let revoked = 0
  for (const c of conn.credentials) {
    if (c.revokedAt === null) {
      c.revokedAt = ctx.now
      revoked++
    }
  }
  emit(ctx.state, ctx.now, 'CredentialsRevoked', {
    companyId: conn.companyId,
    connectionId: conn.id,
    revoked,
  })
  return ok(204)
}
