import { instantProblem, limitsProblem } from './command-checks.js'
import type { Command } from './commands.js'
import { isDay, parseLocalDateTime } from './dates.js'
import { type Decision, fail, notRegistered, ok } from './decision.js'
import { destinationOf } from './destinations/destinations.js'
import {
  acceptBankBalance,
  changeAccountSettings,
  dismissTransaction,
  quarantineEvents,
  recordQuarantines,
  redateTransaction,
} from './operator-decisions.js'
import { planBatches } from './planner.js'
import { recordTransaction } from './record.js'
import { registerAccount } from './register-account.js'
import { NO_SETTLED, type SettledLookup, txnOf } from './settled.js'
import type { AccountState, Batch } from './state.js'

export type { Decision } from './decision.js'
export { normaliseTransaction } from './normalise.js'
export { decideRecordTransactions, type RecordOutcome } from './record.js'

/**
 * Decides what a command means for one account. Pure and total: never throws, never reads a clock;
 * a command it cannot use (an unreadable `at` or `now`, unusable limits) is refused with a code.
 *
 * @example
 * const d = decide({ type: 'VoidTransaction', transactionId: 't1', at }, state)
 * if (!d.ok) d.error.code // => 'transaction_already_pushed'
 */
export function decide(command: Command, state: AccountState, settled: SettledLookup = NO_SETTLED): Decision {
  const bad = instantProblem(command)
  if (bad !== undefined) return { ok: false, error: bad }
  const account = state.account
  if (command.type === 'RegisterAccount') return registerAccount(command, state)
  if (account === undefined) return { ok: false, error: notRegistered() }
  switch (command.type) {
    case 'LinkFeed': {
      if (!isDay(command.feedStartDate)) {
        return fail(
          'invalid_feed_start_date',
          `feedStartDate must be a date as YYYY-MM-DD, got "${command.feedStartDate}".`,
        )
      }
      const f = state.feed
      if (f.status === 'linked' && f.feedStartDate === command.feedStartDate) return ok()
      return ok({ type: 'FeedLinked', data: { feedStartDate: command.feedStartDate, at: command.at } })
    }
    case 'DisconnectFeed':
      return state.feed.status === 'linked'
        ? ok({ type: 'FeedDisconnected', data: { at: command.at } })
        : ok()
    case 'RecordTransaction':
      return recordTransaction(
        command.transaction,
        command.at,
        state,
        account.currency,
        account.decimals,
        settled,
      )
    case 'ClearTransaction': {
      const t = txnOf(state.txns, settled, command.transactionId)
      if (t === undefined)
        return fail('unknown_transaction', `No transaction "${command.transactionId}" on this account.`)
      if (t.voided)
        return fail('transaction_voided', `Transaction "${t.id}" was voided and cannot be cleared.`)
      if (t.replacedBy !== undefined) {
        return fail(
          'transaction_replaced',
          `Transaction "${t.id}" was posted as ${t.replacedBy}; clear that one instead.`,
        )
      }
      if (command.date !== undefined && parseLocalDateTime(command.date) === undefined) {
        return fail('invalid_date', `date must be YYYY-MM-DD or an ISO date-time, got "${command.date}".`)
      }
      if (t.cleared) return ok()
      const data =
        command.date === undefined
          ? { transactionId: t.id, at: command.at }
          : { transactionId: t.id, date: command.date, at: command.at }
      return ok({ type: 'TransactionCleared', data })
    }
    case 'VoidTransaction': {
      const t = txnOf(state.txns, settled, command.transactionId)
      if (t === undefined)
        return fail('unknown_transaction', `No transaction "${command.transactionId}" on this account.`)
      if (t.pushed) {
        return fail(
          'transaction_already_pushed',
          `Transaction "${t.id}" is already in ${destinationOf(state).name}; it can no longer be voided.`,
        )
      }
      if (t.batchId !== undefined) {
        return fail(
          'transaction_in_flight',
          `Transaction "${t.id}" is being sent to ${destinationOf(state).name} right now; try again after the push ends.`,
        )
      }
      if (t.voided) return ok()
      return ok({ type: 'TransactionVoided', data: { transactionId: t.id, at: command.at } })
    }
    case 'PlanBatch': {
      const unusable = limitsProblem(command.limits)
      if (unusable !== undefined) return { ok: false, error: unusable }
      if (state.inFlight !== undefined) {
        return fail(
          'batch_in_flight',
          `Batch ${state.inFlight} is still in flight; record its outcome first.`,
        )
      }
      if (state.batches.has(command.batchId))
        return fail('invalid_batch_outcome', `Batch id ${command.batchId} is already used.`)
      const plan = planBatches(state, command.now, command.limits)
      const first = plan.batches[0]
      // Nothing to push: nothing decided (`RecordQuarantines` records new reasons on its own).
      if (first === undefined) return ok()
      return ok(...quarantineEvents(state, plan, command.now), {
        type: 'BatchPlanned',
        data: { batchId: command.batchId, lines: [...first.lines], at: command.now },
      })
    }
    case 'RecordQuarantines':
      return recordQuarantines(command, state)
    case 'DismissTransaction':
      return dismissTransaction(command, state, settled)
    case 'RedateTransaction':
      return redateTransaction(command, state, settled)
    case 'AcceptBankBalance':
      return acceptBankBalance(command, state, settled)
    case 'ChangeAccountSettings':
      return changeAccountSettings(command, state)
    case 'SubmitBatch': {
      const b = state.batches.get(command.batchId)
      if (b === undefined) return fail('unknown_batch', `No batch ${command.batchId} on this account.`)
      if (b.status === 'submitted' && b.pushOperationKey === command.pushOperationKey) return ok()
      if (b.status !== 'planned')
        return fail('batch_not_in_flight', `Batch ${b.id} is ${b.status}, not waiting to be submitted.`)
      return ok({
        type: 'BatchSubmitted',
        data: { batchId: b.id, pushOperationKey: command.pushOperationKey, at: command.at },
      })
    }
    case 'RecordBatchSucceeded':
    case 'RecordBatchFailed':
    case 'RecordBatchTimedOut': {
      const b = state.batches.get(command.batchId)
      if (b === undefined) return fail('unknown_batch', `No batch ${command.batchId} on this account.`)
      const terminal = {
        RecordBatchSucceeded: 'succeeded',
        RecordBatchFailed: 'failed',
        RecordBatchTimedOut: 'timed_out',
      }[command.type]
      if (b.status === terminal) return ok()
      if (b.status !== 'planned' && b.status !== 'submitted') {
        return fail('batch_not_in_flight', `Batch ${b.id} already ended as ${b.status}.`)
      }
      if (command.type === 'RecordBatchSucceeded')
        return ok({ type: 'BatchSucceeded', data: { batchId: b.id, at: command.at } })
      if (command.type === 'RecordBatchTimedOut')
        return ok({ type: 'BatchTimedOut', data: { batchId: b.id, at: command.at } })
      const strangers = command.rejections.filter((r) => !inBatch(b, r.transactionId))
      if (strangers.length > 0) {
        return fail(
          'invalid_batch_outcome',
          `Rejected transaction ${strangers[0]?.transactionId} is not in batch ${b.id}.`,
        )
      }
      return ok({
        type: 'BatchFailed',
        data: { batchId: b.id, rejections: command.rejections, message: command.message, at: command.at },
      })
    }
    default: {
      const unknown: never = command
      return fail('invalid_transaction', `Unknown command ${JSON.stringify(unknown)}.`)
    }
  }
}

function inBatch(b: Batch, transactionId: string): boolean {
  return b.lines.some((l) => l.transactionId === transactionId)
}
