import type { Command } from '@feedsync/core'
import type { FastifyBaseLogger } from 'fastify'
import { decideCommand, handleCommandOn } from '../accounts/command-runner.js'
import type { AccountRepository, LoadedAccount } from '../accounts/repository.js'

/**
 * Decides and appends a worker command at the expected version through the shared command runner
 * (`handleCommandOn`: the API may append while the worker holds the lease; on a conflict the state
 * is re-read and the command re-decided, `MAX_ATTEMPTS` in all). A refused command is logged and
 * appends nothing. Returns the number of events appended.
 *
 * @example
 * const planned = await applyCommand({ accounts, log }, loaded, { type: 'PlanBatch', batchId, now, limits })
 */
export function applyCommand(
  ports: {
    readonly accounts: Pick<AccountRepository, 'append' | 'reload' | 'settledOf'>
    readonly log: Pick<FastifyBaseLogger, 'warn'>
  },
  loaded: LoadedAccount,
  command: Command,
): Promise<number> {
  return handleCommandOn(
    ports.accounts,
    loaded,
    decideCommand(command, (error) => {
      ports.log.warn({ stream: loaded.stream, code: error.code }, `worker command refused: ${error.message}`)
      return 0
    }),
  )
}
