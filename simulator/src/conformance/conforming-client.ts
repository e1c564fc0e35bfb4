import type { CodatConformance } from './codat-documents.js'

/** The smallest shape of Fastify's `inject` the client needs (a port, not the whole FastifyInstance). */
export interface Injector {
  inject(opts: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
    url: string
    headers: Record<string, string>
    payload?: string
  }): PromiseLike<{ statusCode: number; body: string; headers: Record<string, unknown> }>
}

/** HTTP methods the client sends. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One request and its checked response. */
export interface Exchange {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies read by tests
  body: any
  headers: Record<string, unknown>
}

/** One response that did not match the document. */
export interface Discrepancy {
  request: string
  status: number
  operationId: string | undefined
  errors: string[]
  body: string
}

/** `Authorization` value for an API key. */
export const basicAuth = (key: string) => `Basic ${Buffer.from(key).toString('base64')}`

/**
 * Drives a simulator app through `inject()` and validates EVERY Codat response it receives against the
 * OpenAPI documents. It never throws on a mismatch: it records a `Discrepancy` (so one run lists them
 * all) and the test asserts `discrepancies` is empty. `/_sim` calls are not Codat's and are not checked.
 * Error statuses an operation does not declare are checked against the document's ErrorMessage schema and
 * listed in `undeclared` (Codat documents some, like Idempotency-Key's 409/422, outside the OpenAPI file).
 */
export class ConformingClient {
  readonly discrepancies: Discrepancy[] = []
  readonly undeclared = new Set<string>()
  /** `operationId status` of every Codat response seen. */
  readonly seen = new Set<string>()

  constructor(
    private readonly app: Injector,
    private readonly conformance: CodatConformance,
    private readonly apiKey: string,
  ) {}

  async call(
    method: Method,
    url: string,
    body?: unknown,
    opts: { key?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Exchange> {
    const key = opts.key === undefined ? this.apiKey : opts.key
    const headers: Record<string, string> = { ...(key === null ? {} : { authorization: basicAuth(key) }) }
    if (body !== undefined) headers['content-type'] = 'application/json'
    Object.assign(headers, opts.headers ?? {})
    const res = await this.app.inject({
      method,
      url,
      headers,
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    let parsed: unknown
    let parseError: string | undefined
    if (res.body !== '') {
      try {
        parsed = JSON.parse(res.body)
      } catch {
        parseError = `body is not JSON: ${res.body.slice(0, 80)}`
      }
    }
    if (!url.startsWith('/_sim')) this.check(method, url, res.statusCode, parsed, res.headers, parseError)
    return { status: res.statusCode, body: parsed, headers: res.headers }
  }

  private check(
    method: Method,
    url: string,
    status: number,
    body: unknown,
    headers: Record<string, unknown>,
    parseError: string | undefined,
  ): void {
    const r = this.conformance.validate(method, url, status, body, { undeclaredError: 'error-message' })
    const errors = [...r.errors]
    if (parseError) errors.push(parseError)
    const ct = String(headers['content-type'] ?? '')
    if (body !== undefined && !ct.startsWith('application/json')) errors.push(`content-type is ${ct}`)
    if (status === 429 && headers['retry-after'] === undefined) errors.push('429 without Retry-After')
    this.seen.add(`${r.operationId ?? '(no-operation)'} ${status}`)
    if (r.responseKey === 'ErrorMessage') {
      this.undeclared.add(`${r.document}:${r.operationId ?? `${method} (no operation)`} ${status}`)
    }
    if (errors.length > 0) {
      if (process.env.DUMP_DISC)
        require('node:fs').appendFileSync(
          process.env.DUMP_DISC,
          `${JSON.stringify({ request: `${method} ${url}`, status, op: r.operationId, errors, body })}\n`,
        )
      this.discrepancies.push({
        request: `${method} ${url}`,
        status,
        operationId: r.operationId,
        errors,
        body: JSON.stringify(body)?.slice(0, 400) ?? '',
      })
    }
  }
}
