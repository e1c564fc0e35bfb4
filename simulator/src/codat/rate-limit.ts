import { isoInstant } from '../kernel/dates.js'
import type { Ctx } from './context.js'
import { emit } from './events.js'

/** What the rate limit makes of one request: its headers, and a wait when refused. */
export interface RateDecision {
  headers: Record<string, string>
  /** Seconds to wait when the request is refused with 429. */
  retryAfter?: number
}

/** The tenant's daily quota: the `rateLimit.dailyQuota` option, else 1000 x (1 + linked companies). */
export function dailyQuota(ctx: Ctx, tenant: string): number {
  if (ctx.opts.rateLimit.dailyQuota !== undefined) return ctx.opts.rateLimit.dailyQuota
  let linked = 0
  for (const c of Object.values(ctx.state.companies)) {
    if (c.tenant === tenant && Object.values(c.connections).some((x) => x.status === 'Linked')) linked++
  }
  return 1000 * (1 + linked)
}

/**
 * Counts a request against the tenant's daily quota (reset 00:00 UTC) and per-minute limit (BEHAVIOUR §9.1),
 * on the simulated clock. Refused requests are not counted.
 */
export function takeRequest(ctx: Ctx, tenant: string): RateDecision {
  const day = isoInstant(ctx.now).slice(0, 10)
  const minute = Math.floor(ctx.now / 60_000)
  let u = ctx.state.usage[tenant]
  if (!u) {
    u = { day, dayCount: 0, minute, minuteCount: 0 }
    ctx.state.usage[tenant] = u
  }
  if (u.day !== day) {
    u.day = day
    u.dayCount = 0
  }
  if (u.minute !== minute) {
    u.minute = minute
    u.minuteCount = 0
  }
  const quota = dailyQuota(ctx, tenant)
  const reset = Date.parse(`${day}T00:00:00Z`) + 86_400_000
  const headers = (remaining: number) => ({
    'X-Rate-Limit-Limit': String(quota),
    'X-Rate-Limit-Remaining': String(Math.max(0, remaining)),
    'X-Rate-Limit-Reset': isoInstant(reset),
  })
  if (u.dayCount >= quota) {
    emit(ctx.state, ctx.now, 'RateLimited', { limit: 'daily', tenant })
    return { headers: headers(0), retryAfter: Math.max(1, Math.ceil((reset - ctx.now) / 1000)) }
  }
  if (u.minuteCount >= ctx.opts.rateLimit.perMinute) {
    emit(ctx.state, ctx.now, 'RateLimited', { limit: 'perMinute', tenant })
    return {
      headers: headers(quota - u.dayCount),
      retryAfter: Math.max(1, Math.ceil(((minute + 1) * 60_000 - ctx.now) / 1000)),
    }
  }
  u.dayCount++
  u.minuteCount++
  return { headers: headers(quota - u.dayCount) }
}

/** Headers for a request that is not counted (unauthenticated). */
export function uncountedHeaders(ctx: Ctx): Record<string, string> {
  const day = isoInstant(ctx.now).slice(0, 10)
  const quota = ctx.opts.rateLimit.dailyQuota ?? 1000
  return {
    'X-Rate-Limit-Limit': String(quota),
    'X-Rate-Limit-Remaining': String(quota),
    'X-Rate-Limit-Reset': isoInstant(Date.parse(`${day}T00:00:00Z`) + 86_400_000),
  }
}
