import type { ErrorMessage } from './models/error-message.js'

/** Where a failed call was going: enough to find it in logs, never the credentials. */
export interface CodatCallContext {
  /** SDK-style operation name, e.g. `transactions.create`. */
  operation: string
  method: string
  /** Request path without the base URL or query string. */
  path: string
  /** How many attempts were made before giving up. */
  attempts: number
}

/**
 * Base class of every error this client throws for a call. Messages, `toString()` and `JSON.stringify`
 * carry the operation, path and status, never the API key.
 */
export abstract class CodatError extends Error {
  readonly operation: string
  readonly method: string
  readonly path: string
  readonly attempts: number

  protected constructor(message: string, context: CodatCallContext) {
    super(message)
    this.operation = context.operation
    this.method = context.method
    this.path = context.path
    this.attempts = context.attempts
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      operation: this.operation,
      method: this.method,
      path: this.path,
      attempts: this.attempts,
    }
  }
}

/**
 * Codat answered with a non-2xx status (or a 2xx whose body is not JSON). `body` is Codat's parsed
 * `ErrorMessage` when the response had one.
 *
 * @example
 * catch (e) { if (e instanceof CodatApiError && e.status === 404) … e.body?.correlationId }
 */
export class CodatApiError extends CodatError {
  override readonly name = 'CodatApiError'
  readonly status: number
  readonly body: ErrorMessage | undefined
  /** Response text (first 2000 characters) when it was not a JSON object. */
  readonly rawBody: string | undefined
  /** For a 429 (or 503) with `Retry-After`: how long Codat asked us to wait. */
  readonly retryAfterMs: number | undefined

  constructor(
    context: CodatCallContext,
    status: number,
    body: ErrorMessage | undefined,
    rawBody?: string,
    retryAfterMs?: number,
  ) {
    const detail = body?.error
      ? `: ${body.error}`
      : rawBody === undefined
        ? ''
        : ' (body is not a Codat error message)'
    const correlation = body?.correlationId ? ` [correlationId ${body.correlationId}]` : ''
    super(
      `Codat ${context.operation} (${context.method} ${context.path}) answered HTTP ${status}${detail}${correlation}` +
        ` after ${context.attempts} attempt(s)`,
      context,
    )
    this.status = status
    this.body = body
    this.rawBody = rawBody
    this.retryAfterMs = retryAfterMs
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, body: this.body, retryAfterMs: this.retryAfterMs }
  }
}

/**
 * The request never got an HTTP answer (connection refused, reset, DNS, …). The underlying error is
 * not attached as `cause` (a fetch implementation may quote request headers in it); its message, with
 * the key redacted, is in `reason` and its system code (e.g. `ECONNREFUSED`) in `code`.
 */
export class CodatNetworkError extends CodatError {
  override readonly name = 'CodatNetworkError'
  readonly reason: string
  readonly code: string | undefined

  constructor(context: CodatCallContext, reason: string, code?: string) {
    super(
      `Codat ${context.operation} (${context.method} ${context.path}) failed without an HTTP answer after ` +
        `${context.attempts} attempt(s): ${reason}`,
      context,
    )
    this.reason = reason
    this.code = code
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, code: this.code }
  }
}

/** No complete answer within the per-request timeout, on every attempt. */
export class CodatTimeoutError extends CodatError {
  override readonly name = 'CodatTimeoutError'
  readonly timeoutMs: number

  constructor(context: CodatCallContext, timeoutMs: number) {
    super(
      `Codat ${context.operation} (${context.method} ${context.path}) timed out after ${timeoutMs} ms ` +
        `on each of ${context.attempts} attempt(s)`,
      context,
    )
    this.timeoutMs = timeoutMs
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs }
  }
}
