/**
 * A cleared transaction that posts a pending one under a new id (`replacesPendingId`): which
 * pending one it may close. Decided with the request's earlier transactions in view.
 */
import { type FeedError, feedError } from './errors.js'
import type { RecordedTransaction } from './events.js'
import { NO_SETTLED, type SettledLookup, txnOf } from './settled.js'
import type { AccountState } from './state.js'

/**
 * Why `d` may not replace the pending transaction it names, if it may not: the id must be a
 * transaction of the account (recorded before, or earlier in the same request) that is pending,
 * not voided and not replaced already (by a transaction before, or earlier in this request).
 */
export function replacementProblem(
  state: AccountState,
  d: RecordedTransaction,
  earlier: ReadonlyMap<string, RecordedTransaction> = new Map(),
  replacedEarlier: ReadonlyMap<string, string> = new Map(),
  settled: SettledLookup = NO_SETTLED,
): FeedError | undefined {
  const id = d.replacesPendingId
  if (id === undefined) return undefined
  const notPending = (why: string) =>
    feedError(
      'replaced_transaction_not_pending',
      `Transaction "${d.transactionId}" replaces "${id}", which ${why}.`,
    )
  const inRequest = earlier.get(id)
  const known = inRequest === undefined ? txnOf(state.txns, settled, id) : undefined
  if (inRequest === undefined && known === undefined) {
    return feedError(
      'replaced_transaction_not_found',
      `Transaction "${d.transactionId}" replaces "${id}", which is not a transaction of this account.`,
    )
  }
  const by = replacedEarlier.get(id) ?? known?.replacedBy
  if (by !== undefined) return notPending(`was already replaced by ${by}`)
  if (known?.voided) return notPending('was voided')
  if (known?.pushed || known?.batchId !== undefined) return notPending('was already sent')
  if (known?.cleared || inRequest?.status === 'cleared') return notPending('is cleared, not pending')
  return undefined
}
