import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ServiceError } from '../errors.js'
import { sha256, tenantOf } from '../streams.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant of the request's API key (a hash of it, never the key). */
    tenant: string
  }
}

/**
 * Bearer API keys: each configured key is a tenant. Compared in constant time over hashes, so
 * neither the key's length nor content leaks through timing.
 */
export function bearerAuth(apiKeys: readonly string[]) {
  const known = apiKeys.map((k) => ({ digest: Buffer.from(sha256(k), 'hex'), tenant: tenantOf(k) }))
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
    if (m === null)
      throw new ServiceError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.')
    const digest = Buffer.from(sha256(m[1] ?? ''), 'hex')
    let tenant: string | undefined
    for (const k of known) if (timingSafeEqual(k.digest, digest)) tenant = k.tenant
    if (tenant === undefined) throw new ServiceError('unauthorized', 'The API key is not valid.')
    request.tenant = tenant
  }
}
