import { CodatApiError, type CodatBankFeedsPort, type PushOperation } from '@feedsync/codat-client'
import type { AccountState, Batch, Command } from '@feedsync/core'
import type { FastifyBaseLogger } from 'fastify'
import type { Company } from '../companies/repository.js'
import type { Metrics } from '../metrics.js'
import { codatLines, rejectionsOf } from './codat-lines.js'
import { lookUpLostPush } from './look-up-lost-push.js'
import type { SyncSettings } from './settings.js'

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
  /** the worker's lease was lost */
  | 'lease_lost'
  /** the stream has no such batch */
  | 'unknown_batch'

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

/** What the machine works with: one account of one company, and the ports it calls. */
export interface BatchContext {
  /** The account's state, live (a conflict on append re-reads it) and its stream. */
  readonly loaded: { readonly stream: string; readonly state: AccountState }
  readonly company: Company
  readonly accountId: string
  /** This step's instant: the clock is read at most once per step, on first use. */
  readonly now: () => Promise<string>
  /** Decides and appends a core command (retried on store conflicts); the number of events appended. */
  readonly apply: (command: Command) => Promise<number>
  /** After a Failed push: whether the account's link is gone (`undefined`: could not tell). */
  readonly linkLost: () => Promise<boolean | undefined>
  readonly codat: Pick<CodatBankFeedsPort, 'transactions'>
  readonly settings: Pick<SyncSettings, 'idempotencyWindowMs' | 'maxPolls' | 'pollIntervalMs'>
  readonly metrics: Pick<Metrics, 'batchesPushed' | 'batchesSucceeded' | 'pushFailures'>
  readonly log: FastifyBaseLogger
  readonly sleep: (ms: number) => Promise<void>
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

/**
 * One step: at most one decision, one clock read and one kind of call to Codat.
 * - `planned`, fresh or inside the idempotency window on our clock → push with the batch id as
 *   Idempotency-Key (Codat replays its stored answer if an earlier call landed) → `submitted`, or
 *   `outcome` failed (Codat refused the request), or `open` (outcome unknown);
 * - `planned`, past the window → look for it among the create operations → `submitted` (found),
 *   `outcome` lost (nothing landed: its lines are re-planned) or `open` (undecided);
 * - `submitted` → record Codat's terminal answer (`outcome`), or read the operation (`submitted`
 *   while Pending, `open` after `maxPolls` reads or when it cannot be read).
 */
export async function stepBatch(phase: BatchPhase, ctx: BatchContext): Promise<BatchPhase> {
  if (isSettled(phase)) return phase
  const batch = ctx.loaded.state.batches.get(phase.batchId)
  if (batch === undefined) return { ...phase, status: 'open', reason: 'unknown_batch' }
  switch (phase.status) {
    case 'planned':
      if (phase.fresh || (await insideWindow(batch, ctx))) return send(phase, batch, ctx)
      return lookUp(phase, batch, ctx)
    case 'submitted':
      if (phase.operation !== undefined && phase.operation.status !== 'Pending') {
        return record(phase, batch, phase.operation, ctx)
      }
      return poll(phase, batch, ctx)
    default: {
      const unknown: never = phase
      return unknown
    }
  }
}

type Planned = Extract<BatchPhase, { readonly status: 'planned' }>
type Submitted = Extract<BatchPhase, { readonly status: 'submitted' }>

const open = (phase: Planned | Submitted, reason: OpenReason): BatchPhase => ({
  status: 'open',
  batchId: phase.batchId,
  fresh: phase.fresh,
  reason,
})
const ended = (phase: Planned | Submitted, outcome: BatchOutcome): BatchPhase => ({
  status: 'outcome',
  batchId: phase.batchId,
  fresh: phase.fresh,
  outcome,
})
const submitted = (phase: Planned, pushOperationKey: string, operation?: PushOperation): BatchPhase => ({
  status: 'submitted',
  batchId: phase.batchId,
  fresh: phase.fresh,
  pushOperationKey,
  polls: 0,
  ...(operation === undefined ? {} : { operation }),
})

async function insideWindow(batch: Batch, ctx: BatchContext): Promise<boolean> {
  const inside = Date.parse(await ctx.now()) - Date.parse(batch.plannedAt) < ctx.settings.idempotencyWindowMs
  if (inside) {
    ctx.log.info(
      { stream: ctx.loaded.stream, batchId: batch.id },
      're-sending an unconfirmed batch with its Idempotency-Key',
    )
  }
  return inside
}

async function send(phase: Planned, batch: Batch, ctx: BatchContext): Promise<BatchPhase> {
  const { codat, company, accountId, metrics } = ctx
  let op: PushOperation
  try {
    op = await codat.transactions.create({
      companyId: company.codatCompanyId,
      connectionId: company.connectionId,
      accountId,
      idempotencyKey: batch.id,
      createBankTransactions: { accountId, transactions: codatLines(ctx.loaded.state, batch) },
      // A push that may have landed is never re-sent blindly by the client: the machine re-sends it
      // with the same key only while Codat's window is open on OUR clock, else looks it up.
      retryUnknownOutcome: false,
    })
    metrics.batchesPushed.inc()
  } catch (error) {
    metrics.pushFailures.inc()
    if (error instanceof CodatApiError && [400, 404, 422].includes(error.status)) {
      // Codat refused the request itself: nothing of it was stored (all or nothing).
      const body = { validation: error.body?.validation ?? null, errorMessage: error.body?.error ?? null }
      const { rejections, linkProblem } = rejectionsOf(body, batch, error.status === 404)
      const at = await ctx.now()
      if (linkProblem) await ctx.apply({ type: 'DisconnectFeed', at })
      await ctx.apply({
        type: 'RecordBatchFailed',
        batchId: batch.id,
        rejections,
        message: `Codat answered HTTP ${error.status}: ${error.body?.error ?? 'request refused'}`,
        at,
      })
      return ended(phase, 'failed')
    }
    // 409 (key in flight), 429, 5xx, network, timeout: it may or may not have landed. The intent
    // stays open and is reconciled before anything new is pushed for this account.
    ctx.log.warn(
      { err: error, stream: ctx.loaded.stream, batchId: batch.id },
      'push not confirmed; reconciled next cycle',
    )
    return open(phase, 'unconfirmed')
  }
  const at = await ctx.now()
  await ctx.apply({ type: 'SubmitBatch', batchId: batch.id, pushOperationKey: op.pushOperationKey, at })
  return submitted(phase, op.pushOperationKey, op)
}

async function lookUp(phase: Planned, batch: Batch, ctx: BatchContext): Promise<BatchPhase> {
  const answer = await lookUpLostPush({
    transactions: ctx.codat.transactions,
    company: ctx.company,
    accountId: ctx.accountId,
    state: ctx.loaded.state,
    batch,
  })
  switch (answer.kind) {
    case 'undecided':
      // Codat names the account it wrote to only once an operation completes: declaring the batch
      // lost now would push its lines twice if that one is ours.
      ctx.log.info(
        { stream: ctx.loaded.stream, batchId: batch.id },
        'an operation that may be this batch is still pending at Codat; reconciled next cycle',
      )
      return open(phase, 'undecided')
    case 'found': {
      const { pushOperationKey } = answer
      await ctx.apply({ type: 'SubmitBatch', batchId: batch.id, pushOperationKey, at: await ctx.now() })
      return submitted(phase, pushOperationKey)
    }
    case 'not_found':
      ctx.metrics.pushFailures.inc()
      await ctx.apply({
        type: 'RecordBatchFailed',
        batchId: batch.id,
        rejections: [],
        message:
          'No push operation for this batch was found at Codat after its idempotency window; its lines are re-planned.',
        at: await ctx.now(),
      })
      return ended(phase, 'lost')
    default: {
      const unknown: never = answer
      return unknown
    }
  }
}

async function poll(phase: Submitted, batch: Batch, ctx: BatchContext): Promise<BatchPhase> {
  let op: PushOperation
  try {
    op = await ctx.codat.transactions.getCreateOperation({
      companyId: ctx.company.codatCompanyId,
      pushOperationKey: phase.pushOperationKey,
    })
  } catch (error) {
    ctx.log.warn(
      { err: error, stream: ctx.loaded.stream, batchId: batch.id },
      'could not read the push operation; retried later',
    )
    return open(phase, 'unreadable')
  }
  if (op.status !== 'Pending') return record(phase, batch, op, ctx)
  const polls = phase.polls + 1
  if (polls >= ctx.settings.maxPolls) return open(phase, 'pending')
  await ctx.sleep(ctx.settings.pollIntervalMs)
  return { ...phase, polls, operation: op }
}

async function record(
  phase: Submitted,
  batch: Batch,
  op: PushOperation,
  ctx: BatchContext,
): Promise<BatchPhase> {
  const { metrics } = ctx
  switch (op.status) {
    case 'Success':
      metrics.batchesSucceeded.inc()
      await ctx.apply({ type: 'RecordBatchSucceeded', batchId: batch.id, at: await ctx.now() })
      return ended(phase, 'succeeded')
    case 'TimedOut':
      metrics.pushFailures.inc()
      await ctx.apply({ type: 'RecordBatchTimedOut', batchId: batch.id, at: await ctx.now() })
      return ended(phase, 'timed_out')
    case 'Failed': {
      metrics.pushFailures.inc()
      const linkLost = await ctx.linkLost()
      if (linkLost === undefined) return open(phase, 'link_unknown') // decide next cycle
      const { rejections, linkProblem } = rejectionsOf(op, batch, linkLost)
      const at = await ctx.now()
      if (linkProblem) await ctx.apply({ type: 'DisconnectFeed', at })
      await ctx.apply({
        type: 'RecordBatchFailed',
        batchId: batch.id,
        rejections,
        message: op.errorMessage ?? 'The push operation failed.',
        at,
      })
      return ended(phase, 'failed')
    }
    case 'Pending':
      return phase
    default: {
      const unknown: never = op.status
      return unknown
    }
  }
}
