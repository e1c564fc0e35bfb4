import { randomUUID } from 'node:crypto'
import type { CodatBankFeedsPort, PushOperation } from '@feedsync/codat-client'
import { type FeedSummary, summarise } from '@feedsync/core'
import type { EventStore } from '@feedsync/store'
import type { FastifyBaseLogger } from 'fastify'
import type { AccountRepository } from '../accounts/repository.js'
import type { Clock } from '../clock.js'
import type { Company, CompanyRepository } from '../companies/repository.js'
import type { Metrics } from '../metrics.js'
import { accountStream, COMPANY_PREFIX } from '../streams.js'
import { type AccountSyncPorts, syncAccountLeased } from './account-sync.js'
import { withLease } from './lease.js'
import { LinkWatch, type Sources } from './link-watch.js'
import { PushHints } from './push-hints.js'
import type { SyncSettings } from './settings.js'

export type { SyncSettings } from './settings.js'

/** What one account's sync did. */
export interface AccountSyncResult {
  /** `busy`: another worker holds the account's lease; `stuck`: a batch is still open (retried next cycle). */
  readonly status: 'done' | 'busy' | 'stuck'
  readonly batchesPushed: number
  readonly reconciled: number
  /** "Sync now": the account's feed after the sync, summarised from the sync's own plan (absent when busy). */
  readonly feed?: FeedSummary
}

type Synced = AccountSyncResult & { readonly ready: number }
const BUSY: Synced = { status: 'busy', batchesPushed: 0, reconciled: 0, ready: 0 }

/**
 * The sync worker: one loop per process, on an interval and on demand ("sync now"). Per account,
 * under a lease in the database (the one place it is taken, renewed and released is `withLease`):
 * learn the link from Codat's source accounts (`LinkWatch`), then one account's sync
 * (`syncAccountLeased`): a batch with an intent but no outcome is finished BEFORE anything new is
 * planned, and a new batch's intent is appended BEFORE calling Codat (see `batch-machine.ts`).
 */
export class SyncWorker {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  /** The interval loop is off (before `start`, after `stop`). */
  private stopped = true
  /** `stop` was called: a cycle in progress ends after the account it is on. */
  private closing = false
  private again = false
  /** Streams this process is syncing, each with its sync's end (the lease is re-entrant for one owner). */
  private readonly busy = new Map<string, Promise<unknown>>()
  private readonly links: LinkWatch
  private readonly ports: AccountSyncPorts
  /** Webhooks on: what verified webhooks said about push operations; absent when off. */
  readonly hints: PushHints | undefined
  readonly owner = `worker-${randomUUID()}`

  constructor(
    private readonly deps: {
      store: EventStore
      codat: CodatBankFeedsPort
      clock: Clock
      companies: CompanyRepository
      accounts: AccountRepository
      settings: SyncSettings
      metrics: Metrics
      log: FastifyBaseLogger
      sleep?: (ms: number) => Promise<void>
    },
  ) {
    const { codat, clock, accounts, settings, metrics, log } = deps
    this.links = new LinkWatch({ codat, clock, refreshMs: settings.linkRefreshMs })
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    this.hints = settings.webhookRecheck === undefined ? undefined : new PushHints(settings.webhookRecheck)
    const hints = this.hints === undefined ? {} : { hints: this.hints }
    this.ports = { clock, codat, accounts, links: this.links, settings, metrics, log, sleep, ...hints }
  }

  /**
   * A verified webhook's terminal push outcome: kept as a hint, then the account whose open batch
   * is that operation is synced at once, through the one path (its lease, the batch machine). An
   * operation no account follows changes nothing (the hint stays, bounded, for a batch whose
   * operation key is not appended yet). Whether an account follows it.
   */
  async pushOutcome(codatCompanyId: string, op: PushOperation): Promise<boolean> {
    if (this.hints === undefined) return false
    this.hints.learn(op)
    for (const company of await this.companiesOf(codatCompanyId)) {
      for (const { accountId } of company.accounts) {
        const stream = accountStream(company.companyId, accountId)
        const key = await this.deps.accounts.withAccount(stream, async ({ state }) =>
          state.inFlight === undefined ? undefined : state.batches.get(state.inFlight)?.pushOperationKey,
        )
        if (key !== op.pushOperationKey) continue
        const r = await this.sync({ company, accountId, sources: async () => null })
        if (r.status === 'busy') this.trigger() // its holder's next step or the next cycle reads the hint
        return true
      }
    }
    return false
  }

  /** A source-account or connection webhook: the company's link is due for a re-read, in a cycle now. */
  async linkHint(codatCompanyId: string): Promise<boolean> {
    const companies = await this.companiesOf(codatCompanyId)
    for (const company of companies) this.links.stale(company)
    if (companies.length > 0) this.trigger()
    return companies.length > 0
  }

  private async companiesOf(codatCompanyId: string): Promise<Company[]> {
    const found: Company[] = []
    for (const s of await this.deps.store.listStreams({ prefix: COMPANY_PREFIX })) {
      const company = await this.deps.companies.get(s.stream.slice(COMPANY_PREFIX.length))
      if (company?.codatCompanyId === codatCompanyId) found.push(company)
    }
    return found
  }

  start(): void {
    this.stopped = false
    this.closing = false
    this.schedule(0)
  }

  /** Stops the loop and waits for the cycle in progress, if any. */
  async stop(): Promise<void> {
    this.stopped = true
    this.closing = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    await this.running
  }

  /** Asks for a cycle as soon as possible (after the one running, if any). */
  trigger(): void {
    if (this.stopped) return
    if (this.running !== undefined) this.again = true
    else this.schedule(0)
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.runOnce().finally(() => {
        if (this.stopped) return
        const next = this.again ? 0 : this.deps.settings.intervalMs
        this.again = false
        this.schedule(next)
      })
    }, ms)
    this.timer.unref?.()
  }

  /** One cycle over every company and account. Never rejects (errors are logged and counted). */
  runOnce(): Promise<void> {
    if (this.running !== undefined) return this.running
    this.running = this.cycle().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async cycle(): Promise<void> {
    const { store, companies, metrics, log, settings } = this.deps
    let ready = 0
    try {
      const streams = await store.listStreams({ prefix: COMPANY_PREFIX })
      const tasks: { company: Company; accountId: string; sources: () => Promise<Sources | null> }[] = []
      for (const s of streams) {
        const company = await companies.get(s.stream.slice(COMPANY_PREFIX.length))
        if (company === undefined) continue
        // Read Codat's source-account list at most once per company and cycle, when first needed.
        let sources: Promise<Sources | null> | undefined
        const lazy = () => {
          sources ??= this.links.dueInCycle(company).then((yes) => (yes ? this.links.read(company) : null))
          return sources
        }
        for (const a of company.accounts) tasks.push({ company, accountId: a.accountId, sources: lazy })
      }
      // Accounts are independent: up to `concurrency` of them are synced at once (Codat allows 10
      // concurrent requests per company).
      let next = 0
      const runner = async (): Promise<void> => {
        for (let t = tasks[next++]; t !== undefined && !this.closing; t = tasks[next++]) {
          try {
            const sources = await t.sources()
            ready += (
              await this.sync({ company: t.company, accountId: t.accountId, sources: async () => sources })
            ).ready
          } catch (error) {
            metrics.syncErrors.inc()
            log.warn(
              { err: error, companyId: t.company.companyId, accountId: t.accountId },
              'sync of account failed; retried next cycle',
            )
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(settings.concurrency, tasks.length) }, runner))
      metrics.syncCycles.inc()
      metrics.readyTransactions.set(ready)
      metrics.lastCycleEndedAt = Date.now()
    } catch (error) {
      metrics.syncErrors.inc()
      log.error({ err: error }, 'sync cycle failed')
    }
  }

  /**
   * "Sync now": syncs one account at once. Codat's source accounts are read when the account is not
   * known to be linked or the last read is older than `linkRefreshMs`; a linked account is pushed at
   * once (a lost link shows in the push's answer). The result carries the feed after the sync.
   *
   * When a worker holds the account (this process's loop, or another process's lease), it waits for
   * it, up to `syncNowWaitMs`, then syncs: what was ready is pushed by the holder or by this sync,
   * and the result is the feed after both. `busy` only when the lease is still held after the wait.
   */
  async syncAccount(company: Company, accountId: string): Promise<AccountSyncResult> {
    const stream = accountStream(company.companyId, accountId)
    const until = performance.now() + this.deps.settings.syncNowWaitMs
    let pauseMs = 25
    for (;;) {
      const r = await this.sync({
        company,
        accountId,
        sources: async () => (this.links.dueForSyncNow(company, accountId) ? this.links.read(company) : null),
        summarise: true,
      })
      const leftMs = until - performance.now()
      if (r.status !== 'busy' || leftMs <= 0) return r
      // This process's own sync: its end. Another process's lease: a poll, at most every 400 ms.
      const mine = this.busy.get(stream)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, mine === undefined ? Math.min(pauseMs, leftMs) : leftMs)
        const done = () => {
          clearTimeout(timer)
          resolve()
        }
        void mine?.then(done, done)
      })
      pauseMs = Math.min(pauseMs * 2, 400)
    }
  }

  private async sync(request: {
    readonly company: Company
    readonly accountId: string
    /** Codat's source accounts, read once the lease is held; `null`: skip link learning. */
    readonly sources: () => Promise<Sources | null>
    readonly summarise?: boolean
  }): Promise<Synced> {
    const { store, accounts, settings } = this.deps
    const { company, accountId } = request
    const stream = accountStream(company.companyId, accountId)
    // The lease keeps other processes out; `busy` keeps this process's loop and "sync now" apart.
    if (this.busy.has(stream)) return BUSY
    const lease = { store, key: stream, owner: this.owner, ttlMs: settings.leaseTtlMs }
    const running = withLease(lease, async (held): Promise<Synced> => {
      const sources = await request.sources()
      // The cached state (caught up), not a cold load; handed back only when the sync ends
      // normally, when every event in it has been appended.
      const loaded = await accounts.borrow(stream)
      const report = await syncAccountLeased({ loaded, company, accountId, sources, lease: held }, this.ports)
      const feed = request.summarise === true ? summarise(loaded.state, await report.plan()) : undefined
      accounts.giveBack(loaded)
      const { status, batchesPushed, reconciled, ready } = report
      return { status, batchesPushed, reconciled, ready, ...(feed === undefined ? {} : { feed }) }
    })
    this.busy.set(stream, running)
    try {
      return (await running) ?? BUSY
    } finally {
      this.busy.delete(stream)
    }
  }
}
