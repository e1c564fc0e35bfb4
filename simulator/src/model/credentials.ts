import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { emit } from './events.js'
import { type Caller, getConnection } from './lookup.js'
import type { ConnectionRec, CredentialRec } from './state.js'

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Mints a new one-time credential pair for QBO (`XXXX-XXXX-XXXX` / 16 alphanumerics); earlier pairs stay valid. */
export function issueCredentials(ctx: Ctx, conn: ConnectionRec): CredentialRec {
  const part = () => ctx.rng.fromAlphabet(UPPER_ALNUM, 4)
  const cred: CredentialRec = {
    username: `${part()}-${part()}-${part()}`,
    password: ctx.rng.fromAlphabet(ALNUM, 16),
    issuedAt: ctx.now,
    revokedAt: null,
  }
  conn.credentials.push(cred)
  emit(ctx.state, ctx.now, 'CredentialsIssued', {
    companyId: conn.companyId,
    connectionId: conn.id,
    username: cred.username,
  })
  return cred
}

export function generateCredentials(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): SimResponse {
  const cred = issueCredentials(ctx, getConnection(ctx, caller, companyId, connectionId))
  return ok(200, { username: cred.username, password: cred.password })
}

export function deleteCredentials(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  let revoked = 0
  for (const c of conn.credentials) {
    if (c.revokedAt === null) {
      c.revokedAt = ctx.now
      revoked++
    }
  }
  emit(ctx.state, ctx.now, 'CredentialsRevoked', { companyId, connectionId, revoked })
  return ok(204)
}

export function findCredential(conn: ConnectionRec, username: string): CredentialRec | undefined {
  return conn.credentials.find((c) => c.username === username)
}
