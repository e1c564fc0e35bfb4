import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ServiceError } from '../errors.js'
import { sha256, tenantOf } from '../streams.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant of the request's API key (a hash of it, never the key). */
    tenant: string
  }
  interface FastifyInstance {
    /** Failed authentications counted per client address (`installAuthFailureLimit`). */
    authFailureLimit?: AuthFailureLimit
  }
}

/** Failed authentications per client address: past the budget, every request of that address gets 429. */
export interface AuthFailureLimit {
  /** Seconds until the request's address may try again when it has used its budget; else undefined. */
  blocked(request: FastifyRequest): Promise<number | undefined>
  /** Counts one failed authentication of the request's address. */
  failed(request: FastifyRequest): Promise<void>
  readonly perMinute: number
}

/**
 * Decorates `app` (the root, after `@fastify/rate-limit` is registered) with the failed-authentication
 * budget `bearerAuth` consults: `perMinute` failures per client address per minute, in a bucket of
 * its own (apart from the per-key request bucket), so rotating wrong keys does not escape it.
 *
 * @example
 * await app.register(rateLimit, { ... }); installAuthFailureLimit(app, 30)
 */
export function installAuthFailureLimit(app: FastifyInstance, perMinute: number): void {
  const bucket = app.createRateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `auth-failures|${request.ip}`,
  })
  app.decorate('authFailureLimit', {
    perMinute,
    async blocked(request: FastifyRequest) {
      const state = await bucket(request, { increment: false })
      if (state.isAllowed || state.remaining > 0) return undefined
      return Math.max(1, state.ttlInSeconds)
    },
    async failed(request: FastifyRequest) {
      await bucket(request)
    },
  } satisfies AuthFailureLimit)
}

/**
 * Bearer API keys: each configured key is a tenant. Compared in constant time over hashes, so
 * neither the key's length nor content leaks through timing. A missing or wrong key counts against
 * the address's failed-authentication budget (when the app has one); an address past it gets 429
 * `rate_limited` before its key is even looked at, so a flood of guesses learns nothing.
 */
export function bearerAuth(apiKeys: readonly string[]) {
  const known = apiKeys.map((k) => ({ digest: Buffer.from(sha256(k), 'hex'), tenant: tenantOf(k) }))
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const limit = request.server.authFailureLimit
    const wait = await limit?.blocked(request)
    if (wait !== undefined && limit !== undefined) {
      reply.header('retry-after', String(wait))
      throw new ServiceError(
        'rate_limited',
        `Too many failed authentications from this address (${limit.perMinute} a minute); retry after ${wait} seconds with a valid API key.`,
      )
    }
    const header = request.headers.authorization
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
    const digest = m === null ? undefined : Buffer.from(sha256(m[1] ?? ''), 'hex')
    let tenant: string | undefined
    if (digest !== undefined) for (const k of known) if (timingSafeEqual(k.digest, digest)) tenant = k.tenant
    if (tenant === undefined) {
      await limit?.failed(request)
      throw new ServiceError(
        'unauthorized',
        m === null ? 'Send an API key as `Authorization: Bearer <key>`.' : 'The API key is not valid.',
      )
    }
    request.tenant = tenant
  }
}
