import type { PushOperation, PushOperations } from '@feedsync/codat-client'
import type { AccountState, Batch } from '@feedsync/core'

/** How far Codat's `requestedOnUtc` may run behind our clock's `plannedAt` and still match. */
export const CLOCK_SLACK_MS = 60_000
/** Pages of create operations read at most, newest first. */
export const MAX_OPERATION_PAGES = 20
export const OPERATION_PAGE_SIZE = 500

/**
 * What picks out a lost push of one batch among the company's create operations.
 *
 * @example
 * const query = lostPushQuery({ state, batch, accountId: 'acc-1', connectionId })
 */
export interface LostPushQuery {
  readonly connectionId: string
  /** Ids an operation's `changes[].recordRef.id` may name: the source account's and the batch's lines'. */
  readonly refs: ReadonlySet<string>
  /** Push operation keys the account's stream already knows (other batches'). */
  readonly known: ReadonlySet<string>
  /** Epoch ms: an operation requested earlier than this is not the batch's. */
  readonly notBefore: number
}

/**
 * The answer of the lookup: `found` (the batch's operation), `not_found` (nothing of it landed) or
 * `undecided` (no completed match, but an operation that may be the batch is still Pending).
 */
export type LostPushAnswer =
  | { readonly kind: 'found'; readonly pushOperationKey: string }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'undecided' }

/** The query for `batch` of the account `accountId` on the connection `connectionId`. */
export function lostPushQuery(input: {
  readonly state: AccountState
  readonly batch: Batch
  readonly accountId: string
  readonly connectionId: string
}): LostPushQuery {
  const { state, batch, accountId, connectionId } = input
  const known = new Set<string>()
  for (const b of state.batches.values()) if (b.pushOperationKey !== undefined) known.add(b.pushOperationKey)
  return {
    connectionId,
    refs: new Set([accountId, ...batch.lines.map((l) => l.transactionId)]),
    known,
    notBefore: Date.parse(batch.plannedAt) - CLOCK_SLACK_MS,
  }
}

/**
 * Whether the page after `page` (number `pageNumber`, pages newest first) is worth reading: not when
 * this one already reached operations older than the intent, was empty or was the last.
 */
export function readsNextPage(page: PushOperations, pageNumber: number, query: LostPushQuery): boolean {
  const results = page.results ?? []
  if (results.length === 0 || pageNumber * page.pageSize >= page.totalResults) return false
  return !results.some((op) => Date.parse(op.requestedOnUtc) < query.notBefore)
}

/**
 * Looks for the batch's create operation in the pages read (its Idempotency-Key has expired). Codat
 * does not say what `changes[].recordRef.id` holds for bank transactions (BEHAVIOUR §13 #12): a line
 * id or the source account id are both accepted. An operation matches when it is on this connection,
 * refers to the account or one of the batch's lines, is not already known to the account's stream,
 * and was requested no earlier than the intent (less `CLOCK_SLACK_MS`). At most one batch per account
 * is ever open, so such an operation can only be this batch's; the earliest one wins. A candidate
 * still Pending names no account yet (its `changes` come with the outcome): with no match among the
 * completed ones, the answer is then `undecided` — declaring the batch lost could push it twice.
 *
 * @example
 * findLostPush([page1, page2], query) // => { kind: 'found', pushOperationKey: 'op-7' }
 */
export function findLostPush(pages: readonly PushOperations[], query: LostPushQuery): LostPushAnswer {
  let best: PushOperation | undefined
  let undecided = false
  for (const page of pages) {
    for (const op of page.results ?? []) {
      const requested = Date.parse(op.requestedOnUtc)
      if (requested < query.notBefore) continue
      if (op.dataConnectionKey !== query.connectionId || query.known.has(op.pushOperationKey)) continue
      if (op.status === 'Pending') {
        undecided = true
        continue
      }
      if (!(op.changes ?? []).some((c) => query.refs.has(c.recordRef?.id ?? ''))) continue
      if (best === undefined || requested < Date.parse(best.requestedOnUtc)) best = op
    }
  }
  if (best !== undefined) return { kind: 'found', pushOperationKey: best.pushOperationKey }
  return undecided ? { kind: 'undecided' } : { kind: 'not_found' }
}
