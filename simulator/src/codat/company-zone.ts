import type { Ctx } from './context.js'

/** The IANA zone in which "today" is measured for a company (`companyTimeZones`, else `timeZone`). */
export function companyZone(ctx: Ctx, companyId: string): string {
  return ctx.opts.companyTimeZones[companyId] ?? ctx.opts.timeZone
}
