import type { BankTransaction, PushOperation } from '@feedsync/codat-client'
import type { AccountState, Batch, LineRejection } from '@feedsync/core'

/**
 * The Codat lines of a planned batch, built only from what the batch and the (immutable) recorded
 * transactions hold, so a re-send after a crash carries the very same body (Codat compares bodies
 * under one Idempotency-Key). Amounts and balances stay exact decimal strings.
 */
export function codatLines(state: AccountState, batch: Batch): BankTransaction[] {
  return batch.lines.map((l) => {
    const t = state.txns.get(l.transactionId)
    const type = t?.type ?? (l.amount.startsWith('-') ? 'Debit' : 'Credit')
    return {
      id: l.transactionId,
      date: l.date,
      description: describe(t?.description ?? l.transactionId, l.originalDate),
      amount: l.amount,
      balance: l.balance,
      transactionType: type,
    }
  })
}

/** Longest description a line carries: the API's own limit on what the bank sends. */
export const MAX_LINE_DESCRIPTION = 1000

/**
 * A line's description; a redated line keeps its bank date in it (" (bank date 2026-11-29)"),
 * the description shortened when needed so the whole stays within `MAX_LINE_DESCRIPTION`.
 */
export function describe(description: string, originalDate: string | undefined): string {
  if (originalDate === undefined) return description
  const suffix = ` (bank date ${originalDate.slice(0, 10)})`
  const room = MAX_LINE_DESCRIPTION - suffix.length
  const head = description.length > room ? `${description.slice(0, room - 1)}…` : description
  return `${head}${suffix}`
}

/**
 * Failures that are about the link, not the lines (QBO rules Q1, Q11, Q12: account or connection not
 * linked, feed switched off, credentials revoked): the lines wait for the link instead of being quarantined.
 */
const LINK_PROBLEM =
  /disconnect|not connected|not linked|switched off|feed (is )?off|unlinked|deauthori[sz]ed|revoked/i

/**
 * The line rejections of a Failed operation: one per `validation.errors[].itemId` that is a line of
 * the batch. `final` unless the failure is about the link (then every line simply becomes pushable
 * again once the feed is back).
 */
export function rejectionsOf(
  op: Pick<PushOperation, 'validation' | 'errorMessage'>,
  batch: Batch,
  linkLost: boolean,
): { rejections: LineRejection[]; linkProblem: boolean } {
  const ids = new Set(batch.lines.map((l) => l.transactionId))
  const errors = op.validation?.errors ?? []
  const linkProblem =
    linkLost ||
    LINK_PROBLEM.test(op.errorMessage ?? '') ||
    errors.some((e) => LINK_PROBLEM.test(e.message ?? ''))
  const seen = new Set<string>()
  const rejections: LineRejection[] = []
  for (const e of errors) {
    const id = e.itemId ?? ''
    if (!ids.has(id) || seen.has(id)) continue
    seen.add(id)
    rejections.push({
      transactionId: id,
      code: e.validatorName ?? 'rejected',
      message: e.message ?? 'Refused by QuickBooks',
      final: !linkProblem,
    })
  }
  return { rejections, linkProblem }
}
