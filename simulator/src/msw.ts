import { HttpResponse, http, type RequestHandler } from 'msw'
import type { Simulator } from './simulator.js'

/**
 * msw 2.x handlers that answer every request under `baseUrl` (e.g. `https://api.codat.io`) from the same
 * simulator model, so a Node test can intercept Codat in-process:
 *
 * ```ts
 * const server = setupServer(...simulatorHandlers(sim, 'https://api.codat.io'))
 * server.listen({ onUnhandledRequest: 'error' })
 * ```
 */
export function simulatorHandlers(sim: Simulator, baseUrl = 'https://api.codat.io'): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, '')
  const basePath = new URL(base).pathname.replace(/\/+$/, '')
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url)
      const path = url.pathname.startsWith(basePath)
        ? url.pathname.slice(basePath.length) || '/'
        : url.pathname
      const headers: Record<string, string | undefined> = {}
      request.headers.forEach((v, k) => {
        headers[k.toLowerCase()] = v
      })
      const text = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text()
      const res = await sim.handle({
        method: request.method,
        url: `${path}${url.search}`,
        headers,
        body: text,
      })
      if (res.drop) return HttpResponse.error()
      return new HttpResponse(res.body === undefined ? null : JSON.stringify(res.body), {
        status: res.status,
        headers: res.headers,
      })
    }),
  ]
}
