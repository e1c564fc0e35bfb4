import type { Ctx } from '../../codat/context.js'
import { emit } from '../../codat/events.js'
import type { ConnectionRec, CredentialRec, SourceAccountRec } from '../../codat/state.js'

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

/** Whether the pair an account was linked with in QBO has been revoked (rule Q12). */
export function linkRevoked(conn: ConnectionRec, a: SourceAccountRec): boolean {
  return a.linkedWith !== null && conn.credentials.find((c) => c.username === a.linkedWith)?.revokedAt != null
}

/** Whether the pair an account was linked with is still valid (QBO pulls only then). */
export function linkValid(conn: ConnectionRec, a: SourceAccountRec): boolean {
  const cred = conn.credentials.find((c) => c.username === a.linkedWith)
  return !!cred && cred.revokedAt === null
}
