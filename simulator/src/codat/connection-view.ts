import { isoInstant } from '../kernel/dates.js'
import { durationMs } from '../options.js'
import type { Ctx } from './context.js'
import { platformOf } from './platform-of.js'
import type { ConnectionRec } from './state.js'

/** `<linkBaseUrl>/companies/{c}/connections/{k}/start?otp=` (the simulator serves that path as its link page). */
export function linkUrl(linkBaseUrl: string, c: ConnectionRec): string {
  return `${linkBaseUrl}/companies/${c.companyId}/connections/${c.id}/start?otp=${c.otp}`
}

/** Refreshes the linkUrl otp when it has expired (a get returns a fresh one, BEHAVIOUR §4.3). */
export function freshOtp(ctx: Ctx, c: ConnectionRec): void {
  if (c.otpExpiresAt <= ctx.now) {
    c.otp = ctx.rng.digits(6)
    c.otpExpiresAt = ctx.now + durationMs(ctx.opts.linkUrlOtpTtl)
  }
}

/** Codat's `Connection`, naming the connection's platform. */
export function renderConnection(ctx: Ctx, c: ConnectionRec) {
  const platform = platformOf(ctx, c)
  return {
    id: c.id,
    integrationId: platform.integrationId,
    integrationKey: c.platformKey,
    sourceId: platform.sourceId,
    platformName: platform.name,
    linkUrl: platform.linkUrl?.(ctx, c) ?? linkUrl(ctx.opts.linkBaseUrl, c),
    status: c.status,
    created: isoInstant(c.created),
    sourceType: platform.sourceType,
    dataConnectionErrors: null,
    connectionInfo: null,
  }
}
