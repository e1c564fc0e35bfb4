import type { ExpectedVersion } from './event-store.js'

/**
 * The stream's version did not match the expected version of an append; nothing was appended.
 *
 * @example
 * try {
 *   await store.appendToStream('account-1', 4, events)
 * } catch (error) {
 *   if (error instanceof WrongExpectedVersionError) reloadAndRetry(error.actual)
 *   else throw error
 * }
 */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError'
  readonly code = 'WRONG_EXPECTED_VERSION'

  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the append was checked (0: the stream does not exist). */
    readonly actual: number,
  ) {
    super(`Wrong expected version for stream "${stream}": expected ${String(expected)}, actual ${actual}`)
  }
}

/**
 * Some `uniqueKey`s of an append are already in the stream (or repeated in the batch); nothing was
 * appended.
 *
 * @example
 * try {
 *   await store.appendToStream('account-1', 'any', [{ type: 'TransactionRecorded', data, uniqueKey: 'txn:1' }])
 * } catch (error) {
 *   if (error instanceof UniqueKeyConflictError) console.log(error.keys) // ['txn:1']
 * }
 */
export class UniqueKeyConflictError extends Error {
  override readonly name = 'UniqueKeyConflictError'
  readonly code = 'UNIQUE_KEY_CONFLICT'

  constructor(
    readonly stream: string,
    /** The clashing keys, sorted, each once. */
    readonly keys: readonly string[],
  ) {
    super(`Unique keys already recorded in stream "${stream}": ${keys.join(', ')}`)
  }
}
