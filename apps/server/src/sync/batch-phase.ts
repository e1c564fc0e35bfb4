import type { PushOperation } from '@feedsync/codat-client'
import type { AccountState } from '@feedsync/core'

/** How a batch ended: as Codat answered, or `lost` (no operation of it found after its window). */
export type BatchOutcome = 'succeeded' | 'failed' | 'timed_out' | 'lost'

/** Why a batch stays open for the next cycle (its intent kept; nothing re-planned). */
export type OpenReason =
  /** the push may or may not have landed (409, 429, 5xx, network) */
  | 'unconfirmed'
  /** past its window, an operation that may be it is still Pending at Codat */
  | 'undecided'
  /** its operation could not be read */
  | 'unreadable'
  /** still Pending after `maxPolls` reads */
  | 'pending'
  /** it failed, and whether the link is gone could not be told */
  | 'link_unknown'
  /** the stream has no such batch */
  | 'unknown_batch'
  /** webhooks on: still pending, its next backstop read is not due yet (see `PushHints`) */
  | 'awaiting_webhook'

/**
 * Where one batch stands in its sync, driven by the batch's status in the account state:
 * `planned` (intent appended, no push operation known) → `submitted` (Codat's push operation key
 * appended) → `outcome`; or `open` when this cycle cannot go on. `fresh`: planned by this very sync
 * and never sent (the main path); otherwise the batch was found open (the recovery path).
 *
 * @example
 * let phase = phaseOf(state, batchId, { fresh: true }) // { status: 'planned', batchId, fresh: true }
 * while (phase.status === 'planned' || phase.status === 'submitted') phase = await stepBatch(phase, ctx)
 */
export type BatchPhase =
  | { readonly status: 'planned'; readonly batchId: string; readonly fresh: boolean }
  | {
      readonly status: 'submitted'
      readonly batchId: string
      readonly fresh: boolean
      readonly pushOperationKey: string
      /** Reads of the operation so far in this sync. */
      readonly polls: number
      /** Codat's latest answer about the operation, when one is at hand. */
      readonly operation?: PushOperation
    }
  | {
      readonly status: 'outcome'
      readonly batchId: string
      readonly fresh: boolean
      readonly outcome: BatchOutcome
    }
  | {
      readonly status: 'open'
      readonly batchId: string
      readonly fresh: boolean
      readonly reason: OpenReason
    }

/** The phase of the batch `batchId` as the account's state records it. */
export function phaseOf(
  state: AccountState,
  batchId: string,
  options: { readonly fresh: boolean },
): BatchPhase {
  const { fresh } = options
  const batch = state.batches.get(batchId)
  if (batch === undefined) return { status: 'open', batchId, fresh, reason: 'unknown_batch' }
  switch (batch.status) {
    case 'planned':
      return { status: 'planned', batchId, fresh }
    case 'submitted':
      return batch.pushOperationKey === undefined
        ? { status: 'planned', batchId, fresh }
        : { status: 'submitted', batchId, fresh, pushOperationKey: batch.pushOperationKey, polls: 0 }
    case 'succeeded':
      return { status: 'outcome', batchId, fresh, outcome: 'succeeded' }
    case 'failed':
      return { status: 'outcome', batchId, fresh, outcome: 'failed' }
    case 'timed_out':
      return { status: 'outcome', batchId, fresh, outcome: 'timed_out' }
    default: {
      const unknown: never = batch.status
      return unknown
    }
  }
}

/** Whether the machine has nothing more to do with the batch in this sync. */
export function isSettled(
  phase: BatchPhase,
): phase is Extract<BatchPhase, { readonly status: 'outcome' | 'open' }> {
  return phase.status === 'outcome' || phase.status === 'open'
}

export type Planned = Extract<BatchPhase, { readonly status: 'planned' }>
export type Submitted = Extract<BatchPhase, { readonly status: 'submitted' }>

export const openPhase = (phase: Planned | Submitted, reason: OpenReason): BatchPhase => ({
  status: 'open',
  batchId: phase.batchId,
  fresh: phase.fresh,
  reason,
})
export const endedPhase = (phase: Planned | Submitted, outcome: BatchOutcome): BatchPhase => ({
  status: 'outcome',
  batchId: phase.batchId,
  fresh: phase.fresh,
  outcome,
})
export const submittedPhase = (
  phase: Planned,
  pushOperationKey: string,
  operation?: PushOperation,
): BatchPhase => ({
  status: 'submitted',
  batchId: phase.batchId,
  fresh: phase.fresh,
  pushOperationKey,
  polls: 0,
  ...(operation === undefined ? {} : { operation }),
})
