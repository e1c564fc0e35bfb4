import type { LimitedRequest, LimiterGrant, RequestLimiter } from '@feedsync/codat-client'
import type { EventStore, TokenBucketLimits } from '@feedsync/store'
import type { BudgetMetrics } from '../metrics.js'

/** The store's token buckets: the smallest shape the budget needs. */
export type TokenStore = Pick<EventStore, 'takeTokens' | 'blockTokens'>

/** The budget's settings (`FEEDSYNC_CODAT_*`, see the server README). */
export interface CodatBudgetSettings {
  /** Codat's limit for the deployment (1000 requests a minute per IP). */
  readonly perMinute: number
  /** Tokens one statement takes at most (when that many requests wait). */
  readonly blockSize: number
  /** Requests in flight at once per Codat company, per process (Codat allows 10 per company). */
  readonly companyConcurrency: number
}

/** The bucket refills at this share of the limit and holds this share as a burst; the rest is margin. */
const RATE_SHARE = 0.85
const BURST_SHARE = 0.05
/**
 * Tokens a process took but did not spend are dropped after this long (they count in the next
 * minute): a block another process wrote after the take is not seen while they are spent.
 */
const LOCAL_TOKEN_TTL_MS = 250
/** Tokens due within this horizon are reserved ahead: a process waits for them instead of asking again. */
const RESERVE_MS = 5000
/** A 429 without `Retry-After` blocks this long. */
const DEFAULT_BLOCK_MS = 1000

/** The bucket's shape for a per-minute limit: what any calendar minute can see is at most `0.9 × perMinute` plus the tokens processes hold. */
export function bucketLimits(perMinute: number): TokenBucketLimits {
  return {
    capacity: Math.max(1, Math.floor(perMinute * BURST_SHARE)),
    perSecond: (perMinute * RATE_SHARE) / 60,
    reserveMs: RESERVE_MS,
  }
}

interface Waiter {
  readonly since: number
  readonly maxWaitMs: number
  readonly resolve: (ok: boolean, retryAfterMs: number) => void
}

interface CompanySlots {
  active: number
  readonly queue: (() => void)[]
}

/**
 * Codat's request budget for the whole deployment, as the client's {@link RequestLimiter}: a token
 * bucket row in the database shared by every server process (taken in blocks of up to `blockSize`
 * tokens, one statement per block, reserved up to 5 s ahead so a waiting process sleeps until its
 * tokens are due instead of asking again, and asks once more then whether a 429 blocked the bucket
 * meanwhile), a 429's `Retry-After` written there so every process holds back
 * until it ends, and at most `companyConcurrency` requests in flight per Codat company. Callers wait
 * in arrival order (oldest first), for a company slot and then for a token.
 *
 * @example
 * const budget = new CodatBudget({ store, settings: config.codatBudget, metrics })
 * const codat = createCodatClient({ apiKey, baseUrl, limiter: budget })
 */
export class CodatBudget implements RequestLimiter {
  private readonly store: TokenStore
  private readonly limits: TokenBucketLimits
  private readonly block: number
  private readonly companyConcurrency: number
  private readonly metrics: BudgetMetrics | undefined
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly key: string
  private readonly waiters: Waiter[] = []
  private readonly companies = new Map<string, CompanySlots>()
  private tokens = 0
  private tokensExpireAt = 0
  private blockedUntil = 0
  private pumping = false
  private blockWritten: Promise<unknown> = Promise.resolve()

  constructor(options: {
    readonly store: TokenStore
    readonly settings: CodatBudgetSettings
    readonly metrics?: BudgetMetrics
    readonly now?: () => number
    readonly sleep?: (ms: number) => Promise<void>
    /** The bucket's row (default `codat`): one per Codat API key. */
    readonly key?: string
  }) {
    this.store = options.store
    this.limits = bucketLimits(options.settings.perMinute)
    this.block = Math.max(1, Math.min(options.settings.blockSize, this.limits.capacity))
    this.companyConcurrency = options.settings.companyConcurrency
    this.metrics = options.metrics
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.key = options.key ?? 'codat'
  }

  async acquire(request: LimitedRequest, maxWaitMs: number): Promise<LimiterGrant> {
    const release = request.companyId === undefined ? () => {} : await this.companySlot(request.companyId)
    const token = await this.token(maxWaitMs)
    if (!token.ok) {
      release()
      return token
    }
    let done = false
    return {
      ok: true,
      done: (outcome) => {
        if (done) return
        done = true
        release()
        if (outcome.status === 429) this.rateLimited(outcome.retryAfterMs)
      },
    }
  }

  /** Resolves once the last 429's block is written to the database (tests). */
  async settled(): Promise<void> {
    await this.blockWritten
  }

  /** Requests waiting for a token in this process (for tests and diagnostics). */
  get waiting(): number {
    return this.waiters.length
  }

  private rateLimited(retryAfterMs: number | undefined): void {
    this.metrics?.rateLimited.inc()
    const ms = Math.min(2_147_483_647, Math.max(0, Math.ceil(retryAfterMs ?? DEFAULT_BLOCK_MS)))
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms)
    this.tokens = 0
    this.metrics?.statements.inc()
    // Every other process reads the block at its next take; this one holds back from now on.
    this.blockWritten = this.store.blockTokens(this.key, ms).catch(() => this.metrics?.errors.inc())
  }

  private token(maxWaitMs: number): Promise<LiteGrant> {
    const blockedFor = this.blockedUntil - this.now()
    if (blockedFor > maxWaitMs) return Promise.resolve({ ok: false, retryAfterMs: blockedFor })
    return new Promise((resolve) => {
      const since = this.now()
      this.waiters.push({
        since,
        maxWaitMs,
        resolve: (ok, retryAfterMs) => {
          const waited = this.now() - since
          if (waited > 0) {
            this.metrics?.waits.inc()
            this.metrics?.waitSeconds.inc(waited / 1000)
          }
          resolve(ok ? { ok: true } : { ok: false, retryAfterMs })
        },
      })
      void this.pump()
    })
  }

  /** The one loop that serves waiters, oldest first: local tokens, then a block from the database. */
  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.waiters.length > 0) {
        const t = this.now()
        if (this.blockedUntil > t) {
          const left = this.blockedUntil - t
          for (const w of this.waiters.splice(0).filter((w) => this.keepWaiting(w, left)))
            this.waiters.push(w)
          if (this.waiters.length > 0) await this.sleep(left)
          continue
        }
        if (this.tokens > 0 && t < this.tokensExpireAt) {
          this.tokens--
          this.waiters.shift()?.resolve(true, 0)
          continue
        }
        this.tokens = 0
        // One turn of the event loop first: callers arriving together share one statement.
        await new Promise((resolve) => setImmediate(resolve))
        const want = Math.min(this.block, this.waiters.length)
        let taken: Awaited<ReturnType<TokenStore['takeTokens']>>
        try {
          this.metrics?.statements.inc()
          taken = await this.store.takeTokens(this.key, want, this.limits)
        } catch {
          // The database is out of reach: let the oldest request go (Codat's own 429 still stops it).
          this.metrics?.errors.inc()
          this.waiters.shift()?.resolve(true, 0)
          continue
        }
        if (taken.granted > 0) {
          this.metrics?.tokensTaken.inc(taken.granted)
          // Granted ahead: they may be spent once the bucket has refilled them (oldest waiter first
          // still), unless a 429 blocked the bucket meanwhile (another process's: asked again).
          const held = taken.waitMs > 0 ? await this.afterReserve(taken.granted, taken.waitMs) : taken.granted
          this.tokens = held
          this.tokensExpireAt = this.now() + LOCAL_TOKEN_TTL_MS
        } else if (taken.blocked) {
          this.blockedUntil = Math.max(this.blockedUntil, this.now() + taken.waitMs)
        } else {
          await this.sleep(Math.max(1, taken.waitMs))
        }
      }
    } finally {
      this.pumping = false
    }
  }

  /**
   * Sleeps until tokens granted ahead are due, then asks the bucket once more (one token, none
   * ahead) whether a 429 blocked it meanwhile: the tokens still held (0 when blocked), plus the
   * one the question took when there was one.
   */
  private async afterReserve(granted: number, waitMs: number): Promise<number> {
    await this.sleep(waitMs)
    if (this.blockedUntil > this.now()) return 0
    try {
      this.metrics?.statements.inc()
      const check = await this.store.takeTokens(this.key, 1, { ...this.limits, reserveMs: 0 })
      if (check.blocked) {
        this.blockedUntil = Math.max(this.blockedUntil, this.now() + check.waitMs)
        return 0
      }
      this.metrics?.tokensTaken.inc(check.granted)
      return granted + check.granted
    } catch {
      this.metrics?.errors.inc()
      return granted // the database is out of reach: as before the question
    }
  }

  /** Keeps `w` waiting (true) unless the block outlasts what it will wait; then answers it now. */
  private keepWaiting(w: Waiter, left: number): boolean {
    if (left <= w.maxWaitMs - (this.now() - w.since)) return true
    w.resolve(false, left)
    return false
  }

  /** Resolves with the release once one of the company's slots is free (oldest waiter first). */
  private companySlot(companyId: string): Promise<() => void> {
    let slots = this.companies.get(companyId)
    if (slots === undefined) {
      slots = { active: 0, queue: [] }
      this.companies.set(companyId, slots)
    }
    const s = slots
    const release = () => {
      const next = s.queue.shift()
      if (next !== undefined) return next() // the slot passes to the oldest waiter
      s.active--
      if (s.active === 0) this.companies.delete(companyId)
    }
    if (s.active < this.companyConcurrency) {
      s.active++
      return Promise.resolve(once(release))
    }
    return new Promise((resolve) => s.queue.push(() => resolve(once(release))))
  }
}

type LiteGrant = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number }

function once(f: () => void): () => void {
  let called = false
  return () => {
    if (called) return
    called = true
    f()
  }
}
