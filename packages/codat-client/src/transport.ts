import { backoffDelayMs, parseRetryAfterMs } from './backoff.js'
import { parseExact, stringifyExact } from './codat-json.js'
import { CodatApiError, type CodatCallContext, CodatNetworkError, CodatTimeoutError } from './errors.js'
import { companyOfPath } from './limiter.js'
import type { ErrorMessage } from './models/error-message.js'
import type { ResolvedOptions } from './options.js'

/** One logical call; the transport may send it several times. */
export interface CallSpec {
  operation: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** Already percent-encoded path, starting with `/`. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  /** Serialised with exact decimals; omitted when undefined. */
  body?: unknown
  /** POST/PATCH only; generated when absent. The same key goes on every retry of this call. */
  idempotencyKey?: string
  /** `false`: no retry when the request may have been processed (network error, timeout, 5xx). */
  retryUnknownOutcome?: boolean
}

/** Sends a call with auth, timeout, retries and events; resolves with the parsed body (undefined when empty). */
export type Send = (spec: CallSpec) => Promise<unknown>

type Attempt =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'network'; reason: string; code: string | undefined }
  | { kind: 'timeout' }

const RAW_BODY_LIMIT = 2000

export function createTransport(options: ResolvedOptions): Send {
  const redact = (text: string): string =>
    options.secrets.reduce((acc, secret) => acc.split(secret).join('[REDACTED]'), text)

  /**
   * One attempt, bounded by `timeoutMs` from the start of the request to the end of the body. The
   * signal aborts the fetch; the race also covers a fetch implementation that ignores the signal or a
   * body that stalls after the headers.
   */
  async function attemptOnce(url: string, init: RequestInit): Promise<Attempt> {
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    let response: Response | undefined
    const timedOut = new Promise<Attempt>((resolve) => {
      timer = setTimeout(() => {
        controller.abort()
        resolve({ kind: 'timeout' })
      }, options.timeoutMs)
    })
    const work = (async (): Promise<Attempt> => {
      try {
        response = await options.fetch(url, { ...init, signal: controller.signal })
        const text = await response.text()
        return { kind: 'response', status: response.status, headers: response.headers, text }
      } catch (error) {
        if (controller.signal.aborted) return { kind: 'timeout' }
        return { kind: 'network', reason: redact(describe(error)), code: systemCode(error) }
      }
    })()
    try {
      const outcome = await Promise.race([work, timedOut])
      if (outcome.kind === 'timeout') response?.body?.cancel().catch(() => {})
      return outcome
    } finally {
      clearTimeout(timer)
    }
  }

  return async function send(spec: CallSpec): Promise<unknown> {
    const url = options.baseUrl + spec.path + queryString(spec.query)
    const headers: Record<string, string> = {
      authorization: options.authorization,
      accept: 'application/json',
    }
    const bodyText = spec.body === undefined ? undefined : stringifyExact(spec.body)
    if (bodyText !== undefined) headers['content-type'] = 'application/json'
    if (spec.method === 'POST' || spec.method === 'PATCH') {
      headers['idempotency-key'] = spec.idempotencyKey ?? options.newIdempotencyKey()
    }
    const init: RequestInit = { method: spec.method, headers, body: bodyText }
    const base = { operation: spec.operation, method: spec.method, path: spec.path }
    const { retry } = options
    const limited = { ...base, companyId: companyOfPath(spec.path) }

    for (let attempt = 1; ; attempt++) {
      const context: CodatCallContext = { ...base, attempts: attempt }
      const grant = await options.limiter.acquire(limited, retry.maxRetryAfterMs)
      if (!grant.ok) {
        // Not sent: the budget is blocked (a 429's Retry-After) for longer than this call may wait.
        throw new CodatApiError(context, 429, undefined, 'request budget blocked', grant.retryAfterMs)
      }
      options.onEvent({ type: 'request', ...base, attempt })
      const started = options.now()
      const outcome = await attemptOnce(url, init)
      const durationMs = options.now() - started
      const retryAfterMs =
        outcome.kind === 'response'
          ? parseRetryAfterMs(outcome.headers.get('retry-after'), options.now())
          : undefined
      try {
        grant.done({ status: outcome.kind === 'response' ? outcome.status : null, retryAfterMs })
      } catch {
        // A failing limiter must not fail the call.
      }

      if (outcome.kind === 'response') {
        options.onEvent({ type: 'response', ...base, attempt, status: outcome.status, durationMs })
        if (outcome.status >= 200 && outcome.status < 300) return parseSuccess(outcome, context)
        const error = apiError(outcome, context, retryAfterMs)
        const retryable =
          outcome.status === 408 ||
          outcome.status === 429 ||
          (outcome.status >= 500 && spec.retryUnknownOutcome !== false)
        if (!retryable || attempt >= retry.maxAttempts) throw error
        if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) throw error
        const delayMs = retryAfterMs ?? backoffDelayMs(retry, attempt, options.random)
        options.onEvent({
          type: 'retry',
          ...base,
          attempt,
          status: outcome.status,
          reason: 'status',
          delayMs,
          retryAfter: retryAfterMs !== undefined,
        })
        await options.sleep(delayMs)
        continue
      }

      options.onEvent({ type: 'response', ...base, attempt, status: null, failure: outcome.kind, durationMs })
      if (attempt >= retry.maxAttempts || spec.retryUnknownOutcome === false) {
        if (outcome.kind === 'timeout') throw new CodatTimeoutError(context, options.timeoutMs)
        throw new CodatNetworkError(context, outcome.reason, outcome.code)
      }
      const delayMs = backoffDelayMs(retry, attempt, options.random)
      options.onEvent({
        type: 'retry',
        ...base,
        attempt,
        status: null,
        reason: outcome.kind,
        delayMs,
        retryAfter: false,
      })
      await options.sleep(delayMs)
    }
  }

  function parseSuccess(outcome: { status: number; text: string }, context: CodatCallContext): unknown {
    if (outcome.text.trim() === '') return undefined
    try {
      return parseExact(outcome.text)
    } catch {
      throw new CodatApiError(
        context,
        outcome.status,
        undefined,
        redact(outcome.text).slice(0, RAW_BODY_LIMIT),
      )
    }
  }

  function apiError(
    outcome: { status: number; text: string },
    context: CodatCallContext,
    retryAfterMs: number | undefined,
  ): CodatApiError {
    const text = redact(outcome.text)
    let body: ErrorMessage | undefined
    try {
      const parsed = parseExact(text)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        // Again after parsing: a JSON escape (e.g. "\/" inside base64) would hide the key from the text pass.
        body = redactStrings(parsed, redact) as ErrorMessage
      }
    } catch {
      body = undefined
    }
    const rawBody = body === undefined && text !== '' ? text.slice(0, RAW_BODY_LIMIT) : undefined
    return new CodatApiError(context, outcome.status, body, rawBody, retryAfterMs)
  }
}

function queryString(query: CallSpec['query']): string {
  if (query === undefined) return ''
  // encodeURIComponent, not URLSearchParams: Codat's query language wants %20, not '+', for spaces.
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.message}${cause}`
}

function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}

function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactStrings(v, redact)]))
  }
  return value
}
