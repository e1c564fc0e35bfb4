import type { Ctx, SimResponse } from '../context.js'
import { ok } from '../context.js'
import { codatError } from '../errors.js'
import { emit } from '../events.js'
import { accountOf, createdChanges, finish, storeLines, unqueue } from './outcome.js'
import { renderPushOperation } from './push-operation-view.js'

/** Control: force a Pending operation's outcome (Success stores its lines without judging the rules). */
export function forceComplete(ctx: Ctx, key: string, status: unknown): SimResponse {
  const op = ctx.state.operations[key]
  if (!op) throw codatError(ctx, 404, `Push operation ${key} not found`)
  if (status !== 'Success' && status !== 'Failed' && status !== 'TimedOut') {
    throw codatError(ctx, 400, 'status must be Success, Failed or TimedOut.')
  }
  if (op.status !== 'Pending') throw codatError(ctx, 409, `Push operation ${key} is already ${op.status}.`)
  op.processed = true
  unqueue(ctx, op)
  if (status === 'TimedOut') {
    op.lines = []
    op.status = 'TimedOut'
    op.completedOn = ctx.now
    emit(ctx.state, ctx.now, 'PushTimedOut', {
      companyId: op.companyId,
      pushOperationKey: op.key,
      forced: true,
    })
    return ok(200, renderPushOperation(op))
  }
  const a = accountOf(ctx, op)
  if (status === 'Success' && a) {
    storeLines(ctx, op, a)
    op.lines = []
    op.validation = { errors: [], warnings: [] }
    op.changes = createdChanges(op)
    finish(ctx, op, 'Success', 200)
  } else {
    op.lines = []
    op.errorMessage = 'Push failed: forced by the simulator control API.'
    op.validation = { errors: [], warnings: [] }
    finish(ctx, op, 'Failed', 400)
  }
  return ok(200, renderPushOperation(op))
}
