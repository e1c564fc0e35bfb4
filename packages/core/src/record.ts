import { atProblem } from './command-checks.js'
import type { TransactionInput } from './commands.js'
import { type Decision, notRegistered, ok } from './decision.js'
import { destinationOf } from './destinations/destinations.js'
import { type FeedError, feedError } from './errors.js'
import type { FeedEvent, RecordedTransaction, TransactionCleared } from './events.js'
import { formatMinor } from './money.js'
import { normaliseTransaction } from './normalise.js'
import { replacementProblem } from './replacement.js'
import { NO_SETTLED, type SettledLookup, txnOf } from './settled.js'
import type { AccountState, Txn } from './state.js'

/** The content a replay must repeat: what was first recorded, from the state. */
function recordedContent(t: Txn, decimals: number): Omit<RecordedTransaction, 'transactionId' | 'status'> {
  const content: Omit<RecordedTransaction, 'transactionId' | 'status'> = {
    date: t.recordedDate,
    description: t.description,
    amount: formatMinor(t.amount, decimals),
  }
  if (t.balance !== undefined) content.balance = formatMinor(t.balance, decimals)
  if (t.type !== undefined) content.transactionType = t.type
  if (t.replacesPendingId !== undefined) content.replacesPendingId = t.replacesPendingId
  return content
}

function sameContent(
  a: Omit<RecordedTransaction, 'transactionId' | 'status'>,
  b: RecordedTransaction,
): boolean {
  return (
    a.date === b.date &&
    a.description === b.description &&
    a.amount === b.amount &&
    a.balance === b.balance &&
    a.transactionType === b.transactionType &&
    // A replay may leave the replaced id out, never name another.
    (b.replacesPendingId === undefined || b.replacesPendingId === a.replacesPendingId)
  )
}

const conflict = (id: string) =>
  feedError('duplicate_conflict', `Transaction "${id}" was already recorded with different content.`)

/**
 * Decides one `RecordTransaction` for a registered account: a new transaction is recorded, an
 * identical replay changes nothing (or clears a pending one it reports cleared), another content
 * under the same id is a `duplicate_conflict`.
 */
export function recordTransaction(
  input: TransactionInput,
  at: string,
  state: AccountState,
  currency: string,
  decimals: number,
  settled: SettledLookup = NO_SETTLED,
): Decision {
  const n = normaliseTransaction(input, currency, decimals, destinationOf(state))
  if (!n.ok) return { ok: false, error: n.error }
  const d = n.data
  const existing = txnOf(state.txns, settled, d.transactionId)
  if (existing === undefined) {
    const problem = replacementProblem(state, d, undefined, undefined, settled)
    if (problem !== undefined) return { ok: false, error: problem }
    return ok({ type: 'TransactionRecorded', data: { ...d, at } })
  }
  if (!sameContent(recordedContent(existing, decimals), d))
    return { ok: false, error: conflict(d.transactionId) }
  // An identical replay changes nothing; a replay that reports the pending transaction as cleared clears it.
  if (d.status === 'cleared' && !existing.cleared && !existing.voided && existing.replacedBy === undefined) {
    return ok({ type: 'TransactionCleared', data: { transactionId: d.transactionId, at } })
  }
  return ok()
}

/** What one transaction of a bulk record came to. */
export type RecordOutcome =
  | { readonly result: 'recorded' }
  /** Already recorded with the same content (a replay; it may clear a pending one). */
  | { readonly result: 'duplicate' }
  | { readonly result: 'rejected'; readonly error: FeedError }

/**
 * Decides a bulk record (one request of up to 1000 transactions): each transaction as a
 * `RecordTransaction` against the state with the request's earlier ones already recorded. Pure.
 * The events: ONE `TransactionsRecorded` with every new transaction (when there is one), then a
 * `TransactionCleared` per replay that reports a pending transaction as cleared. A bad `at` or an
 * unregistered account rejects every transaction (`invalid_instant`, `account_not_registered`)
 * and decides nothing. Applying the events gives
 * the transactions that deciding and applying the commands one at a time gives (the version counts
 * events, so it differs).
 *
 * @example
 * const { outcomes, events } = decideRecordTransactions(state, [t1, t1, t2], at)
 * outcomes.map((o) => o.result) // => ['recorded', 'duplicate', 'recorded']
 * events.map((e) => e.type) // => ['TransactionsRecorded']
 */
export function decideRecordTransactions(
  state: AccountState,
  transactions: readonly TransactionInput[],
  at: string,
  settled: SettledLookup = NO_SETTLED,
): { outcomes: RecordOutcome[]; events: FeedEvent[] } {
  const account = state.account
  const refused = atProblem(at) ?? (account === undefined ? notRegistered() : undefined)
  if (refused !== undefined || account === undefined) {
    const error = refused ?? notRegistered()
    return { outcomes: transactions.map(() => ({ result: 'rejected', error })), events: [] }
  }
  const destination = destinationOf(state)
  const recorded = new Map<string, RecordedTransaction>()
  const clears: TransactionCleared[] = []
  const clearing = new Set<string>()
  const replaced = new Map<string, string>()
  const outcomes: RecordOutcome[] = []
  for (const input of transactions) {
    const n = normaliseTransaction(input, account.currency, account.decimals, destination)
    if (!n.ok) {
      outcomes.push({ result: 'rejected', error: n.error })
      continue
    }
    const d = n.data
    const id = d.transactionId
    // Recorded earlier in this request, or before it (never both: the request records only new ids).
    const earlier = recorded.get(id)
    const existing = earlier === undefined ? txnOf(state.txns, settled, id) : undefined
    const content = earlier ?? (existing && recordedContent(existing, account.decimals))
    if (content === undefined) {
      const cleared = d.replacesPendingId !== undefined && clearing.has(d.replacesPendingId)
      const problem = cleared
        ? feedError(
            'replaced_transaction_not_pending',
            `Transaction "${id}" replaces "${d.replacesPendingId}", which this request clears.`,
          )
        : replacementProblem(state, d, recorded, replaced, settled)
      if (problem !== undefined) {
        outcomes.push({ result: 'rejected', error: problem })
        continue
      }
      if (d.replacesPendingId !== undefined) replaced.set(d.replacesPendingId, id)
      recorded.set(id, d)
      outcomes.push({ result: 'recorded' })
      continue
    }
    if (!sameContent(content, d)) {
      outcomes.push({ result: 'rejected', error: conflict(id) })
      continue
    }
    const pending =
      earlier !== undefined
        ? earlier.status === 'pending' && !replaced.has(id)
        : existing?.cleared === false && !existing.voided && existing.replacedBy === undefined
    if (d.status === 'cleared' && pending && !clearing.has(id)) {
      clearing.add(id)
      clears.push({ type: 'TransactionCleared', data: { transactionId: id, at } })
    }
    outcomes.push({ result: 'duplicate' })
  }
  const events: FeedEvent[] =
    recorded.size === 0
      ? []
      : [{ type: 'TransactionsRecorded', data: { transactions: [...recorded.values()], at } }]
  return { outcomes, events: events.concat(clears) }
}
