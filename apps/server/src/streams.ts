import { createHash } from 'node:crypto'

/** Stream names. Company ids are Codat's (UUIDs, no colon); account ids follow the second colon. */
export const COMPANY_PREFIX = 'company:'
export const ACCOUNT_PREFIX = 'account:'

export const companyStream = (companyId: string): string => `${COMPANY_PREFIX}${companyId}`

export const accountStream = (companyId: string, accountId: string): string =>
  `${ACCOUNT_PREFIX}${companyId}:${accountId}`

/** The onboarding request stored under one tenant's Idempotency-Key (the key is hashed). */
export const idempotencyStream = (tenant: string, key: string): string =>
  `idempotency:${tenant}:${sha256(key).slice(0, 32)}`

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** A deterministic UUID-shaped key (for Codat's `Idempotency-Key`) derived from `parts`. */
export function derivedUuid(...parts: string[]): string {
  const h = sha256(parts.join('\u0000'))
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** The tenant id of an API key: a hash, so the key itself is never stored or logged. */
export const tenantOf = (apiKey: string): string => `t_${sha256(apiKey).slice(0, 20)}`
