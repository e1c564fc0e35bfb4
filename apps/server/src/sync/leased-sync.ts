import { CodatApiError } from '@feedsync/codat-client'
import { type AccountState, type FeedSummary, summarise } from '@feedsync/core'
import type { DueClaim, EventStore } from '@feedsync/store'
import type { AccountRepository } from '../accounts/repository.js'
import type { Clock } from '../clock.js'
import type { Company } from '../companies/repository.js'
import { accountStream } from '../streams.js'
import { type AccountSyncPorts, syncAccountLeased } from './account-sync.js'
import type { SyncEnd } from './due-time.js'
import { settleAccount } from './due-work.js'
import type { Lease } from './lease.js'
import type { Sources } from './link-watch.js'
import type { SyncSettings } from './settings.js'

/** What one account's sync did. */
export interface AccountSyncResult {
  /** `busy`: another worker holds the account's lease; `stuck`: a batch is still open (due again at its next poll). */
  readonly status: 'done' | 'busy' | 'stuck'
  readonly batchesPushed: number
  readonly reconciled: number
  /** "Sync now": the account's feed after the sync, summarised from the sync's own plan (absent when busy). */
  readonly feed?: FeedSummary
}

/** What one account's sync did, with the lines left ready (for the metrics). */
export type Synced = AccountSyncResult & { readonly ready: number }

/**
 * One account's sync under its held lease, then its next due time settled (`settleAccount`): from
 * the claim's wake count, or the one read first when the sync did not start from a claim ("sync
 * now", a webhook). A sync that throws settles a retry (after Codat's `Retry-After` when given).
 *
 * @example
 * const r = await withLease(lease, (held) => syncAndSettle({ company, accountId, sources, lease: held }, deps))
 */
export async function syncAndSettle(
  input: {
    readonly company: Company
    readonly accountId: string
    /** Codat's source accounts, given the account's state; `null`: skip link learning. */
    readonly sources: (state: AccountState) => Promise<Sources | null>
    readonly lease: Lease
    readonly claim?: DueClaim | undefined
    readonly summarise: boolean
  },
  deps: {
    readonly store: Pick<EventStore, 'readDue' | 'settleDue'>
    readonly accounts: Pick<AccountRepository, 'borrow' | 'giveBack'>
    readonly settings: SyncSettings
    readonly clock: Clock
    readonly ports: AccountSyncPorts
  },
): Promise<Synced> {
  const { company, accountId, claim, lease } = input
  const { store, accounts, settings } = deps
  const stream = accountStream(company.companyId, accountId)
  const reading = claim ?? (await store.readDue(stream))
  try {
    // The cached state (caught up), not a cold load; handed back only when the sync ends
    // normally, when every event in it has been appended (or, unchanged, when the list read fails).
    const loaded = await accounts.borrow(stream)
    const sources = await input.sources(loaded.state).catch((error: unknown) => {
      accounts.giveBack(loaded)
      throw error
    })
    const report = await syncAccountLeased({ loaded, company, accountId, sources, lease }, deps.ports)
    const plan = report.status === 'done' || input.summarise ? await report.plan() : undefined
    const end: SyncEnd =
      report.status === 'done' && plan !== undefined
        ? { status: 'done', state: loaded.state, plan }
        : { status: 'stuck' }
    const now = await report.at()
    await settleAccount(store, settings, { stream, reading, end, version: loaded.state.version, now })
    const feed = input.summarise && plan !== undefined ? summarise(loaded.state, plan) : undefined
    accounts.giveBack(loaded)
    const { status, batchesPushed, reconciled, ready } = report
    return { status, batchesPushed, reconciled, ready, ...(feed === undefined ? {} : { feed }) }
  } catch (error) {
    const retryAfterMs = error instanceof CodatApiError ? error.retryAfterMs : undefined
    const end: SyncEnd = { status: 'failed', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
    await deps.clock
      .now()
      .then((now) => settleAccount(store, settings, { stream, reading, end, version: 0, now }))
      .catch(() => {})
    throw error
  }
}
