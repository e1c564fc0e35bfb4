import Fastify, { type FastifyInstance } from 'fastify'
import { simulatorPages } from './pages/pages-plugin.js'
import type { Simulator } from './simulator.js'

export interface ServerOptions {
  /** Largest accepted body in bytes (a 1000-line push is ~200 kB). */
  bodyLimit?: number
}

/**
 * The simulator as a Fastify app: one catch-all route hands each request to `sim.handle` (Codat's paths
 * and `/_sim`); route registration lives in the simulator's route table. No request logging (keys and
 * QBO passwords must not reach logs).
 */
export function buildSimulatorServer(sim: Simulator, opts: ServerOptions = {}): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 16 * 1024 * 1024 })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))
  app.register(simulatorPages, { sim })
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const headers: Record<string, string | undefined> = {}
      for (const [k, v] of Object.entries(request.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v
      const res = await sim.handle({
        method: request.method,
        url: request.url,
        headers,
        body: typeof request.body === 'string' ? request.body : undefined,
      })
      if (res.drop) {
        reply.hijack()
        request.raw.socket.destroy()
        return
      }
      reply.code(res.status).headers(res.headers)
      return res.body === undefined ? reply.send() : reply.send(JSON.stringify(res.body))
    },
  })
  return app
}
