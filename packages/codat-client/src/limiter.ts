/** One attempt the client is about to send, as a {@link RequestLimiter} sees it. */
export interface LimitedRequest {
  /** SDK-style operation name, e.g. `transactions.create`. */
  readonly operation: string
  readonly method: string
  /** Request path without base URL or query string. */
  readonly path: string
  /** The Codat company the path names (`/companies/{companyId}/...`); undefined for `/companies`. */
  readonly companyId: string | undefined
}

/** How an attempt ended: its HTTP status (null: network error or timeout) and any `Retry-After`. */
export interface LimitedOutcome {
  readonly status: number | null
  readonly retryAfterMs: number | undefined
}

/** What {@link RequestLimiter.acquire} answers: send now (and report the outcome once), or not at all. */
export type LimiterGrant =
  | { readonly ok: true; readonly done: (outcome: LimitedOutcome) => void }
  /** Sending is blocked for longer than the caller will wait: the call fails as a 429 would. */
  | { readonly ok: false; readonly retryAfterMs: number }

/**
 * A request budget the client consults before every attempt (the first and each retry), e.g. one
 * shared by every process of a deployment. The client knows nothing of how it is kept.
 *
 * @example
 * const limiter: RequestLimiter = {
 *   async acquire() { return { ok: true, done: () => {} } },
 * }
 * createCodatClient({ apiKey, limiter })
 */
export interface RequestLimiter {
  /**
   * Resolves when the attempt may be sent. `maxWaitMs` is the longest the caller will wait (the
   * retry policy's `maxRetryAfterMs`): a budget blocked for longer answers `{ ok: false }` at once.
   */
  acquire(request: LimitedRequest, maxWaitMs: number): Promise<LimiterGrant>
}

/** The default: no budget. */
export const unlimited: RequestLimiter = {
  async acquire() {
    return { ok: true, done: () => {} }
  },
}

const COMPANY_PATH = /^\/companies\/([^/?]+)/

/** The company id a request path names, decoded; undefined when it names none. */
export function companyOfPath(path: string): string | undefined {
  const m = COMPANY_PATH.exec(path)
  if (m?.[1] === undefined) return undefined
  try {
    return decodeURIComponent(m[1])
  } catch {
    return m[1]
  }
}
