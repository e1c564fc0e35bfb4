import type { FeedErrorCode } from '@feedsync/core'

/** Codes the server itself produces, beside the core's `FeedErrorCode`s. */
export type ServerErrorCode =
  | 'malformed_json'
  | 'malformed_url'
  | 'malformed_request'
  | 'headers_too_large'
  | 'request_timeout'
  | 'invalid_id'
  | 'invalid_text'
  | 'amount_out_of_range'
  | 'balance_out_of_range'
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
  | 'wrong_platform'
  | 'mapping_in_ledger'
  | 'mapping_refused'
  | 'connection_not_linked'
  | 'codat_rejected'
  | 'codat_unavailable'
  | 'not_ready'
  | 'storage_unavailable'
  | 'shutting_down'
  | 'clock_unavailable'
  | 'internal_error'
  | 'invalid_signature'

/** Every stable error code the API answers with: the closed union `http/` maps to statuses. */
export type ErrorCode = FeedErrorCode | ServerErrorCode

/**
 * The error services throw: a stable `code`, a sentence for the caller (`detail`) and optional
 * extension members. It knows nothing of HTTP; only `http/` turns a code into a status.
 *
 * @example
 * throw new ServiceError('not_found', `No company ${companyId}.`)
 * throw new ServiceError('invalid_amount', 'Transaction t1: ...', { errors: [{ index: 0, id: 't1' }] })
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError'

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** Extra members of the answer (for example `errors`), never secrets. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
    options?: { readonly cause?: unknown },
  ) {
    super(detail, options)
  }
}
