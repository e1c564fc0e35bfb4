import { AsyncLocalStorage } from 'node:async_hooks'
import type { DueReading, EventStore } from '@feedsync/store'
import { ACCOUNT_PREFIX, COMPANY_PREFIX } from '../streams.js'
import { nextDue, type SyncEnd } from './due-time.js'
import type { SyncSettings } from './settings.js'

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
 * due at once, in the append's own database transaction (`markDue` of `AppendOptions`: no crash
 * between the two can lose the wake; a sync that read the state before it keeps the account due:
 * the wake counts up, see `settleDue`); an append to a company stream wakes its accounts. The
 * worker's own appends (inside `asWorker`) do not wake: its sync settles the account's next due time.
 *
 * @example
 * const store = wakeOnAppend(guarded, { account: () => worker.trigger(), company: (id) => worker.wakeCompany(id) })
 */
export function wakeOnAppend(store: EventStore, hooks: WakeHooks): EventStore {
  const appendToStream: EventStore['appendToStream'] = async (stream, expected, events, options) => {
    const wakes = inWorker.getStore() !== true && events.length > 0
    if (wakes && stream.startsWith(ACCOUNT_PREFIX)) {
      const result = await store.appendToStream(stream, expected, events, { ...options, markDue: true })
      hooks.account(stream)
      return result
    }
    const result = await store.appendToStream(stream, expected, events, options)
    if (wakes && stream.startsWith(COMPANY_PREFIX)) await hooks.company(stream.slice(COMPANY_PREFIX.length))
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

/**
 * Stores the account's next due time, derived from how its sync ended (`nextDue`), with the wake
 * count read when the sync began (a wake since then keeps it due) and the version it saw.
 *
 * @example
 * await settleAccount(store, settings, { stream, reading: claim, end, version: state.version, now })
 */
export async function settleAccount(
  store: Pick<EventStore, 'settleDue'>,
  settings: Pick<SyncSettings, 'pollIntervalMs' | 'linkRefreshMs' | 'limits' | 'due'>,
  settled: {
    readonly stream: string
    readonly reading: DueReading
    readonly end: SyncEnd
    readonly version: number
    readonly now: string
  },
): Promise<void> {
  const { stream, reading, end, version, now } = settled
  const { dueAt, streak } = nextDue(end, now, reading.streak, settings)
  await store.settleDue({ key: stream, wake: reading.wake, dueAt, streak, version })
}

/** Resolves when `work` settles or after `ms`, whichever is first. */
export function settledOrAfter(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    void work?.then(done, done)
  })
}
