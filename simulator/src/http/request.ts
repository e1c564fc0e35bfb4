/** A transport-neutral HTTP request, built by the Fastify and msw adapters. */
export interface SimRequest {
  method: string
  /** Path plus query string, relative to the simulator's base URL: `/companies?page=2`. */
  url: string
  /** Header names in lower case. */
  headers: Record<string, string | undefined>
  /** Raw body text, if any. */
  body?: string
}

/** A URL split into its path (trailing slashes removed) and first-wins query parameters. */
export interface SplitUrl {
  path: string
  query: Record<string, string | undefined>
}

/** Splits `/path?query` (relative to the simulator's base URL). */
export function splitUrl(url: string): SplitUrl {
  const i = url.indexOf('?')
  const path = i < 0 ? url : url.slice(0, i)
  const query: Record<string, string | undefined> = {}
  if (i >= 0) {
    for (const [k, v] of new URLSearchParams(url.slice(i + 1))) if (!(k in query)) query[k] = v
  }
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, query }
}

/** A method and `{param}` path template with what it leads to. */
export interface RoutePattern<T> {
  method: string
  path: string
  value: T
}

/** A route found (with its decoded params), a known path with another method, or nothing. */
export type RouteMatch<T> =
  | { kind: 'found'; value: T; params: Record<string, string> }
  | { kind: 'method' }
  | { kind: 'none' }

/** First route whose method and `{param}` path match; specific paths must come before general ones. */
export function matchRoute<T>(routes: RoutePattern<T>[], method: string, path: string): RouteMatch<T> {
  const segs = path.split('/').slice(1)
  let pathMatched = false
  for (const r of routes) {
    const pattern = r.path.split('/').slice(1)
    if (pattern.length !== segs.length) continue
    const params: Record<string, string> = {}
    let okay = true
    for (let i = 0; i < pattern.length; i++) {
      const p = pattern[i] as string
      const s = segs[i] as string
      if (p.startsWith('{')) {
        if (s === '') {
          okay = false
          break
        }
        try {
          params[p.slice(1, -1)] = decodeURIComponent(s)
        } catch {
          okay = false
          break
        }
      } else if (p !== s) {
        okay = false
        break
      }
    }
    if (!okay) continue
    pathMatched = true
    if (r.method === method.toUpperCase()) return { kind: 'found', value: r.value, params }
  }
  return pathMatched ? { kind: 'method' } : { kind: 'none' }
}
