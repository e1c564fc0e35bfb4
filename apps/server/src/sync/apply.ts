import { type Command, decide } from '@feedsync/core'
import { UniqueKeyConflictError, WrongExpectedVersionError } from '@feedsync/store'
import type { FastifyBaseLogger } from 'fastify'
import type { AccountRepository, LoadedAccount } from '../accounts/repository.js'

/** Conflicts mean another writer moved the stream; the command is re-decided on the re-read state. */
export function isStoreConflict(error: unknown): boolean {
  return error instanceof WrongExpectedVersionError || error instanceof UniqueKeyConflictError
}

/**
 * Decides and appends a worker command at the expected version. The API may append (record, clear,
 * void) while the worker holds the lease: on a conflict the state is re-read and the command
 * re-decided, 10 times at most. A refused command is logged and appends nothing. Returns the number
 * of events appended.
 *
 * @example
 * const planned = await applyCommand({ accounts, log }, loaded, { type: 'PlanBatch', batchId, now, limits })
 */
export async function applyCommand(
  ports: { readonly accounts: Pick<AccountRepository, 'append' | 'reload'>; readonly log: FastifyBaseLogger },
  loaded: LoadedAccount,
  command: Command,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const d = decide(command, loaded.state)
    if (!d.ok) {
      ports.log.warn(
        { stream: loaded.stream, code: d.error.code },
        `worker command refused: ${d.error.message}`,
      )
      return 0
    }
    try {
      await ports.accounts.append(loaded, d.events)
      return d.events.length
    } catch (error) {
      if (!isStoreConflict(error) || attempt >= 10) throw error
      await ports.accounts.reload(loaded)
    }
  }
}
