import type { PlanLimits } from '@feedsync/core'
import {
  ConfigError,
  type Env,
  httpUrl,
  int,
  oneOf,
  portalSecret,
  publicUrl,
  sessionKey,
  webhookSecret,
} from './config-values.js'

export { ConfigError } from './config-values.js'

/**
 * The server's configuration, read from the environment once at start. Anything invalid fails at
 * start with a message naming the variable (never its value when it is a secret).
 *
 * @example
 * const config = loadConfig(process.env)
 */
export interface ServerConfig {
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string }
    | { readonly kind: 'pglite'; readonly dataDir: string }
  readonly codat: { readonly baseUrl: string; readonly apiKey: string }
  /** Bearer keys; each one is a tenant. Secret. */
  readonly apiKeys: readonly string[]
  readonly port: number
  readonly host: string
  readonly clock: 'system' | 'simulator'
  readonly sync: {
    /** Pause between worker cycles. */
    readonly intervalMs: number
    /**
     * Overrides handed to the core planner: the push policy always; `maxBatchSize` and
     * `historicDays` only when set, else each destination's own (QBO 1000 / 7 days, Xero a year).
     */
    readonly limits: Partial<PlanLimits> & Pick<PlanLimits, 'policy'>
    /**
     * The first status read of a push Codat answered `Pending` comes this long after that answer;
     * `undefined` (the default): the destination's usual Pending time (`Destination.pendingMs`:
     * QBO 2 s, Xero 5 s, Sage 60 s), so a typical push costs one create and one read.
     */
    readonly pollFirstMs: number | undefined
    /** Pause after the first read of a pending push operation; it doubles after each further read. */
    readonly pollIntervalMs: number
    /** The longest pause between two reads of a pending push operation. */
    readonly pollMaxIntervalMs: number
    /** Polls of one operation within a cycle before it is left for the next cycle. */
    readonly maxPolls: number
    /** Per-account lease time-to-live. */
    readonly leaseTtlMs: number
    /** Codat keeps an Idempotency-Key's response this long (BEHAVIOUR §2.4). */
    readonly idempotencyWindowMs: number
    /**
     * Codat's source-account list is read at most this often per company once every account is
     * linked (quota: about 1000 requests a day per company); an account not linked yet is checked
     * every cycle during its first week. With webhooks on, `FEEDSYNC_WEBHOOK_LINK_REFRESH_MS` (a day):
     * their events make a company due at once.
     */
    readonly linkRefreshMs: number
    /** Accounts one worker syncs at once. */
    readonly concurrency: number
    /** "Sync now" waits this long for the account's lease when a worker holds it, then answers 409. */
    readonly syncNowWaitMs: number
    /**
     * Webhooks on (`CODAT_WEBHOOK_SECRET` set): a pending push is read first after `firstMs`, then
     * at doubling gaps up to `maxMs` (the backstop; the webhook brings the outcome). Absent: webhooks
     * off, a pending push is polled every `pollIntervalMs` as before.
     */
    readonly webhookRecheck: { readonly firstMs: number; readonly maxMs: number } | undefined
    /**
     * Due work (`sync/due-time.ts`): a cycle claims at most `batch` due accounts. An open batch is
     * due again after `pollIntervalMs`, doubling up to `pollMaxMs`; an account not linked yet after
     * `linkFirstMs`, doubling up to `linkRefreshMs`; a linked one with nothing to do after
     * `linkRefreshMs`, doubling up to `linkMaxMs`; a failed sync (429/5xx, Codat down) after
     * Codat's `Retry-After`, else `retryFirstMs` doubling up to `retryMaxMs`.
     */
    readonly due: {
      readonly batch: number
      readonly pollMaxMs: number
      readonly linkFirstMs: number
      readonly linkMaxMs: number
      readonly retryFirstMs: number
      readonly retryMaxMs: number
    }
  }
  /**
   * Codat's request budget, shared by every server process on the database (`sync/codat-budget.ts`):
   * Codat's per-minute limit, tokens one statement takes, requests in flight per company per process.
   */
  readonly codatBudget: {
    readonly perMinute: number
    readonly blockSize: number
    readonly companyConcurrency: number
  }
  /** Codat's webhooks (`POST /webhooks/codat`); absent when `CODAT_WEBHOOK_SECRET` is not set (no route). */
  readonly webhooks: { readonly secret: string } | undefined
  /** Save a snapshot of an account stream every this many events. */
  readonly snapshotEvery: number
  /** Estimated heap bytes of the in-memory account-state cache, all accounts together. */
  readonly accountCacheBytes: number
  readonly http: {
    readonly bodyLimitBytes: number
    readonly rateLimitPerMinute: number
    /** Failed authentications per client address per minute before it gets 429s. */
    readonly authFailuresPerMinute: number
  }
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** The web app (`/app`) and its portal links. */
  readonly pages: PagesConfig
}

/** The web app's settings (`FEEDSYNC_SESSION_KEY`, `FEEDSYNC_PORTAL_SECRET`, `FEEDSYNC_PUBLIC_URL`, `FEEDSYNC_BANK_NAME`). */
export interface PagesConfig {
  /** 32 bytes that encrypt the session cookie; absent: generated at start (sessions end with the process). Secret. */
  readonly sessionKey: Buffer | undefined
  /** HMAC secret of portal links, the same on every process; absent: generated at start. Secret. */
  readonly portalSecret: string | undefined
  /** Origin portal links are built on (`https://feeds.bank.example`); absent: `http://<host>:<port>`. */
  readonly publicUrl: string | undefined
  /** The bank's name in the pages' header and the QBO steps. */
  readonly bankName: string
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Reads and validates the configuration; throws `ConfigError` with a clear message. */
export function loadConfig(env: Env): ServerConfig {
  const dbUrl = env.DATABASE_URL?.trim()
  let database: ServerConfig['database']
  if (dbUrl !== undefined && dbUrl !== '') {
    if (!/^postgres(ql)?:\/\//.test(dbUrl)) {
      throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL')
    }
    database = { kind: 'postgres', url: dbUrl }
  } else {
    database = { kind: 'pglite', dataDir: env.FEEDSYNC_DATA_DIR?.trim() || './.data' }
  }

  const apiKey = env.CODAT_API_KEY?.trim() ?? ''
  if (apiKey === '') throw new ConfigError('CODAT_API_KEY is required (the Codat API key)')
  const codat = {
    baseUrl: httpUrl('CODAT_BASE_URL', env.CODAT_BASE_URL?.trim() || 'https://api.codat.io'),
    apiKey,
  }

  const apiKeys = (env.FEEDSYNC_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
  if (apiKeys.length === 0) {
    throw new ConfigError('FEEDSYNC_API_KEYS is required: comma-separated API keys, one per tenant')
  }
  if (apiKeys.some((k) => k.length < 16 || /\s/.test(k))) {
    throw new ConfigError('FEEDSYNC_API_KEYS: each key must be at least 16 characters without spaces')
  }
  if (new Set(apiKeys).size !== apiKeys.length) throw new ConfigError('FEEDSYNC_API_KEYS lists a key twice')

  const policy = oneOf(env, 'FEEDSYNC_PUSH_POLICY', ['end_of_day', 'immediate'] as const, 'end_of_day')
  const timeZone = env.FEEDSYNC_TIME_ZONE?.trim() || undefined
  if (timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone })
    } catch {
      throw new ConfigError(`FEEDSYNC_TIME_ZONE must be an IANA time zone, got "${timeZone}"`)
    }
  }
  // Unset, every destination plans with its own window and batch size (QBO Q7/Q8, Xero X21/X22,
  // Sage S18): a global 7 days would quarantine the year of history Xero takes.
  const set = (name: string) => (env[name]?.trim() ?? '') !== ''
  const limits: Partial<PlanLimits> & Pick<PlanLimits, 'policy'> = {
    ...(set('FEEDSYNC_MAX_BATCH_SIZE')
      ? { maxBatchSize: int(env, 'FEEDSYNC_MAX_BATCH_SIZE', 1000, 1, 1000) }
      : {}),
    ...(set('FEEDSYNC_HISTORIC_DAYS') ? { historicDays: int(env, 'FEEDSYNC_HISTORIC_DAYS', 7, 0, 90) } : {}),
    policy,
    ...(timeZone === undefined ? {} : { timeZone }),
  }

  const secret = webhookSecret(env)
  const linkRefreshMs =
    secret === undefined
      ? int(env, 'FEEDSYNC_LINK_REFRESH_MS', 10 * 60_000, 0, 86_400_000)
      : int(env, 'FEEDSYNC_WEBHOOK_LINK_REFRESH_MS', 86_400_000, 0, 7 * 86_400_000)
  const firstMs = int(env, 'FEEDSYNC_WEBHOOK_RECHECK_MS', 60_000, 0, 86_400_000)
  const webhookRecheck =
    secret === undefined
      ? undefined
      : {
          firstMs,
          maxMs: Math.max(firstMs, int(env, 'FEEDSYNC_WEBHOOK_RECHECK_MAX_MS', 3_600_000, 0, 86_400_000)),
        }

  return {
    database,
    codat,
    apiKeys,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    clock: oneOf(env, 'FEEDSYNC_CLOCK', ['system', 'simulator'] as const, 'system'),
    sync: {
      intervalMs: int(env, 'FEEDSYNC_SYNC_INTERVAL_MS', 60_000, 100, 86_400_000),
      limits,
      pollFirstMs: set('FEEDSYNC_POLL_FIRST_MS')
        ? int(env, 'FEEDSYNC_POLL_FIRST_MS', 0, 0, 600_000)
        : undefined,
      pollIntervalMs: int(env, 'FEEDSYNC_POLL_INTERVAL_MS', 1000, 0, 600_000),
      pollMaxIntervalMs: int(env, 'FEEDSYNC_POLL_MAX_INTERVAL_MS', 10_000, 0, 600_000),
      maxPolls: int(env, 'FEEDSYNC_MAX_POLLS', 30, 1, 10_000),
      leaseTtlMs: int(env, 'FEEDSYNC_LEASE_TTL_MS', 120_000, 1000, 3_600_000),
      idempotencyWindowMs: int(env, 'FEEDSYNC_IDEMPOTENCY_WINDOW_MS', 85 * 60_000, 0, 90 * 60_000),
      linkRefreshMs,
      concurrency: int(env, 'FEEDSYNC_SYNC_CONCURRENCY', 4, 1, 32),
      syncNowWaitMs: int(env, 'FEEDSYNC_SYNC_NOW_WAIT_MS', 5000, 0, 60_000),
      webhookRecheck,
      due: {
        batch: int(env, 'FEEDSYNC_DUE_BATCH', 200, 1, 10_000),
        pollMaxMs: int(env, 'FEEDSYNC_POLL_MAX_MS', 60_000, 0, 86_400_000),
        linkFirstMs: int(env, 'FEEDSYNC_LINK_RECHECK_FIRST_MS', 10_000, 0, 86_400_000),
        linkMaxMs: int(env, 'FEEDSYNC_LINK_RECHECK_MAX_MS', 86_400_000, 0, 30 * 86_400_000),
        retryFirstMs: int(env, 'FEEDSYNC_RETRY_FIRST_MS', 5000, 0, 86_400_000),
        retryMaxMs: int(env, 'FEEDSYNC_RETRY_MAX_MS', 600_000, 0, 86_400_000),
      },
    },
    codatBudget: {
      perMinute: int(env, 'FEEDSYNC_CODAT_REQUESTS_PER_MINUTE', 1000, 1, 1_000_000),
      blockSize: int(env, 'FEEDSYNC_CODAT_BUDGET_BLOCK', 5, 1, 1000),
      companyConcurrency: int(env, 'FEEDSYNC_CODAT_COMPANY_CONCURRENCY', 10, 1, 10),
    },
    webhooks: secret === undefined ? undefined : { secret },
    snapshotEvery: int(env, 'FEEDSYNC_SNAPSHOT_EVERY', 1000, 1, 1_000_000),
    accountCacheBytes: int(env, 'FEEDSYNC_ACCOUNT_CACHE_BYTES', 256 * 1024 * 1024, 0, 2 ** 40),
    http: {
      bodyLimitBytes: int(env, 'FEEDSYNC_BODY_LIMIT_BYTES', 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
      rateLimitPerMinute: int(env, 'FEEDSYNC_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
      authFailuresPerMinute: int(env, 'FEEDSYNC_AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    },
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    pages: {
      sessionKey: sessionKey(env),
      portalSecret: portalSecret(env),
      publicUrl: publicUrl(env),
      bankName: (env.FEEDSYNC_BANK_NAME?.trim() || 'Your bank').slice(0, 80),
    },
  }
}
