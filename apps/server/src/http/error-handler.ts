import { CodatApiError, CodatError } from '@feedsync/codat-client'
import type { FastifyError, FastifyInstance } from 'fastify'
import { ClockUnavailableError } from '../clock.js'
import { ServiceError } from '../errors.js'
import { StorageUnavailableError } from '../storage.js'
import { PROBLEM_JSON } from './framework-errors.js'
import { type Problem, problem, problemOf } from './problem.js'
import { validationProblem } from './validation.js'

/** Seconds a client waits before retrying a 503 (the database or Codat is back in seconds, or not). */
const RETRY_AFTER_SECONDS = '5'

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error
}

/**
 * Turns any thrown value into a problem; `undefined` for an unknown error (a 500 to log). `schemaOf`
 * gives the route's schema of a validation error's part (`body`, `params`, …), where the input policy
 * is read from (`input-policy.ts`).
 */
export function toProblem(
  error: unknown,
  schemaOf: (part: string) => unknown = () => undefined,
): Problem | undefined {
  if (error instanceof ServiceError) return problemOf(error)
  if (error instanceof StorageUnavailableError)
    return problem('storage_unavailable', 'The database is unavailable; retry in a few seconds.')
  if (error instanceof CodatApiError) {
    if (error.status === 429 || error.status >= 500) {
      return problem('codat_unavailable', `Codat is unavailable (HTTP ${error.status}); retry later.`)
    }
    if (error.status === 401 || error.status === 403) {
      return problem(
        'codat_rejected',
        `Codat refused feedsync's own API key (HTTP ${error.status}): the server's CODAT_API_KEY (or CODAT_BASE_URL) is wrong: its operator must set it (the request can be retried after).`,
      )
    }
    return problem(
      'codat_rejected',
      `Codat refused the request (HTTP ${error.status}): ${error.body?.error ?? 'no detail'}`,
    )
  }
  if (error instanceof CodatError)
    return problem('codat_unavailable', 'Codat could not be reached; retry later.')
  if (error instanceof ClockUnavailableError)
    return problem('clock_unavailable', `${error.message}; retry later.`)
  if (!isFastifyError(error)) return undefined
  if (error.validation !== undefined) {
    const tooMany = error.validation.some(
      (v) => v.instancePath === '/transactions' && v.keyword === 'maxItems',
    )
    if (tooMany) return problem('too_many_transactions', 'At most 1000 transactions per request.')
    const part = error.validationContext ?? 'request'
    const found = validationProblem(part, error.validation, schemaOf(part))
    return problem(found.code, found.detail, { errors: found.errors })
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('body_too_large', 'The request body is larger than the limit.')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported_media_type', 'Send the body as application/json.')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('malformed_json', 'The body is not valid JSON.')
    default:
      break
  }
  const status = error.statusCode ?? 500
  if (status === 404) return problem('route_not_found', error.message)
  if (status === 405) return problem('method_not_allowed', error.message)
  if (status >= 400 && status < 500) return problem('validation_failed', error.message)
  return undefined
}

/** One error handler for the whole app: problem+json with a stable code; unknown errors → 500, logged, not sent. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const schema = request.routeOptions.schema as Record<string, unknown> | undefined
    let body = toProblem(
      error,
      (part) => schema?.[part] ?? (part === 'querystring' ? schema?.query : undefined),
    )
    if (body === undefined) {
      request.log.error({ err: error }, 'unhandled error')
      body = problem('internal_error', 'An unexpected error occurred; it has been logged.')
    } else if (body.status >= 500 && body.code !== 'storage_unavailable') {
      // storage_unavailable is logged once per outage by the guarded store, not once per request
      request.log.warn({ err: error, code: body.code }, body.detail)
    }
    if ((body.status === 429 || body.status === 503) && !reply.hasHeader('retry-after'))
      reply.header('retry-after', body.status === 429 ? '1' : RETRY_AFTER_SECONDS)
    return reply.status(body.status).type(PROBLEM_JSON).send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    const body = problem('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)
    return reply.status(body.status).type(PROBLEM_JSON).send(body)
  })
}
