import {
  type AccountState,
  type Batch,
  evolve,
  type FeedEvent,
  NO_SETTLED,
  type SettledLookup,
  type Txn,
  type TxnJson,
  txnFromJson,
  txnToJson,
} from '@feedsync/core'
import type { AppendOptions, EventStore, StreamRow } from '@feedsync/store'
import { operationRow, operationsStream } from './operation-rows.js'

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

/** What left a state while it evolved: folded transactions and dropped batches, as they were when they left. */
export interface LeftState {
  readonly folded: Txn[]
  readonly dropped: Batch[]
}

/**
 * Evolves `state` in place with `events` and answers what left it on the way: the transactions that
 * left `txns` (a folding state folds pushed ones at `BatchSucceeded`) and the batches that left
 * `batches` (a batch-folding state drops ended ones at `BatchPlanned`), as they were when they left.
 */
export function evolveLeaving(state: AccountState, events: Iterable<FeedEvent>): LeftState {
  const folded: Txn[] = []
  const dropped: Batch[] = []
  for (const e of events) {
    if (state.foldSettled && e.type === 'BatchSucceeded') {
      const before = [...state.txns.values()]
      evolve(state, e)
      for (const t of before) if (!state.txns.has(t.id)) folded.push(t)
    } else if (state.foldBatches && e.type === 'BatchPlanned') {
      const before = [...state.batches.values()]
      evolve(state, e)
      for (const b of before) if (!state.batches.has(b.id)) dropped.push(b)
    } else {
      evolve(state, e)
    }
  }
  return { folded, dropped }
}

/** The transactions that left `txns` while `state` evolved with `events` (see `evolveLeaving`). */
export function evolveFolding(state: AccountState, events: Iterable<FeedEvent>): Txn[] {
  return evolveLeaving(state, events).folded
}

/** The rows of what left a state, as an append's options (undefined when nothing left). */
export function leftRows(stream: string, left: LeftState): AppendOptions | undefined {
  const rows = left.folded.length === 0 ? undefined : left.folded.map(settledRow)
  const beside =
    left.dropped.length === 0
      ? undefined
      : [{ stream: operationsStream(stream), rows: left.dropped.map(operationRow) }]
  if (rows === undefined && beside === undefined) return undefined
  return { ...(rows === undefined ? {} : { rows }), ...(beside === undefined ? {} : { beside }) }
}

/** True when appending `events` to `state` may fold transactions or drop batches (the append then writes rows). */
export function mayFold(state: AccountState, events: readonly FeedEvent[]): boolean {
  return events.some(
    (e) =>
      (state.foldSettled && e.type === 'BatchSucceeded') || (state.foldBatches && e.type === 'BatchPlanned'),
  )
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
