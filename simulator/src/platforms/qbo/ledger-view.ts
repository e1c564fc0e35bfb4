import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import type { ConnectionRec, SourceAccountRec } from '../../codat/state.js'
import { isoInstant } from '../../kernel/dates.js'

const iso = (ms: number | null) => (ms === null ? null : isoInstant(ms))

/** What QBO shows per linked account: test lines, delivered lines in order, balance, last pull, expired lines. */
export function qboView(_ctx: Ctx, conn: ConnectionRec): SimResponse {
  const accounts = conn.accounts
    .filter((a) => a.qbo !== null)
    .map((a) => {
      const q = a.qbo as NonNullable<SourceAccountRec['qbo']>
      const delivered = a.lines.filter((l) => l.deliveredAt !== null)
      return {
        sourceAccountId: a.id,
        qboAccountName: q.qboAccountName,
        status: a.status,
        feedEnabled: q.enabled,
        feedStartDate: a.feedStartDate,
        balance: q.balance,
        lastPulledAt: iso(q.lastPulledAt),
        lines: [
          ...q.testLines.map((t) => ({ ...t, balance: null, transactionType: null, isTest: true })),
          ...delivered.map((l) => ({
            id: l.id,
            date: l.date,
            description: l.description,
            amount: l.amount,
            balance: l.balance,
            transactionType: l.transactionType,
            isTest: false,
            deliveredAt: iso(l.deliveredAt),
          })),
        ],
        expired: a.lines
          .filter((l) => l.expiredAt !== null)
          .map((l) => ({
            id: l.id,
            date: l.date,
            amount: l.amount,
            balance: l.balance,
            expiredAt: iso(l.expiredAt),
          })),
        undelivered: a.lines.length - a.pullCursor,
      }
    })
  return ok(200, {
    companyId: conn.companyId,
    connectionId: conn.id,
    connectionStatus: conn.status,
    accounts,
  })
}
