import type { Ctx, SimResponse } from './context.js'
import type { ValidationItem } from './state.js'

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

export interface FailOptions {
  errors?: ValidationItem[]
  warnings?: ValidationItem[]
  service?: string
  /** 2023 body: no `validation` field. */
  legacy?: boolean
  headers?: Record<string, string>
}

/** Codat's ErrorMessage body; `statusCode` always equals the HTTP status (BEHAVIOUR §2.2). */
export function fail(ctx: Ctx, status: number, error?: string, o: FailOptions = {}): SimResponse {
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
  return { status, body, headers: { ...(o.headers ?? {}) } }
}

/** 400 with one validation error per problem (`validatorName` names the request part). */
export function invalid(
  ctx: Ctx,
  validatorName: string,
  problems: { itemId: string | null; message: string }[],
) {
  return fail(ctx, 400, MESSAGES[400], {
    errors: problems.map((p) => ({ itemId: p.itemId, message: p.message, validatorName })),
  })
}

/** Thrown by model code to answer early (not found, forbidden, invalid); operations catch it. */
export class Reply extends Error {
  constructor(readonly response: SimResponse) {
    super(`reply ${response.status}`)
  }
}
