import type { Ctx } from '../../codat/context.js'
import { emit } from '../../codat/events.js'
import type { ConnectionRec, ParsedLine, PushOpRec, SourceAccountRec } from '../../codat/state.js'
import { deliveredIds } from './check-rules.js'
import { addDecimal } from './money.js'
import { targetOf, type XeroLine } from './world.js'

const asLine = (l: ParsedLine): XeroLine => ({
  id: l.id ?? '',
  date: l.date ?? '',
  description: l.description ?? '',
  amount: l.amount ?? '0',
  balance: l.balance ?? '0',
  transactionType: l.transactionType,
})

/**
 * Xero's side of a judged write (X25, X27, X29): a `stored` write becomes a DELIVERED statement on the
 * target (lines whose id Xero already holds dropped under `xeroDuplicates: xero`, the target's balance set to
 * the last line's, a drift recorded when its opening differs from the previous closing); a `refused` write
 * becomes a REJECTED statement with its reasons.
 */
export function xeroPushSettled(
  ctx: Ctx,
  conn: ConnectionRec,
  a: SourceAccountRec,
  op: PushOpRec,
  parsed: ParsedLine[],
  outcome: 'stored' | 'refused',
): void {
  const target = targetOf(ctx, conn, a)
  if (!target) return
  const lines = parsed.map(asLine)
  const first = lines[0]
  const last = lines[lines.length - 1]
  const opening = first ? addDecimal(first.balance, first.amount, -1) : null
  const closing = last ? last.balance : null
  if (outcome === 'refused') {
    target.statements.push({
      pushOperationKey: op.key,
      state: 'REJECTED',
      at: ctx.now,
      opening,
      closing,
      lines: [],
      reasons: (op.validation?.errors ?? []).map((e) => `${e.itemId}: ${e.message}`),
    })
    return
  }
  const held = ctx.opts.xeroDuplicates === 'xero' ? deliveredIds(target) : new Set<string>()
  const kept = lines.filter((l) => !held.has(l.id))
  for (const l of lines) {
    if (held.has(l.id)) {
      target.droppedDuplicates.push({ pushOperationKey: op.key, id: l.id, date: l.date, amount: l.amount })
    }
  }
  const previous = [...target.statements].reverse().find((s) => s.state === 'DELIVERED')
  if (previous?.closing && opening !== null && addDecimal(opening, previous.closing, -1) !== '0') {
    target.balanceDrift.push({ pushOperationKey: op.key, previousClosing: previous.closing, opening })
  }
  target.statements.push({
    pushOperationKey: op.key,
    state: 'DELIVERED',
    at: ctx.now,
    opening,
    closing,
    lines: kept,
    reasons: [],
  })
  if (closing !== null) target.balance = closing
  target.modified = ctx.now
  emit(ctx.state, ctx.now, 'XeroDelivered', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    targetAccountId: target.id,
    pushOperationKey: op.key,
    lines: kept.length,
    droppedDuplicates: lines.length - kept.length,
  })
}
