import { CodatApiError, type CodatBankFeedsPort, type PushOperation } from '@feedsync/codat-client'
import { type AccountState, type Batch, type Command, type Destination, destinationOf } from '@feedsync/core'
import type { FastifyBaseLogger } from 'fastify'
import type { Company } from '../companies/repository.js'
import type { Metrics } from '../metrics.js'
import {
  type BatchPhase,
  endedPhase as ended,
  isSettled,
  openPhase as open,
  type Planned,
  type Submitted,
  submittedPhase as submitted,
} from './batch-phase.js'
import { codatLines, rejectionsOf } from './codat-lines.js'
import { widening } from './due-time.js'
import { lookUpLostPush } from './look-up-lost-push.js'
import type { PushHints } from './push-hints.js'
import type { SyncSettings } from './settings.js'

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
  /** A push Codat answered `Success`: the account's link held then (link evidence, `LinkWatch.proved`). */
  readonly linkProved: () => void
  readonly codat: Pick<CodatBankFeedsPort, 'transactions'>
  readonly settings: Pick<
    SyncSettings,
    'idempotencyWindowMs' | 'maxPolls' | 'pollFirstMs' | 'pollIntervalMs' | 'pollMaxIntervalMs'
  >
  readonly metrics: Pick<Metrics, 'batchesPushed' | 'batchesSucceeded' | 'pushFailures'>
  readonly log: Pick<FastifyBaseLogger, 'info' | 'warn'>
  readonly sleep: (ms: number) => Promise<void>
  /** Webhooks on: their signed outcomes and the backstop's schedule; absent: poll as always. */
  readonly hints?: Pick<PushHints, 'terminal' | 'due' | 'settled'>
}

/**
 * One step: at most one decision, one clock read and one kind of call to Codat.
 * - `planned`, fresh or inside the idempotency window on our clock → push with the batch id as
 *   Idempotency-Key (Codat replays its stored answer if an earlier call landed) → `submitted`, or
 *   `outcome` failed (Codat refused the request), or `open` (outcome unknown);
 * - `planned`, past the window → look for it among the create operations → `submitted` (found),
 *   `outcome` lost (nothing landed: its lines are re-planned) or `open` (undecided);
 * - `submitted` → record Codat's terminal answer (`outcome`), or read the operation (`submitted`
 *   while Pending, `open` after `maxPolls` reads or when it cannot be read). Each Pending answer,
 *   the create call's included, is followed by a pause until the operation is next worth reading
 *   (`nextReadMs`: first the destination's usual Pending time, then widening). With webhooks on
 *   (`ctx.hints`): a signed `Success` is recorded as it came; a signed `Failed`/`TimedOut` is read
 *   again (its validation details); with no hint the operation is read only when the backstop's
 *   schedule says so, once per step (`open` until then).
 */
export async function stepBatch(phase: BatchPhase, ctx: BatchContext): Promise<BatchPhase> {
  if (isSettled(phase)) return phase
  const batch = ctx.loaded.state.batches.get(phase.batchId)
  if (batch === undefined) return open(phase, 'unknown_batch')
  switch (phase.status) {
    case 'planned':
      if (phase.fresh || (await insideWindow(batch, ctx))) return send(phase, batch, ctx)
      return lookUp(phase, batch, ctx)
    case 'submitted': {
      const signed = ctx.hints?.terminal(phase.pushOperationKey)
      if (signed?.status === 'Success') return record(phase, batch, signed, ctx)
      if (phase.operation !== undefined && phase.operation.status !== 'Pending') {
        return record(phase, batch, phase.operation, ctx)
      }
      if (signed === undefined && ctx.hints?.due(phase.pushOperationKey) === false) {
        return open(phase, 'awaiting_webhook')
      }
      return poll(phase, batch, ctx)
    }
    default: {
      const unknown: never = phase
      return unknown
    }
  }
}

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
      const { rejections, linkProblem } = rejectionsOf(body, batch, error.status === 404, ctx.loaded.state)
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
  // Polling: a read before the ledger's usual Pending time is answered Pending, and costs a request.
  // With webhooks on, the backstop's schedule decides the first read (`hints.due`).
  if (op.status === 'Pending' && ctx.hints === undefined) {
    await ctx.sleep(nextReadMs(0, destinationOf(ctx.loaded.state), ctx.settings))
  }
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
  // With webhooks on, one read per backstop turn: the webhook brings the outcome.
  if (polls >= ctx.settings.maxPolls || ctx.hints !== undefined) return open(phase, 'pending')
  await ctx.sleep(nextReadMs(polls, destinationOf(ctx.loaded.state), ctx.settings))
  return { ...phase, polls, operation: op }
}

/**
 * When a push operation is next worth reading, in ms after Codat's `reads`-th answer that it is
 * Pending (the create call's answer is the 0th): first the destination's usual Pending time
 * (`destination.pendingMs`, or `pollFirstMs` when set), then `pollIntervalMs` doubling after each
 * read, at most `pollMaxIntervalMs`. QBO by default: 2 s, then 1 s, 2 s, 4 s, 8 s, 10 s, 10 s, ...;
 * a QBO push Pending its usual 2 s costs one create and one read.
 *
 * @example
 * const settings = { pollFirstMs: undefined, pollIntervalMs: 1000, pollMaxIntervalMs: 10_000 }
 * nextReadMs(0, destinations.sage, settings) // 60000
 * nextReadMs(3, destinations.sage, settings) // 4000
 */
export function nextReadMs(
  reads: number,
  destination: Pick<Destination, 'pendingMs'>,
  settings: Pick<SyncSettings, 'pollFirstMs' | 'pollIntervalMs' | 'pollMaxIntervalMs'>,
): number {
  if (reads <= 0) return settings.pollFirstMs ?? destination.pendingMs
  return widening(settings.pollIntervalMs, settings.pollMaxIntervalMs, reads - 1)
}

async function record(
  phase: Submitted,
  batch: Batch,
  op: PushOperation,
  ctx: BatchContext,
): Promise<BatchPhase> {
  const { metrics } = ctx
  const settle = () => ctx.hints?.settled(phase.pushOperationKey)
  switch (op.status) {
    case 'Success':
      settle()
      ctx.linkProved()
      metrics.batchesSucceeded.inc()
      await ctx.apply({ type: 'RecordBatchSucceeded', batchId: batch.id, at: await ctx.now() })
      return ended(phase, 'succeeded')
    case 'TimedOut':
      settle()
      metrics.pushFailures.inc()
      await ctx.apply({ type: 'RecordBatchTimedOut', batchId: batch.id, at: await ctx.now() })
      return ended(phase, 'timed_out')
    case 'Failed': {
      metrics.pushFailures.inc()
      const linkLost = await ctx.linkLost()
      if (linkLost === undefined) return open(phase, 'link_unknown') // decide next cycle
      settle()
      const { rejections, linkProblem } = rejectionsOf(op, batch, linkLost, ctx.loaded.state)
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
