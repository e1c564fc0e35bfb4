import {
  type AccountState,
  type Command,
  decide,
  type FeedError,
  type FeedEvent,
  NO_SETTLED,
  type SettledLookup,
  type TransactionInput,
} from '@feedsync/core'
import { UniqueKeyConflictError, WrongExpectedVersionError } from '@feedsync/store'
import { ServiceError } from '../errors.js'
import type { AccountRepository, LoadedAccount } from './repository.js'

/**
 * What one decision produced: the events to append (none: nothing to append) and the caller's
 * answer, returned once they are appended.
 *
 * @example
 * const decided: Decided<number> = { events: d.events, result: d.events.length }
 */
export interface Decided<R> {
  readonly events: readonly FeedEvent[]
  readonly result: R
}

/**
 * A decide step: reads the account's state (never mutates it) and returns what to append. It may
 * run more than once (once per attempt, each time on a fresher state). To refuse, throw (a
 * `ServiceError` reaches the caller as is; it is not retried) or return no events.
 *
 * `names`: the transaction ids the command names. Those the state folded away (settled lines) are
 * read back from the projection before each attempt and handed over as `settled`, so the decision
 * on them is the one a full state would give.
 */
export interface Decide<R> {
  (state: AccountState, settled: SettledLookup): Decided<R>
  readonly names?: readonly string[]
}

/** The parts of `AccountRepository` the runner uses. */
export type CommandStore = Pick<AccountRepository, 'withAccount' | 'append' | 'reload' | 'settledOf'>

/**
 * THE retry policy: a command is decided at most this many times. Each attempt after the first
 * follows a conflict (another writer appended meanwhile) and decides again on the re-read state.
 */
export const MAX_ATTEMPTS = 10

/** A conflict: another writer moved the stream (version) or already recorded one of the ids (unique key). */
export function isConflict(error: unknown): error is WrongExpectedVersionError | UniqueKeyConflictError {
  return error instanceof WrongExpectedVersionError || error instanceof UniqueKeyConflictError
}

/**
 * Emmett's command handler: load → decide → append at the expected version, one caller at a time
 * per stream in this process (`withAccount`). On a conflict the stream is re-read and the command
 * decided again, up to `MAX_ATTEMPTS` in all; then `ServiceError('concurrent_update')` (its `cause`
 * the last conflict). Any other error, a refusal thrown by `decide` included, is rethrown at once.
 *
 * @example
 * const count = await handleCommand(accounts, accountStream(companyId, accountId),
 *   decideCommand({ type: 'VoidTransaction', transactionId, at }))
 */
export function handleCommand<R>(accounts: CommandStore, stream: string, decide: Decide<R>): Promise<R> {
  return accounts.withAccount(stream, (loaded) => handleCommandOn(accounts, loaded, decide))
}

/**
 * The same policy for a caller that already holds the account (inside `withAccount`, or a state
 * taken with `borrow`, as the sync worker does): decide → append on `loaded`; on a conflict
 * `accounts.reload(loaded)` and decide again, up to `MAX_ATTEMPTS`; then
 * `ServiceError('concurrent_update')`. On success `loaded` holds the appended events.
 *
 * @example
 * // the worker: a refused command is logged and counts as nothing appended
 * const appended = await handleCommandOn(accounts, loaded, decideCommand(command, (error) => {
 *   log.warn({ stream: loaded.stream, code: error.code }, `worker command refused: ${error.message}`)
 *   return 0
 * }))
 */
export async function handleCommandOn<R>(
  accounts: Pick<CommandStore, 'append' | 'reload' | 'settledOf'>,
  loaded: LoadedAccount,
  decide: Decide<R>,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const settled =
      decide.names === undefined || decide.names.length === 0
        ? NO_SETTLED
        : await accounts.settledOf(loaded, decide.names)
    const { events, result } = decide(loaded.state, settled)
    try {
      await accounts.append(loaded, events)
      return result
    } catch (error) {
      if (!isConflict(error)) throw error
      if (attempt >= MAX_ATTEMPTS) {
        throw new ServiceError(
          'concurrent_update',
          'The account kept changing; retry the request.',
          {},
          { cause: error },
        )
      }
      await accounts.reload(loaded)
    }
  }
}

/**
 * A core command as a decide step answering the number of events it appends. A refusal is thrown
 * as `ServiceError(code, message)` unless `refused` is given: then its answer is the result and
 * nothing is appended.
 *
 * @example
 * decideCommand({ type: 'ClearTransaction', transactionId: 't1', at }) // throws e.g. 'unknown_transaction'
 */
export function decideCommand(command: Command, refused?: (error: FeedError) => number): Decide<number> {
  const step = (state: AccountState, settled: SettledLookup): Decided<number> => {
    const d = decide(command, state, settled)
    if (d.ok) return { events: d.events, result: d.events.length }
    if (refused === undefined) throw new ServiceError(d.error.code, d.error.message)
    return { events: [], result: refused(d.error) }
  }
  return Object.assign(step, { names: namedIds(command) })
}

/** The ids a transaction to record names: its own, and the pending one it replaces. */
export function recordNames(t: TransactionInput): string[] {
  return typeof t.replacesPendingId === 'string' ? [String(t.id), t.replacesPendingId] : [String(t.id)]
}

/** The transaction ids a command names (whose settled lines its decision may need). */
export function namedIds(command: Command): string[] {
  switch (command.type) {
    case 'RecordTransaction':
      return recordNames(command.transaction)
    case 'ClearTransaction':
    case 'VoidTransaction':
    case 'DismissTransaction':
    case 'RedateTransaction':
    case 'AcceptBankBalance':
      return [command.transactionId]
    default:
      return []
  }
}
