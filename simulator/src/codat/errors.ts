import type { Ctx, SimResponse } from './context.js'
import type { ValidationItem } from './state.js'

/** Codat's default `error` text per status (BEHAVIOUR §2.2). */
export const MESSAGES: Record<number, string> = {
  400: 'Error processing request - not valid.',
  401: 'Unauthorized',
  403: 'You are using an outdated API key or a key not associated with that resource.',
  404: 'Not found.',
  409: 'The data set has not been requested.',
  422: 'The Idempotency-Key has already been used with a different request body.',
  429: 'You have made too many requests in a given amount of time; please retry later.',
  500: 'An unexpected error occurred.',
  503: 'The Codat API is temporarily offline for maintenance. Please try again later.',
}

/** One thing wrong with a request: `itemId` names the field or line, `message` says what. */
export type Problem = { itemId: string | null; message: string }

/** Extras of an error answer. */
export interface ErrorOptions {
  errors?: ValidationItem[]
  warnings?: ValidationItem[]
  service?: string
  /** 2023 body: no `validation` field. */
  legacy?: boolean
  headers?: Record<string, string>
}

/**
 * The simulator's one error style: code that refuses a request **throws** a `CodatError`, and the one
 * place that runs a route, a pipeline step or a control action turns it into its `response`.
 *
 * @example throw codatError(ctx, 404, `No company was found with ID ${id}`)
 */
export class CodatError extends Error {
  constructor(readonly response: SimResponse) {
    super(`codat error ${response.status}`)
  }
}

/** Codat's ErrorMessage body as a `CodatError`; `statusCode` always equals the HTTP status (BEHAVIOUR §2.2). */
export function codatError(ctx: Ctx, status: number, error?: string, o: ErrorOptions = {}): CodatError {
  const body: Record<string, unknown> = {
    statusCode: status,
    service: o.service ?? 'PublicApi',
    error: error ?? MESSAGES[status] ?? 'Error',
    correlationId: ctx.rng.hex(32),
  }
  if (status !== 401 && !o.legacy) {
    body.validation = o.errors || o.warnings ? { errors: o.errors ?? [], warnings: o.warnings ?? [] } : null
  }
  body.canBeRetried = 'Unknown'
  body.detailedErrorCode = 0
  return new CodatError({ status, body, headers: { ...(o.headers ?? {}) } })
}

/** A 400 with one validation error per problem (`validatorName` names the request part). */
export function invalidRequest(ctx: Ctx, validatorName: string, problems: Problem[]): CodatError {
  return codatError(ctx, 400, MESSAGES[400], {
    errors: problems.map((p) => ({ itemId: p.itemId, message: p.message, validatorName })),
  })
}

/**
 * Runs `f`; a thrown `CodatError` becomes its response, anything else is left to `other` (default:
 * rethrown).
 */
export function answering(f: () => SimResponse, other?: (e: unknown) => SimResponse): SimResponse {
  try {
    return f()
  } catch (e) {
    if (e instanceof CodatError) return e.response
    if (other) return other(e)
    throw e
  }
}
