import { companyZone } from '../../codat/company-zone.js'
import type { Ctx, SimResponse } from '../../codat/context.js'
import { invalidRequest } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { CONTROL, resolveScope } from '../../codat/scope.js'
import type { ConnectionRec, SourceAccountRec } from '../../codat/state.js'
import { addDays, localDate, zonedInstant } from '../../kernel/dates.js'
import { isObject } from '../../kernel/objects.js'
import { linkValid } from './credentials.js'
import { qboView } from './ledger-view.js'
import { str } from './strings.js'

/** The next QBO daily pull strictly after `from` (dailyPullTime in the company's zone). */
export function nextDailyPull(ctx: Ctx, companyId: string, from: number): number {
  const zone = companyZone(ctx, companyId)
  const day = localDate(from, zone)
  const today = zonedInstant(day, ctx.opts.dailyPullTime, zone)
  return today > from ? today : zonedInstant(addDays(day, 1), ctx.opts.dailyPullTime, zone)
}

function canPull(conn: ConnectionRec, a: SourceAccountRec): boolean {
  if (!a.qbo?.enabled || a.status !== 'connected' || conn.status !== 'Linked') return false
  return linkValid(conn, a)
}

/** QBO pulls: every stored, undelivered line inside the window, oldest first; older ones are reported expired. */
export function pullConnection(ctx: Ctx, conn: ConnectionRec, reason: 'daily' | 'update'): void {
  const today = localDate(ctx.now, companyZone(ctx, conn.companyId))
  const windowStart = addDays(today, -ctx.opts.historicDays)
  let delivered = 0
  let expired = 0
  for (const a of conn.accounts) {
    if (!canPull(conn, a) || !a.qbo) continue
    for (; a.pullCursor < a.lines.length; a.pullCursor++) {
      const l = a.lines[a.pullCursor] as (typeof a.lines)[number]
      if (l.day < windowStart) {
        l.expiredAt = ctx.now
        expired++
      } else {
        l.deliveredAt = ctx.now
        a.qbo.balance = l.balance
        a.qbo.deliveredCount++
        delivered++
      }
    }
    a.qbo.lastPulledAt = ctx.now
  }
  emit(ctx.state, ctx.now, 'QboPulled', {
    companyId: conn.companyId,
    connectionId: conn.id,
    reason,
    delivered,
    expired,
  })
}

/** POST /_sim/qbo/update: the user's **Update** click, a pull now; answers the ledger view. */
export function qboUpdate(ctx: Ctx, body: unknown): SimResponse {
  if (!isObject(body) || !str(body.companyId) || !str(body.connectionId)) {
    throw invalidRequest(ctx, 'QboUpdate', [
      { itemId: null, message: 'companyId and connectionId are required.' },
    ])
  }
  const { connection: conn } = resolveScope(ctx, CONTROL, 'connection', {
    companyId: String(body.companyId),
    connectionId: String(body.connectionId),
  })
  pullConnection(ctx, conn, 'update')
  return qboView(ctx, conn)
}
