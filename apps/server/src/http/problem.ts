import type { ErrorCode, ServiceError } from '../errors.js'

export type { ErrorCode, ServerErrorCode } from '../errors.js'

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
  invalid_instant: 422,
  // the server's own limits: its fault, not the caller's
  invalid_limits: 500,
  unknown_destination: 422,
  not_dismissable: 409,
  not_redatable: 409,
  no_balance_mismatch: 409,
  replaced_transaction_not_found: 422,
  replaced_transaction_not_pending: 409,
  transaction_replaced: 409,
  invalid_note: 422,
  invalid_settings: 422,
  // server
  malformed_json: 400,
  invalid_signature: 400,
  malformed_url: 400,
  malformed_request: 400,
  headers_too_large: 431,
  request_timeout: 408,
  invalid_id: 400,
  invalid_text: 400,
  amount_out_of_range: 422,
  balance_out_of_range: 422,
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
  wrong_platform: 409,
  mapping_in_ledger: 409,
  mapping_refused: 422,
  connection_not_linked: 409,
  codat_rejected: 502,
  codat_unavailable: 503,
  not_ready: 503,
  storage_unavailable: 503,
  shutting_down: 503,
  clock_unavailable: 503,
  internal_error: 500,
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
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

/** The problem+json body of a thrown `ServiceError`. */
export function problemOf(error: ServiceError): Problem {
  return problem(error.code, error.detail, error.extensions)
}

/** The problem+json body of a code: its status from `STATUS_OF`, its title from the status. */
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
