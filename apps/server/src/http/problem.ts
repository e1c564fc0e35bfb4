import type { FeedErrorCode } from '@feedsync/core'

/** Codes the server itself produces, beside the core's `FeedErrorCode`s. */
export type ServerErrorCode =
  | 'malformed_json'
  | 'validation_failed'
  | 'too_many_transactions'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_flight'
  | 'concurrent_update'
  | 'sync_in_progress'
  | 'codat_rejected'
  | 'codat_unavailable'
  | 'not_ready'
  | 'clock_unavailable'
  | 'internal_error'

export type ErrorCode = FeedErrorCode | ServerErrorCode

/**
 * THE map from error code to HTTP status. Typed over the whole union: a new core `FeedErrorCode`
 * (or server code) does not compile until it is given a status here.
 */
export const STATUS_OF: { readonly [C in ErrorCode]: number } = {
  // core
  account_not_registered: 409,
  account_already_registered: 409,
  invalid_account_id: 400,
  invalid_currency: 400,
  invalid_time_zone: 400,
  invalid_amount: 422,
  amount_too_precise: 422,
  invalid_balance: 422,
  balance_too_precise: 422,
  invalid_date: 422,
  invalid_transaction: 422,
  invalid_transaction_type: 422,
  currency_mismatch: 422,
  duplicate_conflict: 409,
  unknown_transaction: 404,
  transaction_voided: 409,
  transaction_already_pushed: 409,
  transaction_in_flight: 409,
  invalid_feed_start_date: 422,
  batch_in_flight: 409,
  unknown_batch: 404,
  batch_not_in_flight: 409,
  invalid_batch_outcome: 409,
  // server
  malformed_json: 400,
  validation_failed: 400,
  too_many_transactions: 413,
  body_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  rate_limited: 429,
  idempotency_key_reused: 422,
  idempotency_key_in_flight: 409,
  concurrent_update: 409,
  sync_in_progress: 409,
  codat_rejected: 502,
  codat_unavailable: 503,
  not_ready: 503,
  clock_unavailable: 503,
  internal_error: 500,
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** The `application/problem+json` body (RFC 9457) with our stable `code`. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: ErrorCode
  [extension: string]: unknown
}

/**
 * An error that the error handler answers as problem+json. Throw it from any route.
 *
 * @example
 * throw new ProblemError('not_found', `No company ${companyId}.`)
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError'
  readonly statusCode: number

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail)
    this.statusCode = STATUS_OF[code]
  }

  toProblem(): Problem {
    return problem(this.code, this.detail, this.extensions)
  }
}

export function problem(
  code: ErrorCode,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem {
  const status = STATUS_OF[code]
  return {
    ...extensions,
    type: `https://feedsync.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  }
}
