import { companyZone } from '../../codat/company-zone.js'
import type { Ctx, DueEffect } from '../../codat/context.js'
import { codatError } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import type { ConnectionRec } from '../../codat/state.js'
import { addDays, isoInstant, localDate, zonedInstant } from '../../kernel/dates.js'
import type { SageBusinessRec } from './feed-state.js'
import { queuedReleases } from './in-flight.js'
import { connectionById, feedsOfConnection, SAGE_SERVICE } from './world.js'

/** Sage refreshes bank feeds daily at this time of the company's zone, or on a manual refresh. */
export const DAILY_REFRESH = '06:00'
/** A manual refresh at most this often (Sage's help: "manually once every 15 minutes"). */
export const MANUAL_REFRESH_MS = 15 * 60_000
/** Ranks after Codat's own (operations 0, timeouts 1). */
const REFRESH_RANK = 2

/** The zone of the company the business's first linked account belongs to (else the simulator's). */
function businessZone(ctx: Ctx, b: SageBusinessRec): string {
  const linked = b.bankAccounts.find((x) => x.companyId !== null)
  return linked?.companyId ? companyZone(ctx, linked.companyId) : ctx.opts.timeZone
}

/** The first daily refresh strictly after `after`. */
export function nextDailyRefresh(ctx: Ctx, b: SageBusinessRec, after: number): number {
  const zone = businessZone(ctx, b)
  let day = localDate(after, zone)
  for (;;) {
    const at = zonedInstant(day, DAILY_REFRESH, zone)
    if (at > after) return at
    day = addDays(day, 1)
  }
}

/**
 * Sage's refresh of one business: every line Codat accepted for a fed account since the last refresh is
 * shown in the Sage account (Incoming Bank Transactions), and the account's balance is the last one's.
 */
export function refreshBusiness(ctx: Ctx, b: SageBusinessRec, kind: 'daily' | 'manual'): void {
  let shown = 0
  for (const bank of b.bankAccounts) {
    if (!bank.connectionId || !bank.sourceAccountId) continue
    const found = connectionById(ctx, bank.connectionId)
    const a = found?.conn.accounts.find((x) => x.id === bank.sourceAccountId)
    if (!a) continue
    for (const l of a.lines.slice(bank.cursor)) {
      bank.lines.push({
        id: l.id,
        date: l.date,
        day: l.day,
        description: l.description,
        amount: l.amount,
        balance: l.balance,
        preExisting: false,
        shownAt: ctx.now,
        pushOperationKey: l.pushOperationKey,
      })
      if (l.deliveredAt === null) l.deliveredAt = ctx.now
      bank.balance = l.balance
      shown++
    }
    bank.cursor = a.lines.length
    a.pullCursor = Math.max(a.pullCursor, a.lines.length)
    if (bank.feedState === 'Pending' && bank.lines.some((l) => !l.preExisting)) bank.feedState = 'Active'
  }
  b.lastRefreshAt = ctx.now
  if (kind === 'manual') b.lastManualRefreshAt = ctx.now
  emit(ctx.state, ctx.now, 'SageRefreshed', { businessId: b.id, kind, lines: shown })
}

/** The SMB's manual refresh, at most every 15 minutes (409 earlier). */
export function manualRefresh(ctx: Ctx, b: SageBusinessRec): void {
  const last = b.lastManualRefreshAt
  if (last !== null && ctx.now - last < MANUAL_REFRESH_MS) {
    throw codatError(
      ctx,
      409,
      `Sage refreshes a bank feed manually at most every 15 minutes; the next refresh is possible at ${isoInstant(last + MANUAL_REFRESH_MS)}.`,
      { service: SAGE_SERVICE },
    )
  }
  refreshBusiness(ctx, b, 'manual')
}

/**
 * Sage's time-driven effects reached through one connection: queued writes released (`in-flight.ts`) and
 * the daily refresh of each business it feeds.
 */
export function sageDueEffects(ctx: Ctx, conn: ConnectionRec): DueEffect[] {
  const seen = new Set<string>()
  const out: DueEffect[] = queuedReleases(ctx, conn)
  for (const { business } of feedsOfConnection(ctx, conn)) {
    const at = business.nextRefreshAt
    if (at === null || seen.has(business.id)) continue
    seen.add(business.id)
    out.push({
      at,
      rank: REFRESH_RANK,
      run: () => {
        refreshBusiness(ctx, business, 'daily')
        business.nextRefreshAt = nextDailyRefresh(ctx, business, at)
      },
    })
  }
  return out
}
