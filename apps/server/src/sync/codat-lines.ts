import type { BankTransaction, PushOperation } from '@feedsync/codat-client'
import { type AccountState, type Batch, destinationOf, type LineRejection } from '@feedsync/core'
import { classifyFailure } from './failure-classes.js'

/**
 * The Codat lines of a planned batch, built only from what the batch and the (immutable) recorded
 * transactions hold, so a re-send after a crash carries the very same body (Codat compares bodies
 * under one Idempotency-Key). Amounts and balances stay exact decimal strings.
 */
export function codatLines(state: AccountState, batch: Batch): BankTransaction[] {
  const destination = destinationOf(state)
  return batch.lines.map((l) => {
    const t = state.txns.get(l.transactionId)
    // The destination's type for the line (Xero X24 and Sage S19 require one on every line): the
    // bank's type, else the direction of its sign.
    const type = destination.lineTransactionType(
      t ?? { type: undefined, amount: l.amount.startsWith('-') ? -1n : 1n },
    )
    return {
      id: l.transactionId,
      date: l.date,
      description: describe(t?.description ?? l.transactionId, l.originalDate),
      amount: l.amount,
      balance: l.balance,
      ...(type === undefined ? {} : { transactionType: type }),
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
 * The line rejections of a Failed operation: one per `validation.errors[].itemId` that is a line of
 * the batch, its messages read with the wording of the account's own platform (`failure-classes.ts`).
 * `final` unless the failure is about the link (then every line simply becomes pushable again once
 * the feed is back) or a passing refusal (`retry`: Sage's one statement in flight, S23).
 */
export function rejectionsOf(
  op: Pick<PushOperation, 'validation' | 'errorMessage'>,
  batch: Batch,
  linkLost: boolean,
  state: AccountState,
): { rejections: LineRejection[]; linkProblem: boolean; retry: boolean } {
  const destination = destinationOf(state)
  const ids = new Set(batch.lines.map((l) => l.transactionId))
  const errors = op.validation?.errors ?? []
  const classes = [op.errorMessage ?? '', ...errors.map((e) => e.message ?? '')].map((m) =>
    classifyFailure(destination.id, m),
  )
  const linkProblem = linkLost || classes.includes('link')
  const retry = !linkProblem && classes.includes('retry')
  const seen = new Set<string>()
  const rejections: LineRejection[] = []
  for (const e of errors) {
    const id = e.itemId ?? ''
    if (!ids.has(id) || seen.has(id)) continue
    seen.add(id)
    rejections.push({
      transactionId: id,
      code: e.validatorName ?? 'rejected',
      message: e.message ?? `Refused by ${destination.name}`,
      final: !linkProblem && !retry,
    })
  }
  return { rejections, linkProblem, retry }
}
