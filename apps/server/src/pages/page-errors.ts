import type { FastifyReply, FastifyRequest } from 'fastify'
import { PageError } from './ports.js'
import { errorPage } from './views/auth-views.js'

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

/**
 * Fastify's `frameworkErrors` (an address the router cannot even read: a broken %-escape, an id
 * longer than the router takes) for the web app: under `/app` an HTML page with the router's 4xx
 * status (no session is read: the request never reached the app); anywhere else `undefined`, for
 * the API's own answer.
 *
 * @example
 * Fastify({ frameworkErrors: (e, req, reply) => frameworkErrorPage(e, req, reply, 'Northwind Bank') ?? reply.send(e) })
 */
export function frameworkErrorPage(
  error: { statusCode?: number },
  request: FastifyRequest,
  reply: FastifyReply,
  bankName: string,
): FastifyReply | undefined {
  const path = request.raw.url ?? ''
  if (path !== '/app' && !path.startsWith('/app/') && !path.startsWith('/app?')) return undefined
  const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400
  const page = errorPage(
    { viewer: undefined, csrf: '', bankName, flash: undefined },
    { ...NOT_FOUND, status, back: { href: '/app', label: 'Back to the start' } },
  )
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page.value)
}
