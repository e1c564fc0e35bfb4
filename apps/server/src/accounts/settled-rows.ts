import {
  type AccountState,
  evolve,
  type FeedEvent,
  NO_SETTLED,
  type SettledLookup,
  type Txn,
  type TxnJson,
  txnFromJson,
  txnToJson,
} from '@feedsync/core'
import type { EventStore, StreamRow } from '@feedsync/store'

/**
 * The projection of an account's settled transactions: a folding state (`foldSettled`) lets a pushed
 * transaction go once no unpushed line shares its day, and the store keeps it as a row beside the
 * stream (`store_rows`, key = transaction id), written in the same transaction as the event that
 * folded it. The transaction list reads them back by page, decisions by the ids a command names.
 */

/** The row of a folded transaction: sorted by local date-time then recording order (see `bankOrder`). */
export function settledRow(t: Txn): StreamRow {
  // ' ' sorts before every character of a local date-time, so a date-only local ("2026-12-01")
  // sorts before the same day's timed ones, as `<` on the strings does.
  return { key: t.id, sort: `${t.local} ${String(t.seq).padStart(12, '0')}`, data: txnToJson(t) }
}

/** The transaction a row holds. */
export function rowTxn(row: StreamRow): Txn {
  return txnFromJson(row.data as TxnJson)
}

/**
 * Evolves `state` in place with `events` and answers the transactions that left `txns` on the way
 * (a folding state folds pushed ones at `BatchSucceeded`), as they were when they left.
 */
export function evolveFolding(state: AccountState, events: Iterable<FeedEvent>): Txn[] {
  const folded: Txn[] = []
  for (const e of events) {
    if (!state.foldSettled || e.type !== 'BatchSucceeded') {
      evolve(state, e)
      continue
    }
    const before = [...state.txns.values()]
    evolve(state, e)
    for (const t of before) if (!state.txns.has(t.id)) folded.push(t)
  }
  return folded
}

/** True when appending `events` to `state` may fold transactions (the append then writes rows). */
export function mayFold(state: AccountState, events: readonly FeedEvent[]): boolean {
  return state.foldSettled && events.some((e) => e.type === 'BatchSucceeded')
}

/**
 * The folded transactions among `ids` (those `state` no longer holds), read from the projection: what
 * `decide` needs to refuse a command on a settled line as it would on a held one.
 */
export async function settledLookup(
  store: Pick<EventStore, 'readRows'>,
  stream: string,
  state: AccountState,
  ids: Iterable<string>,
): Promise<SettledLookup> {
  if (!state.foldSettled || state.settled.days.size === 0) return NO_SETTLED
  const missing = [...new Set(ids)].filter((id) => !state.txns.has(id))
  if (missing.length === 0) return NO_SETTLED
  const rows = await store.readRows(stream, missing)
  return new Map(rows.map((r) => [r.key, rowTxn(r)]))
}

/** How many transactions a state folded out of `txns`. */
export function foldedCount(state: AccountState): number {
  let n = 0
  for (const d of state.settled.days.values()) n += d.count
  return n
}
