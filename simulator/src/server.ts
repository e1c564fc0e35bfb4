import type { Socket } from 'node:net'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import type { SimResponse } from './codat/context.js'
import type { SimRequest } from './http/request.js'
import { simulatorPages } from './pages/pages-plugin.js'
import type { Simulator } from './simulator.js'

export interface ServerOptions {
  /** Largest accepted body in bytes (a 1000-line push is ~200 kB). */
  bodyLimit?: number
}

/** Codat's `error` text for the answers Fastify and Node give before a route runs. */
const FRAMEWORK_MESSAGES: Record<number, string> = {
  400: 'Error processing request - not valid.',
  408: 'The request took too long to arrive.',
  413: 'The request body is too large.',
  414: 'The request URI is too long.',
  415: 'The request media type is not supported.',
  431: 'The request header fields are too large.',
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
}

function send(reply: FastifyReply, res: SimResponse): FastifyReply {
  reply.code(res.status).headers(res.headers)
  return res.body === undefined ? reply.send() : reply.send(JSON.stringify(res.body))
}

/** A framework error's status (4xx/5xx as Fastify set it; anything else is a 500). */
function statusOf(e: FastifyError): number {
  const s = e.statusCode
  return typeof s === 'number' && s >= 400 && s <= 599 ? s : 500
}

/**
 * The simulator as a Fastify app: one catch-all route hands each request to `sim.handle` (Codat's paths
 * and `/_sim`); route registration lives in the simulator's route table. No request logging (keys and
 * QBO passwords must not reach logs). Every answer carries Codat's error body, including the framework's
 * own: an unknown method (the pipeline's 404/405), a URL it cannot decode (400), a body too large (413),
 * any handler error (500), and Node's parser errors on the socket (431 headers too large, 400 malformed
 * request or chunked body, 408).
 */
export function buildSimulatorServer(sim: Simulator, opts: ServerOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit ?? 16 * 1024 * 1024,
    // Requests that arrive while closing are answered by the simulator, not by Fastify's own 503 body.
    return503OnClosing: false,
    frameworkErrors: (e, _req, reply) => {
      const status = statusOf(e)
      send(reply, sim.errorAnswer(status, FRAMEWORK_MESSAGES[status]))
    },
    clientErrorHandler: (e: Error & { code?: string }, socket: Socket) => {
      if (!socket.writable) return
      const status =
        e.code === 'HPE_HEADER_OVERFLOW' ? 431 : e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
      const res = sim.errorAnswer(status, FRAMEWORK_MESSAGES[status])
      const body = JSON.stringify(res.body)
      socket.end(
        `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: ${res.headers['Content-Type']}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
    },
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))
  app.setErrorHandler((e: FastifyError, _request, reply) => {
    const status = statusOf(e)
    return send(reply, sim.errorAnswer(status, FRAMEWORK_MESSAGES[status]))
  })
  app.register(simulatorPages, { sim })
  const handle = async (request: Parameters<Parameters<typeof app.route>[0]['handler']>[0]) => {
    const headers: Record<string, string | undefined> = {}
    for (const [k, v] of Object.entries(request.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v
    const req: SimRequest = {
      method: request.method,
      url: request.url,
      headers,
      body: typeof request.body === 'string' ? request.body : undefined,
    }
    return sim.handle(req)
  }
  // Methods without a route (OPTIONS, TRACE, ...) reach the pipeline too: Codat's 405 or 404 body.
  app.setNotFoundHandler(async (request, reply) => send(reply, await handle(request)))
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const res = await handle(request)
      if (res.drop) {
        reply.hijack()
        request.raw.socket.destroy()
        return
      }
      return send(reply, res)
    },
  })
  return app
}
