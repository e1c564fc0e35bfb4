import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** What a portal token grants: one company of one tenant, until `expiresAt`. */
export interface PortalClaims {
  /** Random id, claimed once (see `PagesPorts.claimPortalToken`). */
  readonly tokenId: string
  readonly tenant: string
  readonly companyId: string
  /** Epoch milliseconds. */
  readonly expiresAt: number
}

/** Why a token was refused (all show the same page: "ask your bank for a new link"). */
export type PortalTokenRefusal = 'malformed' | 'bad_signature' | 'expired'

/** Signs and checks portal tokens; shared by the `/v1` route that issues them and the pages. */
export interface PortalTokens {
  /** Lifetime of a new token in milliseconds. */
  readonly ttlMs: number
  issue(tenant: string, companyId: string): { token: string; claims: PortalClaims }
  verify(token: string): { ok: true; claims: PortalClaims } | { ok: false; reason: PortalTokenRefusal }
}

const b64 = (buf: Buffer): string => buf.toString('base64url')

/**
 * HMAC-SHA256-signed tokens `<payload>.<signature>` (base64url). The payload holds ids only (a tenant
 * hash, a company id, a random token id, an expiry), no secret; signatures are compared in constant
 * time. Give every server process the same `secret` so a link issued by one opens on another.
 *
 * @example
 * const tokens = createPortalTokens({ secret: process.env.FEEDSYNC_PORTAL_SECRET })
 * const { token } = tokens.issue(tenant, companyId) // → /app/portal/<token>
 */
export function createPortalTokens(
  options: { secret?: string | Buffer; ttlMs?: number; now?: () => number } = {},
): PortalTokens {
  const secret = options.secret ?? randomBytes(32)
  if (Buffer.byteLength(secret) < 32) throw new Error('The portal token secret must be at least 32 bytes.')
  const ttlMs = options.ttlMs ?? 15 * 60_000
  const now = options.now ?? Date.now
  const sign = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest()

  return {
    ttlMs,
    issue(tenant, companyId) {
      const claims: PortalClaims = {
        tokenId: b64(randomBytes(16)),
        tenant,
        companyId,
        expiresAt: now() + ttlMs,
      }
      const payload = b64(
        Buffer.from(JSON.stringify({ t: claims.tokenId, n: tenant, c: companyId, e: claims.expiresAt })),
      )
      return { token: `${payload}.${b64(sign(payload))}`, claims }
    },
    verify(token) {
      const parts = token.split('.')
      const [payload, signature] = parts
      if (parts.length !== 2 || payload === undefined || signature === undefined || token.length > 2000) {
        return { ok: false, reason: 'malformed' }
      }
      const given = Buffer.from(signature, 'base64url')
      const expected = sign(payload)
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'bad_signature' }
      }
      const claims = parseClaims(Buffer.from(payload, 'base64url').toString('utf8'))
      if (claims === undefined) return { ok: false, reason: 'malformed' }
      if (claims.expiresAt <= now()) return { ok: false, reason: 'expired' }
      return { ok: true, claims }
    },
  }
}

function parseClaims(text: string): PortalClaims | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { t, n, c, e } = value as Record<string, unknown>
  if (typeof t !== 'string' || typeof n !== 'string' || typeof c !== 'string' || typeof e !== 'number') {
    return undefined
  }
  return { tokenId: t, tenant: n, companyId: c, expiresAt: e }
}

/**
 * In-memory single use, for tests and a single process: `true` the first time a token id is
 * claimed. Production backs `claimPortalToken` with the event store (see adapters.ts).
 */
export function memoryPortalClaims(
  now: () => number = Date.now,
): (tokenId: string, expiresAt: string) => Promise<boolean> {
  const used = new Map<string, number>()
  return async (tokenId, expiresAt) => {
    const t = now()
    for (const [id, until] of used) if (until < t) used.delete(id)
    if (used.has(tokenId)) return false
    used.set(tokenId, Date.parse(expiresAt) || t)
    return true
  }
}
