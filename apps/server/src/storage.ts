import type { EventStore } from '@feedsync/store'

/**
 * The database cannot be reached (Postgres refusing or dropping connections, the embedded PGlite
 * closed): the request may be retried as it is. The API answers 503 `storage_unavailable` with
 * `Retry-After`.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError'
}

/** Node's socket error codes that mean the database server cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
])

/** SQLSTATEs of a lost or refused connection: class 08, shutdown (57P01-57P03), too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/

/** Messages of pg, PGlite and kysely once the connection or the store is gone. */
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|not queryable|after calling end on the pool|pglite is closed|driver has already been destroyed|connection (?:refused|reset)/i

/**
 * True when `error` (or its cause) says the database is unreachable, as opposed to a statement it
 * refused (a constraint, bad data), which stays an error of its own.
 *
 * @example
 * isStorageUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // => true
 */
export function isStorageUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false
  if (error instanceof StorageUnavailableError) return true
  const { code, message, cause, errors } = error as {
    code?: unknown
    message?: unknown
    cause?: unknown
    errors?: unknown
  }
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true
  // an AggregateError (a connect to several addresses) is unavailable when its errors are
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isStorageUnavailable(e, depth + 1)))
    return true
  return isStorageUnavailable(cause, depth + 1)
}

/** Where the outage is told: once when it starts, once when the database answers again. */
export interface OutageLog {
  error(object: object, message: string): void
  info(message: string): void
}

/** Every method of the store: guarded, or passed through (`close`). A new method does not compile until listed. */
const METHODS: { readonly [K in keyof EventStore]: 'guard' | 'pass' } = {
  appendToStream: 'guard',
  putRows: 'guard',
  readRows: 'guard',
  pageRows: 'guard',
  readStream: 'guard',
  readAll: 'guard',
  listStreams: 'guard',
  saveSnapshot: 'guard',
  loadSnapshot: 'guard',
  tryAcquireLease: 'guard',
  renewLease: 'guard',
  releaseLease: 'guard',
  takeTokens: 'guard',
  blockTokens: 'guard',
  markDue: 'guard',
  markMovedDue: 'guard',
  claimDue: 'guard',
  readDue: 'guard',
  settleDue: 'guard',
  releaseDue: 'guard',
  ping: 'guard',
  close: 'pass',
}

/**
 * The store as the app uses it: an unreachable database becomes a {@link StorageUnavailableError}
 * (the 503 `storage_unavailable` of the API), logged once per outage (at its first failure) and once
 * more when a call succeeds again: not once per request. Every other error passes unchanged.
 *
 * @example
 * const store = guardStore(await createEventStore(options), app.log.child({ component: 'storage' }))
 */
export function guardStore(store: EventStore, log: OutageLog): EventStore {
  let down = false
  const guarded = {} as Record<keyof EventStore, unknown>
  for (const name of Object.keys(METHODS) as (keyof EventStore)[]) {
    const method = store[name] as (...args: unknown[]) => Promise<unknown>
    if (METHODS[name] === 'pass') {
      guarded[name] = (...args: unknown[]) => method.apply(store, args)
      continue
    }
    guarded[name] = async (...args: unknown[]) => {
      try {
        const result = await method.apply(store, args)
        if (down) {
          down = false
          log.info('storage available again')
        }
        return result
      } catch (error) {
        if (!isStorageUnavailable(error)) throw error
        if (!down) {
          down = true
          log.error({ err: error }, 'storage unavailable: the database does not answer; requests get 503')
        }
        throw new StorageUnavailableError('The database does not answer.', { cause: error })
      }
    }
  }
  return guarded as unknown as EventStore
}
