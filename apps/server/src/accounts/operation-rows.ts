import type { Batch, BatchStatus, LineRejection } from '@feedsync/core'
import type { StreamRow } from '@feedsync/store'

/**
 * The projection of an account's ended batches that its state no longer holds: a batch-folding
 * state (`foldBatches`) drops, at a `BatchPlanned`, the batches that ended 2 days or more before it
 * (but the newest 10 of them); the store keeps each as a row beside `operationsStream(stream)`
 * (key = batch id, sort = plannedAt), written in the same transaction as the event that dropped it.
 * The operations list reads the newest `OPERATION_ROWS_LISTED` of them back.
 */

/** How many dropped batches the operations list reads per account (the newest planned). */
export const OPERATION_ROWS_LISTED = 500

/**
 * Where an account stream's dropped batches are kept (rows only: this stream has no events):
 * `ops:<stream>`, a prefix because an account id may hold `:` (a suffix `:ops` could be another
 * account's stream).
 */
export const operationsStream = (stream: string): string => `ops:${stream}`

/** What the operations list shows of a batch. */
export interface OperationRow {
  readonly batchId: string
  readonly pushOperationKey: string | null
  readonly status: BatchStatus
  readonly lines: number
  readonly plannedAt: string
  readonly completedAt: string | null
  readonly message: string | null
  readonly rejections: LineRejection[]
}

/** A batch as the operations list shows it (from the state or from its row). */
export function operationOf(b: Batch): OperationRow {
  return {
    batchId: b.id,
    pushOperationKey: b.pushOperationKey ?? null,
    status: b.status,
    lines: b.lineCount ?? b.lines.length,
    plannedAt: b.plannedAt,
    completedAt: b.completedAt ?? null,
    message: b.message ?? null,
    rejections: [...b.rejections],
  }
}

/** The row of a dropped batch: sorted by the instant it was planned. */
export function operationRow(b: Batch): StreamRow {
  const { batchId, ...data } = operationOf(b)
  return { key: batchId, sort: b.plannedAt, data }
}

/** The operation a row holds. */
export function rowOperation(row: StreamRow): OperationRow {
  return { batchId: row.key, ...(row.data as Omit<OperationRow, 'batchId'>) }
}
