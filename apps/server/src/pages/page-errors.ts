import { PageError } from './ports.js'

/** How a failure is shown: status, heading, a sentence; `log` when it is our fault (a 5xx). */
export interface PageFailure {
  readonly status: number
  readonly title: string
  readonly message: string
  readonly log: boolean
}

const KIND: Record<PageError['kind'], { status: number; title: string }> = {
  not_found: { status: 404, title: 'Not found' },
  invalid: { status: 422, title: 'That did not work' },
  conflict: { status: 409, title: 'Please try again shortly' },
  unavailable: { status: 503, title: 'Temporarily unavailable' },
}

/** Not found, said the same way for an unknown id and for another tenant's. */
export const NOT_FOUND: PageFailure = {
  status: 404,
  title: 'Not found',
  message: 'There is no such page, or you do not have access to it.',
  log: false,
}

function field(error: unknown, key: 'code' | 'statusCode' | 'validationContext'): unknown {
  return typeof error === 'object' && error !== null && key in error
    ? (error as Record<string, unknown>)[key]
    : undefined
}

/**
 * Any thrown value as a page failure. Nothing a person can type becomes a 500: bad ids are 404,
 * bad queries 400, an expired form 403; only unknown errors are 500 (logged, never shown).
 */
export function classifyFailure(error: unknown): PageFailure {
  if (error instanceof PageError) return { ...KIND[error.kind], message: error.message, log: false }
  const code = field(error, 'code')
  if (code === 'FST_CSRF_MISSING_SECRET' || code === 'FST_CSRF_INVALID_TOKEN') {
    return {
      status: 403,
      title: 'This form has expired',
      message: 'For your safety the form could not be accepted. Go back, reload the page and try again.',
      log: false,
    }
  }
  if (typeof error === 'object' && error !== null && 'validation' in error) {
    if (field(error, 'validationContext') === 'params') return NOT_FOUND
    return {
      status: 400,
      title: 'Not understood',
      message: 'Part of that request was not understood.',
      log: false,
    }
  }
  const status = field(error, 'statusCode')
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return NOT_FOUND
    const message =
      status === 413
        ? 'That was more than the page accepts.'
        : status === 415
          ? 'Please send the form from the page.'
          : status === 429
            ? 'Too many requests; wait a minute and try again.'
            : 'That request was not accepted.'
    return { status, title: 'Not accepted', message, log: false }
  }
  return {
    status: 500,
    title: 'Something went wrong',
    message: 'Something went wrong on our side. Nothing you did caused it; please try again in a moment.',
    log: true,
  }
}
