import type { Ctx, RuleOutcome } from '../context.js'
import { emit } from '../events.js'
import { platformOf } from '../platform-of.js'
import type { ConnectionRec, PushOpRec, SourceAccountRec } from '../state.js'
import { accountOf, createdChanges, finish, storeLines, unqueue } from './outcome.js'

/** One push operation being processed, as the steps fill it in. */
export interface PushJob {
  op: PushOpRec
  /** It timed out while Pending: it may still land (`landAfterTimeout`) but its outcome is not reported. */
  timedOut: boolean
  conn?: ConnectionRec
  account?: SourceAccountRec
  outcome?: RuleOutcome
}

/** One step of processing: `next` goes on, `done` ends the operation's processing. */
export interface PushStep {
  readonly name: string
  run(ctx: Ctx, job: PushJob): 'next' | 'done'
}

const got = <T>(v: T | undefined): T => v as T

/**
 * How a push operation is processed when its time comes (BEHAVIOUR §8.2, §14 #9), in order: all of the
 * request is stored, or nothing.
 */
export const PUSH_STEPS: readonly PushStep[] = [
  {
    name: 'find-account',
    run: (ctx, job) => {
      const { op } = job
      job.conn = ctx.state.companies[op.companyId]?.connections[op.connectionId]
      job.account = accountOf(ctx, op)
      if (job.conn && job.account) return 'next'
      if (!job.timedOut) {
        op.errorMessage = 'The connection or source account no longer exists.'
        op.validation = { errors: [], warnings: [] }
        finish(ctx, op, 'Failed', 404)
      }
      return 'done'
    },
  },
  {
    name: 'judge-rules',
    run: (ctx, job) => {
      const conn = got(job.conn)
      const outcome = platformOf(ctx, conn).checkRules(ctx, conn, got(job.account), job.op.lines)
      job.outcome = outcome
      emit(ctx.state, ctx.now, 'PushValidated', {
        companyId: job.op.companyId,
        pushOperationKey: job.op.key,
        errors: outcome.errors.length,
        warnings: outcome.warnings.length,
      })
      return 'next'
    },
  },
  {
    name: 'land-timed-out',
    run: (ctx, job) => {
      if (!job.timedOut) return 'next'
      if (got(job.outcome).errors.length === 0 && ctx.opts.landAfterTimeout) {
        const conn = got(job.conn)
        storeLines(ctx, job.op, got(job.account))
        platformOf(ctx, conn).pushSettled?.(ctx, conn, got(job.account), job.op, job.op.lines, 'stored')
      }
      return 'done'
    },
  },
  {
    name: 'refuse-broken-rules',
    run: (ctx, job) => {
      const { op } = job
      const outcome = got(job.outcome)
      op.validation = { errors: outcome.errors, warnings: outcome.warnings }
      if (outcome.errors.length === 0) return 'next'
      op.errorMessage = `An error occurred in a downstream service. Correlation ID: ${ctx.rng.hex(32)}. Message: Push failed for BankTransactions: see validation for more information`
      const conn = got(job.conn)
      platformOf(ctx, conn).pushSettled?.(ctx, conn, got(job.account), op, op.lines, 'refused')
      finish(ctx, op, 'Failed', 400)
      return 'done'
    },
  },
  {
    name: 'store-lines',
    run: (ctx, job) => {
      const conn = got(job.conn)
      storeLines(ctx, job.op, got(job.account))
      platformOf(ctx, conn).pushSettled?.(ctx, conn, got(job.account), job.op, job.op.lines, 'stored')
      job.op.changes = createdChanges(job.op)
      finish(ctx, job.op, 'Success', 200)
      return 'done'
    },
  },
]

/** Judges the request against the rules as of now and stores all of it or nothing, through `PUSH_STEPS`. */
export function processOperation(ctx: Ctx, op: PushOpRec): void {
  unqueue(ctx, op)
  if (op.processed) return
  op.processed = true
  const job: PushJob = { op, timedOut: op.status === 'TimedOut' }
  try {
    for (const step of PUSH_STEPS) if (step.run(ctx, job) === 'done') break
  } finally {
    op.lines = []
  }
}
