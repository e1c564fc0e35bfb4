import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { emit } from '../../codat/events.js'
import type { ConnectionRec } from '../../codat/state.js'
import { isoInstant } from '../../kernel/dates.js'
import { durationMs, sageWorld } from './world.js'

const OTP_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/**
 * S4 `POST .../bankFeeds/otp` on a Sage connection: `{otp, expiry}`, 6 characters `[A-Z0-9]`, valid for
 * `sageOtpTtl`, single use; a newer OTP voids the older one. Any connection status (each Connect Bank,
 * re-authentication included, needs one).
 */
export function generateSageOtp(ctx: Ctx, conn: ConnectionRec): SimResponse {
  const otp = ctx.rng.fromAlphabet(OTP_ALPHABET, 6)
  const expiresAt = ctx.now + durationMs(ctx.opts.sageOtpTtl)
  sageWorld(ctx.state).otps[conn.id] = { otp, issuedAt: ctx.now, expiresAt, usedAt: null }
  emit(ctx.state, ctx.now, 'SageOtpIssued', {
    companyId: conn.companyId,
    connectionId: conn.id,
    expiry: isoInstant(expiresAt),
  })
  return ok(200, { otp, expiry: isoInstant(expiresAt) })
}

/**
 * Why `otp` does not open the connection (S4, S5, S11: wrong, expired, used, or another connection's), or
 * null. With `sageOtpRequired: false` an absent OTP is accepted; one that is typed is still checked.
 */
export function otpRefusal(ctx: Ctx, conn: ConnectionRec, otp: string | undefined): string | null {
  if (otp === undefined) {
    return ctx.opts.sageOtpRequired ? 'S5: enter the one-time password your bank gave you.' : null
  }
  const rec = sageWorld(ctx.state).otps[conn.id]
  if (!rec || rec.otp !== otp) return 'S4: the one-time password is not valid for this connection.'
  if (rec.usedAt !== null)
    return 'S4: the one-time password has already been used; ask your bank for a new one.'
  if (rec.expiresAt <= ctx.now) return 'S4: the one-time password has expired; ask your bank for a new one.'
  return null
}

/** Marks the connection's OTP used (single use, S4). */
export function useOtp(ctx: Ctx, conn: ConnectionRec): void {
  const rec = sageWorld(ctx.state).otps[conn.id]
  if (rec && rec.usedAt === null) rec.usedAt = ctx.now
}
