import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { MAX_ID_LENGTH } from './input-policy.js'
import { type Problem, problem } from './problem.js'

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8'

/**
 * The problem for an error the router raises before any route runs (Fastify's `frameworkErrors`):
 * an address whose %-escapes are not UTF-8, a path parameter longer than the ids the API takes.
 */
export function routerProblem(error: FastifyError): Problem {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return problem(
        'malformed_url',
        'The address is not valid: a %-escape is broken or does not encode UTF-8 text; percent-encode each ' +
          'path segment as encodeURIComponent does.',
      )
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(
        'invalid_id',
        `An id in the path is longer than ${MAX_ID_LENGTH} characters; ids are 1 to ${MAX_ID_LENGTH} characters.`,
      )
    default:
      return problem('malformed_request', 'The request could not be read; check its address and headers.')
  }
}

/**
 * Fastify's `frameworkErrors` for the API: the router's refusals as problem+json with a stable code
 * (the web app under `/app` answers its own HTML pages first).
 *
 * @example
 * Fastify({ frameworkErrors: (e, req, reply) => frameworkErrorPage(e, req, reply, bank) ?? frameworkProblem(e, reply) })
 */
export function frameworkProblem(error: FastifyError, reply: FastifyReply): FastifyReply {
  const body = routerProblem(error)
  return reply.status(body.status).type(PROBLEM_JSON).send(body)
}

/** The problem for an error Node's HTTP parser raises (`clientError`), or `undefined` for none (a reset). */
export function clientProblem(error: NodeJS.ErrnoException): Problem | undefined {
  switch (error.code) {
    case 'ECONNRESET':
      return undefined
    case 'HPE_HEADER_OVERFLOW':
      return problem(
        'headers_too_large',
        'The request line and headers are larger than the server reads (16 KiB); send a shorter address or fewer headers.',
      )
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return problem('request_timeout', 'The request did not arrive in time; send it again.')
    default:
      return problem(
        'malformed_request',
        'The request is not valid HTTP/1.1 (a malformed request line, header, Content-Length or chunked body).',
      )
  }
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (431, a malformed request or chunked
 * body, a timeout) is answered problem+json on the socket, which is then closed.
 *
 * @example
 * Fastify({ clientErrorHandler })
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  const body = socket.destroyed ? undefined : clientProblem(error)
  if (body === undefined) {
    socket.destroy()
    return
  }
  if (socket.writable) {
    const text = JSON.stringify(body)
    socket.write(
      `HTTP/1.1 ${body.status} ${body.title}\r\nContent-Type: ${PROBLEM_JSON}\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    )
  }
  socket.destroy()
}

/**
 * While the server closes, a request that still arrives (on a kept-alive connection) is answered 503
 * `shutting_down` problem+json with `Retry-After: 1` and `Connection: close`, instead of Fastify's own
 * plain 503 (`return503OnClosing`). Health probes get the same answer: the process is going away.
 *
 * @example
 * installClosingGuard(app) // before the routes
 */
export function installClosingGuard(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return
    const body = problem('shutting_down', 'The server is shutting down; send the request again in a moment.')
    return reply
      .status(body.status)
      .header('retry-after', '1')
      .header('connection', 'close')
      .type(PROBLEM_JSON)
      .send(body)
  })
}
