import { randomUUID } from 'node:crypto'
import {
  CodatApiError,
  type CodatBankFeedsPort,
  type PushOperation,
  type SourceAccount,
  type SourceAccountV2,
} from '@feedsync/codat-client'
import { type Command, decide, type PlanLimits, planBatches } from '@feedsync/core'
import type { EventStore } from '@feedsync/store'
import { UniqueKeyConflictError, WrongExpectedVersionError } from '@feedsync/store'
import type { FastifyBaseLogger } from 'fastify'
import type { AccountRepository, LoadedAccount } from '../accounts/repository.js'
import type { Clock } from '../clock.js'
import type { Company, CompanyRepository } from '../companies/repository.js'
import type { Metrics } from '../metrics.js'
import { accountStream, COMPANY_PREFIX } from '../streams.js'
import { codatLines, rejectionsOf } from './codat-lines.js'

export interface SyncSettings {
  readonly intervalMs: number
  readonly limits: PlanLimits
  readonly pollIntervalMs: number
  readonly maxPolls: number
  readonly leaseTtlMs: number
  readonly idempotencyWindowMs: number
  readonly linkRefreshMs: number
  /** Accounts synced at once by one worker. */
  readonly concurrency: number
}

/** What one account's sync did. */
export interface AccountSyncResult {
  /** `busy`: another worker holds the account's lease; `stuck`: a batch is still open (retried next cycle). */
  readonly status: 'done' | 'busy' | 'stuck'
  readonly batchesPushed: number
  readonly reconciled: number
}

type SourceAccountAny = SourceAccountV2 | SourceAccount
type Sources = Map<string, SourceAccountAny>

const MAX_ROUNDS = 50
/** An account still not linked is checked every cycle during its company's first week. */
const NEW_COMPANY_MS = 7 * 86_400_000
/** How far Codat's `requestedOnUtc` may run behind our clock's `plannedAt` and still match. */
const CLOCK_SLACK_MS = 60_000

/**
 * The sync worker: one loop per process, on an interval and on demand.
 *
 * Per account, under a lease in the database: learn the link from Codat's source-account list
 * (LinkFeed / DisconnectFeed); finish any batch that has an intent but no outcome BEFORE planning
 * anything new (poll its operation, or re-send with the same Idempotency-Key inside Codat's window,
 * or look for it among the company's create operations, or record it failed so its lines are
 * re-planned); then plan with the core, append `BatchPlanned` (expected version) BEFORE calling
 * Codat, push with the batch id as Idempotency-Key, append `BatchSubmitted`, poll the operation to
 * its end and append the outcome.
 */
export class SyncWorker {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  /** The interval loop is off (before `start`, after `stop`). */
  private stopped = true
  /** `stop` was called: a cycle in progress ends after the account it is on. */
  private closing = false
  private again = false
  private readonly busy = new Set<string>()
  /** Wall-clock ms of the last source-account list read, per company (a quota matter, so real time). */
  private readonly lastLinkRefresh = new Map<string, number>()
  /** Whether each account stream was linked when last synced by this process. */
  private readonly linked = new Map<string, boolean>()
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
  ) {}

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
          sources ??= this.shouldLearnLinks(company).then((yes) =>
            yes ? this.sourceAccounts(company) : null,
          )
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
            const r = await this.syncAccount(t.company, t.accountId, await t.sources())
            ready += r.ready
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

  /** Whether the company's source-account list was read less than `linkRefreshMs` ago. */
  private linksFresh(company: Company): boolean {
    const last = this.lastLinkRefresh.get(company.companyId)
    return last !== undefined && Date.now() - last < this.deps.settings.linkRefreshMs
  }

  /** Whether this cycle reads Codat's source-account list for the company (see `linkRefreshMs`). */
  private async shouldLearnLinks(company: Company): Promise<boolean> {
    if (!this.linksFresh(company)) return true
    const unlinked = company.accounts.some(
      (a) => this.linked.get(accountStream(company.companyId, a.accountId)) !== true,
    )
    if (!unlinked) return false
    const age = Date.parse(await this.deps.clock.now()) - Date.parse(company.onboardedAt)
    return age < NEW_COMPANY_MS
  }

  private async sourceAccounts(company: Company): Promise<Map<string, SourceAccountAny>> {
    this.lastLinkRefresh.set(company.companyId, Date.now())
    const list = await this.deps.codat.sourceAccounts.list({
      companyId: company.codatCompanyId,
      connectionId: company.connectionId,
    })
    return new Map(list.map((a) => [a.id, a]))
  }

  /**
   * "Sync now" reads Codat's source accounts when this account is not known to be linked or the last
   * read is older than `linkRefreshMs`; a linked account is pushed at once (a lost link shows in the
   * push's answer).
   */
  private async sourcesForSyncNow(
    company: Company,
    stream: string,
  ): Promise<Map<string, SourceAccountAny> | null> {
    return this.linksFresh(company) && this.linked.get(stream) === true ? null : this.sourceAccounts(company)
  }

  /** Syncs one account now ("sync now" and the loop). */
  async syncAccount(
    company: Company,
    accountId: string,
    /** Codat's source accounts; `undefined`: read them now ("sync now"); `null`: skip link learning. */
    sources?: Map<string, SourceAccountAny> | null,
  ): Promise<AccountSyncResult & { ready: number }> {
    const { store, settings } = this.deps
    const stream = accountStream(company.companyId, accountId)
    // The lease keeps other processes out; `busy` keeps this process's loop and "sync now" apart
    // (the lease is re-entrant for one owner).
    if (this.busy.has(stream)) return { status: 'busy', batchesPushed: 0, reconciled: 0, ready: 0 }
    this.busy.add(stream)
    try {
      if (!(await store.tryAcquireLease(stream, this.owner, settings.leaseTtlMs))) {
        return { status: 'busy', batchesPushed: 0, reconciled: 0, ready: 0 }
      }
      try {
        return await this.syncLeased(
          company,
          accountId,
          stream,
          sources === undefined ? await this.sourcesForSyncNow(company, stream) : sources,
        )
      } finally {
        await store.releaseLease(stream, this.owner).catch(() => {})
      }
    } finally {
      this.busy.delete(stream)
    }
  }

  private async syncLeased(
    company: Company,
    accountId: string,
    stream: string,
    sources: Map<string, SourceAccountAny> | null,
  ): Promise<AccountSyncResult & { ready: number }> {
    const { accounts } = this.deps
    // The cached state (caught up), not a cold load; handed back only when the sync ends normally,
    // when every event in it has been appended.
    const loaded = await accounts.borrow(stream)
    const result = await this.syncBorrowed(loaded, company, accountId, stream, sources)
    accounts.giveBack(loaded)
    return result
  }

  private async syncBorrowed(
    loaded: LoadedAccount,
    company: Company,
    accountId: string,
    stream: string,
    sources: Map<string, SourceAccountAny> | null,
  ): Promise<AccountSyncResult & { ready: number }> {
    const { clock, settings, store } = this.deps
    if (sources !== null) await this.learnLink(loaded, sources.get(accountId))
    this.linked.set(stream, loaded.state.feed.status === 'linked')

    let reconciled = 0
    if (loaded.state.inFlight !== undefined) {
      const finished = await this.finishOpen(loaded, company, accountId, loaded.state.inFlight)
      if (!finished) return { status: 'stuck', batchesPushed: 0, reconciled: 0, ready: 0 }
      reconciled++
    }

    let pushed = 0
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (!(await store.renewLease(stream, this.owner, settings.leaseTtlMs))) break
      const batchId = randomUUID()
      const now = await clock.now()
      // The intent (BatchPlanned), appended at the expected version BEFORE any call to Codat.
      const planned = await this.apply(loaded, { type: 'PlanBatch', batchId, now, limits: settings.limits })
      if (planned === 0) break
      pushed++
      const finished = await this.send(loaded, company, accountId, batchId)
      if (!finished) return { status: 'stuck', batchesPushed: pushed, reconciled, ready: 0 }
      // A failure that quarantined nothing would fail the same way at once: retry next cycle.
      const ended = loaded.state.batches.get(batchId)
      if (
        ended?.status === 'timed_out' ||
        (ended?.status === 'failed' && !ended.rejections.some((r) => r.final))
      ) {
        break
      }
    }
    const plan = planBatches(loaded.state, await clock.now(), settings.limits)
    const ready = plan.batches.reduce((n, b) => n + b.lines.length, 0)
    return { status: 'done', batchesPushed: pushed, reconciled, ready }
  }

  /**
   * Decides and appends a command at the expected version. The API may append (record, clear, void)
   * while the worker holds the lease: on a conflict the state is re-read and the command re-decided.
   * Returns the number of events appended.
   */
  private async apply(loaded: LoadedAccount, command: Command): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const d = decide(command, loaded.state)
      if (!d.ok) {
        this.deps.log.warn(
          { stream: loaded.stream, code: d.error.code },
          `worker command refused: ${d.error.message}`,
        )
        return 0
      }
      try {
        await this.deps.accounts.append(loaded, d.events)
        return d.events.length
      } catch (error) {
        if (!isStoreConflict(error) || attempt >= 10) throw error
        await this.deps.accounts.reload(loaded)
      }
    }
  }

  private async learnLink(loaded: LoadedAccount, source: SourceAccountAny | undefined): Promise<void> {
    if (source === undefined) return
    const at = await this.deps.clock.now()
    if (
      source.status === 'connected' &&
      typeof source.feedStartDate === 'string' &&
      source.feedStartDate !== ''
    ) {
      await this.apply(loaded, { type: 'LinkFeed', feedStartDate: source.feedStartDate.slice(0, 10), at })
    } else if (source.status === 'disconnected') {
      await this.apply(loaded, { type: 'DisconnectFeed', at })
    }
  }

  /** Finishes a batch with intent but no outcome. True when an outcome is recorded. */
  private async finishOpen(
    loaded: LoadedAccount,
    company: Company,
    accountId: string,
    batchId: string,
  ): Promise<boolean> {
    const batch = loaded.state.batches.get(batchId)
    if (batch === undefined) return false
    if (batch.status === 'submitted' && batch.pushOperationKey !== undefined) {
      return this.poll(loaded, company, accountId, batchId, batch.pushOperationKey)
    }
    const now = Date.parse(await this.deps.clock.now())
    if (now - Date.parse(batch.plannedAt) < this.deps.settings.idempotencyWindowMs) {
      // Same Idempotency-Key, same body: Codat replays the stored answer if the first call landed.
      this.deps.log.info(
        { stream: loaded.stream, batchId },
        're-sending an unconfirmed batch with its Idempotency-Key',
      )
      return this.send(loaded, company, accountId, batchId)
    }
    const found = await this.findOperation(loaded, company, accountId, batchId)
    if (found === 'undecided') {
      // A candidate operation is still Pending: Codat names the account it wrote to only once it
      // completes. Declaring the batch lost now would push its lines twice if that one is ours.
      this.deps.log.info(
        { stream: loaded.stream, batchId },
        'an operation that may be this batch is still pending at Codat; reconciled next cycle',
      )
      return false
    }
    if (found !== undefined) {
      await this.apply(loaded, {
        type: 'SubmitBatch',
        batchId,
        pushOperationKey: found,
        at: await this.deps.clock.now(),
      })
      return this.poll(loaded, company, accountId, batchId, found)
    }
    this.deps.metrics.pushFailures.inc()
    await this.apply(loaded, {
      type: 'RecordBatchFailed',
      batchId,
      rejections: [],
      message:
        'No push operation for this batch was found at Codat after its idempotency window; its lines are re-planned.',
      at: await this.deps.clock.now(),
    })
    return true
  }

  /**
   * Looks for a create operation of this batch among the company's (once its Idempotency-Key has
   * expired). Codat does not say what `changes[].recordRef.id` holds for bank transactions (BEHAVIOUR
   * §13 #12): a line id or the source account id are both accepted. An operation matches when it is
   * on this connection, refers to this account or one of the batch's lines, is not already known to
   * this account's stream, and was requested no earlier than the intent (less `CLOCK_SLACK_MS`). At
   * most one batch per account is ever open, so such an operation can only be this batch's; the
   * earliest one wins. A candidate still Pending names no account yet (its `changes` come with the
   * outcome): with no match among the completed ones, the answer is then `'undecided'`.
   */
  private async findOperation(
    loaded: LoadedAccount,
    company: Company,
    accountId: string,
    batchId: string,
  ): Promise<string | 'undecided' | undefined> {
    const batch = loaded.state.batches.get(batchId)
    if (batch === undefined) return undefined
    const refs = new Set([accountId, ...batch.lines.map((l) => l.transactionId)])
    const known = new Set([...loaded.state.batches.values()].map((b) => b.pushOperationKey))
    const notBefore = Date.parse(batch.plannedAt) - CLOCK_SLACK_MS
    let best: PushOperation | undefined
    let undecided = false
    for (let page = 1; page <= 20; page++) {
      const res = await this.deps.codat.transactions.listCreateOperations({
        companyId: company.codatCompanyId,
        page,
        pageSize: 500,
        orderBy: '-requestedOnUtc',
      })
      const results = res.results ?? []
      let older = false
      for (const op of results) {
        const requested = Date.parse(op.requestedOnUtc)
        if (requested < notBefore) {
          older = true
          continue
        }
        if (op.dataConnectionKey !== company.connectionId || known.has(op.pushOperationKey)) continue
        if (op.status === 'Pending') {
          undecided = true
          continue
        }
        if (!(op.changes ?? []).some((c) => refs.has(c.recordRef?.id ?? ''))) continue
        if (best === undefined || requested < Date.parse(best.requestedOnUtc)) best = op
      }
      if (older || results.length === 0 || page * res.pageSize >= res.totalResults) break
    }
    if (best !== undefined) return best.pushOperationKey
    return undecided ? 'undecided' : undefined
  }

  /** Pushes a planned batch and follows it. True when an outcome is recorded. */
  private async send(
    loaded: LoadedAccount,
    company: Company,
    accountId: string,
    batchId: string,
  ): Promise<boolean> {
    const { codat, metrics, log, clock } = this.deps
    const batch = loaded.state.batches.get(batchId)
    if (batch === undefined) return false
    let op: PushOperation
    try {
      op = await codat.transactions.create({
        companyId: company.codatCompanyId,
        connectionId: company.connectionId,
        accountId,
        idempotencyKey: batchId,
        createBankTransactions: { accountId, transactions: codatLines(loaded.state, batch) },
        // A push that may have landed is never re-sent blindly by the client: `finishOpen` re-sends
        // it with the same key only while Codat's window is open on OUR clock, else looks it up.
        retryUnknownOutcome: false,
      })
      metrics.batchesPushed.inc()
    } catch (error) {
      if (error instanceof CodatApiError && [400, 404, 422].includes(error.status)) {
        // Codat refused the request itself: nothing of it was stored (all or nothing).
        metrics.pushFailures.inc()
        const linkLost = error.status === 404
        const body = { validation: error.body?.validation ?? null, errorMessage: error.body?.error ?? null }
        const { rejections, linkProblem } = rejectionsOf(body, batch, linkLost)
        if (linkProblem) await this.apply(loaded, { type: 'DisconnectFeed', at: await clock.now() })
        await this.apply(loaded, {
          type: 'RecordBatchFailed',
          batchId,
          rejections,
          message: `Codat answered HTTP ${error.status}: ${error.body?.error ?? 'request refused'}`,
          at: await clock.now(),
        })
        return true
      }
      // 409 (key in flight), 429, 5xx, network, timeout: it may or may not have landed. The intent
      // stays open and is reconciled before anything new is pushed for this account.
      metrics.pushFailures.inc()
      log.warn({ err: error, stream: loaded.stream, batchId }, 'push not confirmed; reconciled next cycle')
      return false
    }
    await this.apply(loaded, {
      type: 'SubmitBatch',
      batchId,
      pushOperationKey: op.pushOperationKey,
      at: await clock.now(),
    })
    if (op.status !== 'Pending') return this.record(loaded, company, accountId, batchId, op)
    return this.poll(loaded, company, accountId, batchId, op.pushOperationKey)
  }

  private async poll(
    loaded: LoadedAccount,
    company: Company,
    accountId: string,
    batchId: string,
    pushOperationKey: string,
  ): Promise<boolean> {
    const { codat, settings, log } = this.deps
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    for (let i = 0; i < settings.maxPolls; i++) {
      const stream = loaded.stream
      if (!(await this.deps.store.renewLease(stream, this.owner, settings.leaseTtlMs))) return false
      let op: PushOperation
      try {
        op = await codat.transactions.getCreateOperation({
          companyId: company.codatCompanyId,
          pushOperationKey,
        })
      } catch (error) {
        log.warn(
          { err: error, stream: loaded.stream, batchId },
          'could not read the push operation; retried later',
        )
        return false
      }
      if (op.status !== 'Pending') return this.record(loaded, company, accountId, batchId, op)
      if (i + 1 < settings.maxPolls) await sleep(settings.pollIntervalMs)
    }
    return false
  }

  private async record(
    loaded: LoadedAccount,
    company: Company,
    accountId: string,
    batchId: string,
    op: PushOperation,
  ): Promise<boolean> {
    const { metrics, clock, codat } = this.deps
    const at = await clock.now()
    const batch = loaded.state.batches.get(batchId)
    if (batch === undefined) return false
    switch (op.status) {
      case 'Success':
        metrics.batchesSucceeded.inc()
        await this.apply(loaded, { type: 'RecordBatchSucceeded', batchId, at })
        return true
      case 'TimedOut':
        metrics.pushFailures.inc()
        await this.apply(loaded, { type: 'RecordBatchTimedOut', batchId, at })
        return true
      case 'Failed': {
        metrics.pushFailures.inc()
        let linkLost = false
        try {
          const sources = await this.sourceAccounts(company)
          const connection = await codat.connections.get({
            companyId: company.codatCompanyId,
            connectionId: company.connectionId,
          })
          linkLost = sources.get(accountId)?.status !== 'connected' || connection.status !== 'Linked'
        } catch {
          return false // cannot tell whether the link is gone; decide next cycle
        }
        const { rejections, linkProblem } = rejectionsOf(op, batch, linkLost)
        if (linkProblem) await this.apply(loaded, { type: 'DisconnectFeed', at })
        await this.apply(loaded, {
          type: 'RecordBatchFailed',
          batchId,
          rejections,
          message: op.errorMessage ?? 'The push operation failed.',
          at,
        })
        return true
      }
      case 'Pending':
        return false
      default: {
        const unknown: never = op.status
        void unknown
        return false
      }
    }
  }
}

/** Conflicts mean another writer moved the stream; the worker gives up the round and retries next cycle. */
export function isStoreConflict(error: unknown): boolean {
  return error instanceof WrongExpectedVersionError || error instanceof UniqueKeyConflictError
}
