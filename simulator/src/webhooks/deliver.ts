import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isoInstant } from '../kernel/dates.js'
import type { AttemptRec } from './model.js'

/** What one real HTTP attempt produced: a status code, or an error text (`timeout`, `ECONNREFUSED`, ...). */
export type AttemptResult = { status: number; latencyMs: number } | { error: string; latencyMs: number }

/** One attempt sent with `headers` at virtual time `at`, and what it got, as the message's log keeps it. */
export function attemptRec(
  at: number,
  headers: Record<string, string>,
  r: AttemptResult,
  duplicate = false,
): AttemptRec {
  return {
    at: isoInstant(at),
    wallAt: new Date().toISOString(),
    statusCode: 'status' in r ? r.status : null,
    error: 'error' in r ? r.error : null,
    latencyMs: r.latencyMs,
    timestamp: Number(headers['webhook-timestamp'] ?? headers['svix-timestamp']),
    ...(duplicate ? { duplicate: true } : {}),
  }
}

/**
 * POSTs `body` to `url` with node:http directly (never global fetch, so an msw interceptor set up around
 * the simulator does not catch the simulator's own deliveries). The response body is read and ignored (W6).
 */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  wallNow: () => number = Date.now,
): Promise<AttemptResult> {
  const started = wallNow()
  const latency = () => wallNow() - started
  return new Promise((resolve) => {
    let done = false
    const finish = (r: AttemptResult) => {
      if (!done) {
        done = true
        resolve(r)
      }
    }
    let u: URL
    try {
      u = new URL(url)
    } catch {
      finish({ error: 'invalid_url', latencyMs: 0 })
      return
    }
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(
      u,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume()
        res.on('end', () => finish({ status: res.statusCode ?? 0, latencyMs: latency() }))
        res.on('error', (e) => finish({ error: e.message, latencyMs: latency() }))
      },
    )
    req.on('timeout', () => {
      finish({ error: 'timeout', latencyMs: latency() })
      req.destroy()
    })
    req.on('error', (e: Error & { code?: string }) =>
      finish({ error: e.code ?? e.message, latencyMs: latency() }),
    )
    req.end(body)
  })
}
