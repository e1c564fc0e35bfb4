import { AsyncLocalStorage } from 'node:async_hooks'
import type { EventStore } from '@feedsync/store'
import { ACCOUNT_PREFIX, COMPANY_PREFIX } from '../streams.js'

/** Set while the sync worker runs an account's sync: its own appends settle the account instead of waking it. */
const inWorker = new AsyncLocalStorage<true>()

/** Runs `work` as the worker's: appends made in it do not wake the account (its sync settles it). */
export function asWorker<T>(work: () => Promise<T>): Promise<T> {
  return inWorker.run(true, work)
}

/** What an append outside the worker tells the due work. */
export interface WakeHooks {
  /** An account stream got events (ingest, operator action, registration): it is due now (already marked). */
  account(stream: string): void
  /** A company stream got events (onboarding, a link hand-off): its accounts are due now. */
  company(companyId: string): Promise<void>
}

/** The account stream's company and account ids (`account:<companyId>:<accountId>`; company ids hold no `:`). */
export function parseAccountStream(stream: string): { companyId: string; accountId: string } | undefined {
  if (!stream.startsWith(ACCOUNT_PREFIX)) return undefined
  const rest = stream.slice(ACCOUNT_PREFIX.length)
  const colon = rest.indexOf(':')
  if (colon <= 0 || colon === rest.length - 1) return undefined
  return { companyId: rest.slice(0, colon), accountId: rest.slice(colon + 1) }
}

/**
 * The store with wakes: an append to an account stream made outside the worker makes the account
 * due at once, AFTER the append (a sync that read the state before it keeps the account due: the
 * wake counts up, see `settleDue`); an append to a company stream wakes its accounts. The worker's
 * own appends (inside `asWorker`) do not wake: its sync settles the account's next due time.
 *
 * @example
 * const store = wakeOnAppend(guarded, { account: () => worker.trigger(), company: (id) => worker.wakeCompany(id) })
 */
export function wakeOnAppend(store: EventStore, hooks: WakeHooks): EventStore {
  const appendToStream: EventStore['appendToStream'] = async (stream, expected, events) => {
    const result = await store.appendToStream(stream, expected, events)
    if (inWorker.getStore() === true || events.length === 0) return result
    if (stream.startsWith(ACCOUNT_PREFIX)) {
      await store.markDue([stream])
      hooks.account(stream)
    } else if (stream.startsWith(COMPANY_PREFIX)) {
      await hooks.company(stream.slice(COMPANY_PREFIX.length))
    }
    return result
  }
  // A proxy, not a copy: a test that replaces one of the store's methods still reaches it.
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendToStream') return appendToStream
      const value: unknown = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
