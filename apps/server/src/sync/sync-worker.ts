import { randomUUID } from 'node:crypto'
import type { CodatBankFeedsPort, PushOperation } from '@feedsync/codat-client'
import type { AccountState } from '@feedsync/core'
import type { DueClaim, EventStore } from '@feedsync/store'
import type { FastifyBaseLogger } from 'fastify'
import type { AccountRepository } from '../accounts/repository.js'
import type { Clock } from '../clock.js'
import type { Company, CompanyRepository } from '../companies/repository.js'
import type { Metrics } from '../metrics.js'
import { ACCOUNT_PREFIX, accountStream } from '../streams.js'
import type { AccountSyncPorts } from './account-sync.js'
import { workClaims } from './claim-stream.js'
import { type ClaimedTask, cycleClaims } from './claimed-tasks.js'
import { CodatCompanies } from './codat-companies.js'
import { asWorker, settledOrAfter } from './due-work.js'
import { withLease } from './lease.js'
import { type AccountSyncResult, type Synced, syncAndSettle } from './leased-sync.js'
import { LinkWatch, type Sources } from './link-watch.js'
import { PushHints } from './push-hints.js'
import type { SyncSettings } from './settings.js'

export type { AccountSyncResult } from './leased-sync.js'
export type { SyncSettings } from './settings.js'

const BUSY: Synced = { status: 'busy', batchesPushed: 0, reconciled: 0, ready: 0 }

/**
 * The sync worker: one loop per process, on an interval and on demand ("sync now"). A cycle claims the due
 * accounts (`store.claimDue`; each sync settles the account's next due time, `due-time.ts`; appends elsewhere
 * wake it, `due-work.ts`). Per account, under a database lease (`withLease`): learn the link (`LinkWatch`),
 * then one account's sync (`syncAccountLeased`): a batch with an intent but no outcome is finished BEFORE
 * anything new is planned, and a new batch's intent is appended BEFORE calling Codat (`batch-machine.ts`).
 */
export class SyncWorker {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  /** The interval loop is off (before `start`, after `stop`); `closing`: a cycle ends after its account. */
  private stopped = true
  private closing = false
  private again = false
  /** Streams this process is syncing, each with its sync's end (the lease is re-entrant for one owner). */
  private readonly busy = new Map<string, Promise<unknown>>()
  private readonly links: LinkWatch
  private readonly ports: AccountSyncPorts
  /** Webhooks on: what verified webhooks said about push operations; absent when off. */
  readonly hints: PushHints | undefined
  readonly owner = `worker-${randomUUID()}`
  /** Codat company id → our companies (webhooks name Codat's). */
  private readonly codatCompanies: CodatCompanies
  /** At this process's first cycle: accounts with no due row, or moved since settled, are due (`markMovedDue`). */
  private recovered: Promise<unknown> | undefined

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
    this.links = new LinkWatch({
      codat,
      clock,
      refreshMs: settings.linkRefreshMs,
      evidenceMs: settings.due.linkMaxMs,
    })
    this.codatCompanies = new CodatCompanies(deps)
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
    for (const company of await this.codatCompanies.of(codatCompanyId)) {
      for (const { accountId } of company.accounts) {
        const stream = accountStream(company.companyId, accountId)
        const key = await this.deps.accounts.withAccount(stream, async ({ state }) =>
          state.inFlight === undefined ? undefined : state.batches.get(state.inFlight)?.pushOperationKey,
        )
        if (key !== op.pushOperationKey) continue
        const r = await this.sync({ company, accountId, sources: async () => null })
        if (r.status === 'busy') {
          await this.deps.store.markDue([stream]) // its holder's next step or a cycle reads the hint
          this.trigger()
        }
        return true
      }
    }
    return false
  }

  /** A source-account or connection webhook: the company's link is due for a re-read, its accounts due now. */
  async linkHint(codatCompanyId: string): Promise<boolean> {
    const companies = await this.codatCompanies.of(codatCompanyId)
    for (const company of companies) await this.wake(company)
    return companies.length > 0
  }

  /**
   * A company stream got events outside the worker (onboarding, a link hand-off): its link is due
   * for a re-read and its accounts are due now.
   */
  async wakeCompany(companyId: string): Promise<void> {
    const company = await this.deps.companies.get(companyId)
    if (company !== undefined) await this.wake(company)
  }

  private async wake(company: Company): Promise<void> {
    this.codatCompanies.note(company)
    this.links.stale(company)
    await this.deps.store.markDue(company.accounts.map((a) => accountStream(company.companyId, a.accountId)))
    this.trigger()
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

  /** One cycle over the accounts due now. Never rejects (errors are logged and counted). */
  runOnce(): Promise<void> {
    if (this.running !== undefined) return this.running
    this.running = this.cycle().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /**
   * One cycle: claims the accounts due now (oldest due first, at most `due.batch`; one statement
   * when nothing is due) as runners free up, never more than it can start on (`workClaims`), and
   * syncs them; a full batch asks for another cycle at once. Never rejects (errors are logged and counted).
   */
  private async cycle(): Promise<void> {
    const { store, companies, metrics, log, settings, clock } = this.deps
    let ready = 0
    try {
      this.recovered ??= store.markMovedDue(ACCOUNT_PREFIX)
      await this.recovered
      const now = await clock.now()
      const owner = this.owner
      const deps = { store, companies, links: this.links }
      const claim = cycleClaims(deps, { owner, now, claimTtlMs: settings.leaseTtlMs })
      // Accounts are independent: up to `concurrency` of them are synced at once.
      const work = async (t: ClaimedTask): Promise<void> => {
        try {
          const sources = await t.sources()
          const synced = await this.sync({ ...t, sources: async () => sources, claim: t.claim })
          ready += synced.ready
        } catch (error) {
          metrics.syncErrors.inc()
          log.warn(
            { err: error, companyId: t.company.companyId, accountId: t.accountId },
            'sync of account failed; retried when due',
          )
        }
      }
      const { full } = await workClaims({
        width: settings.concurrency,
        max: settings.due.batch,
        claim,
        work,
        closing: () => this.closing,
        release: (t) => store.releaseDue(t.claim.key, owner).catch(() => {}),
      })
      if (full) this.again = true // more may be due: another cycle at once
      metrics.syncCycles.inc()
      metrics.readyTransactions.set(ready)
      metrics.lastCycleEndedAt = Date.now()
    } catch (error) {
      this.recovered = undefined // re-run at the next cycle if it was the one that failed
      metrics.syncErrors.inc()
      log.error({ err: error }, 'sync cycle failed')
    }
  }

  /**
   * "Sync now": syncs one account at once; Codat's source accounts are read as `dueForSyncNow` says
   * (not for a linked account). The result carries the feed after the sync.
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
        sources: async ({ feed }) =>
          this.links.dueForSyncNow(company, accountId, feed.status === 'linked')
            ? this.links.read(company)
            : null,
        summarise: true,
      })
      const leftMs = until - performance.now()
      if (r.status !== 'busy' || leftMs <= 0) return r
      // This process's own sync: its end. Another process's lease: a poll, at most every 400 ms.
      const mine = this.busy.get(stream)
      await settledOrAfter(mine, mine === undefined ? Math.min(pauseMs, leftMs) : leftMs)
      pauseMs = Math.min(pauseMs * 2, 400)
    }
  }

  private async sync(request: {
    readonly company: Company
    readonly accountId: string
    /** Codat's source accounts, read once the lease is held and the state loaded; `null`: skip link learning. */
    readonly sources: (state: AccountState) => Promise<Sources | null>
    readonly summarise?: boolean
    /** The cycle's claim on the account (absent: "sync now", a webhook: its due row is read first). */
    readonly claim?: DueClaim
  }): Promise<Synced> {
    const { store, accounts, settings } = this.deps
    const { company, accountId, claim } = request
    const stream = accountStream(company.companyId, accountId)
    const release = async () => {
      if (claim !== undefined) await store.releaseDue(stream, this.owner).catch(() => {})
    }
    // The lease keeps other processes out; `busy` keeps this process's loop and "sync now" apart.
    if (this.busy.has(stream)) {
      await release()
      return BUSY
    }
    const lease = { store, key: stream, owner: this.owner, ttlMs: settings.leaseTtlMs }
    // Inside `asWorker`: the sync's own appends do not wake the account; it is settled below.
    const running = asWorker(() =>
      withLease(lease, (held) =>
        syncAndSettle(
          {
            company,
            accountId,
            sources: request.sources,
            lease: held,
            claim,
            summarise: request.summarise === true,
          },
          { store, accounts, settings, clock: this.deps.clock, ports: this.ports },
        ),
      ),
    )
    this.busy.set(stream, running)
    try {
      const r = await running
      if (r === undefined) await release() // another process holds the lease: it stays due
      return r ?? BUSY
    } finally {
      this.busy.delete(stream)
    }
  }
}
