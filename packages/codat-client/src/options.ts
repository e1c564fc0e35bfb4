import { defaultRetryPolicy, type RetryPolicy } from './backoff.js'
import type { CodatClientEvent } from './events.js'
import { type RequestLimiter, unlimited } from './limiter.js'

/** The smallest shape of `fetch` the client needs. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

/**
 * Options of {@link createCodatClient}. Everything with a side effect (fetch, sleep, randomness, ids,
 * time) can be injected so tests are deterministic and fast.
 *
 * @example
 * createCodatClient({ apiKey: process.env.CODAT_API_KEY!, baseUrl: 'http://127.0.0.1:4010', retry: { maxAttempts: 3 } })
 */
export interface CodatClientOptions {
  /** Default `https://api.codat.io`. A path prefix is kept (`http://host/codat` → `http://host/codat/companies`). */
  baseUrl?: string
  /** The raw API key; sent as `Authorization: Basic base64(apiKey)`. Never logged or put in errors. */
  apiKey: string
  /** Per attempt, covering headers and body. Default 30 000. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Default: the global `fetch`, looked up at call time (so msw's interception applies). */
  fetch?: FetchLike
  /** Default: `setTimeout` based. */
  sleep?: (ms: number) => Promise<void>
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number
  /** Idempotency-Key for POST/PATCH calls that do not bring one. Default `crypto.randomUUID`. */
  newIdempotencyKey?: () => string
  /** Epoch milliseconds; used for durations and `Retry-After` dates. Default `Date.now`. */
  now?: () => number
  /** Receives request/response/retry events. Exceptions it throws are swallowed. */
  onEvent?: (event: CodatClientEvent) => void
  /**
   * Consulted before every attempt (e.g. a request budget shared by a deployment's processes).
   * Default: none.
   */
  limiter?: RequestLimiter
}

/** Options with every default applied and checked. */
export interface ResolvedOptions {
  baseUrl: string
  authorization: string
  secrets: readonly string[]
  timeoutMs: number
  retry: RetryPolicy
  fetch: FetchLike
  sleep: (ms: number) => Promise<void>
  random: () => number
  newIdempotencyKey: () => string
  now: () => number
  onEvent: (event: CodatClientEvent) => void
  limiter: RequestLimiter
}

/** Applies defaults and fails fast (at construction, not at the first call) on bad configuration. */
export function resolveOptions(options: CodatClientOptions): ResolvedOptions {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError('createCodatClient: apiKey must be a non-empty string')
  }
  const baseUrl = (options.baseUrl ?? 'https://api.codat.io').replace(/\/+$/, '')
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new TypeError('createCodatClient: baseUrl must be an http(s) URL')
  }
  const timeoutMs = options.timeoutMs ?? 30_000
  if (!(timeoutMs > 0)) throw new TypeError('createCodatClient: timeoutMs must be positive')
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry }
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new TypeError('createCodatClient: retry.maxAttempts must be an integer ≥ 1')
  }
  if (retry.initialDelayMs < 0 || retry.maxDelayMs < 0 || retry.exponent < 1 || retry.maxRetryAfterMs < 0) {
    throw new TypeError('createCodatClient: retry delays must be ≥ 0 and exponent ≥ 1')
  }
  const encoded = Buffer.from(options.apiKey, 'utf8').toString('base64')
  const onEvent = options.onEvent
  return {
    baseUrl,
    authorization: `Basic ${encoded}`,
    secrets: [options.apiKey, encoded],
    timeoutMs,
    retry,
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    newIdempotencyKey: options.newIdempotencyKey ?? (() => globalThis.crypto.randomUUID()),
    now: options.now ?? Date.now,
    limiter: options.limiter ?? unlimited,
    onEvent: (event) => {
      if (onEvent === undefined) return
      try {
        onEvent(event)
      } catch {
        // A failing listener must not fail the call.
      }
    },
  }
}
