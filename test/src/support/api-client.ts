/** One answer of the feedsync API or the simulator's control API, body parsed as JSON. */
export interface Reply<T = unknown> {
  status: number
  body: T
  headers: Record<string, string>
}

/** The smallest HTTP shape the tests need: the same tests drive `app.inject()` or a real socket. */
export interface HttpCaller {
  call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>
}

function parse(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Calls `baseUrl + path` with `fetch`, sending `authorization` on every request. */
export function fetchCaller(baseUrl: string, authorization: string): HttpCaller {
  const base = baseUrl.replace(/\/+$/, '')
  return {
    async call<T>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Reply<T>> {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      })
      const out: Record<string, string> = {}
      res.headers.forEach((v, k) => {
        out[k] = v
      })
      return { status: res.status, body: parse(await res.text()) as T, headers: out }
    },
  }
}

/** The smallest shape of Fastify's `inject` the in-process caller needs. */
export interface Injectable {
  inject(options: {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE'
    url: string
    headers: Record<string, string>
    payload?: string
  }): PromiseLike<{ statusCode: number; body: string; headers: Record<string, unknown> }>
}

/** Calls a Fastify app in this process with `inject` (no socket). */
export function injectCaller(app: Injectable, authorization: string): HttpCaller {
  return {
    async call<T>(
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Reply<T>> {
      const res = await app.inject({
        method,
        url: path,
        headers: {
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      })
      const out: Record<string, string> = {}
      for (const [k, v] of Object.entries(res.headers)) out[k] = String(v)
      return { status: res.statusCode, body: parse(res.body) as T, headers: out }
    },
  }
}

export const bearer = (key: string) => `Bearer ${key}`
export const basic = (key: string) => `Basic ${Buffer.from(key, 'utf8').toString('base64')}`
