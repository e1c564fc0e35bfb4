import type { Ctx, SimResponse } from '../codat/context.js'
import { codatError, invalidRequest } from '../codat/errors.js'
import { beginIdempotent, finishIdempotent, releaseIdempotent } from '../codat/idempotency.js'
import { takeRequest, uncountedHeaders } from '../codat/rate-limit.js'
import type { FaultRec } from '../codat/state.js'
import { pickFault } from '../control/faults.js'
import type { Auth } from './auth.js'
import { CODAT_ROUTES, type CodatRoute } from './codat-routes.js'
import { type HasResponse, type PipelineStep, parseJsonBody } from './pipeline.js'
import { matchRoute, type SimRequest, splitUrl } from './request.js'
import { runRoute } from './run-route.js'

/** One Codat request on its way through `codatPipeline`; each step fills in what it learns. */
export interface CodatExchange extends HasResponse {
  readonly req: SimRequest
  readonly method: string
  path: string
  query: Record<string, string | undefined>
  route?: CodatRoute
  params?: Record<string, string>
  tenant?: string
  rateHeaders?: Record<string, string>
  fault?: FaultRec
  idemKey?: string
  body?: unknown
}

/** What the Codat pipeline works on. */
export interface CodatPipelineDeps {
  ctx: Ctx
  auth: Auth
  /** Catches the model up with the clock. */
  tick: () => void
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms))

/** A Codat request as the pipeline's first step sees it. */
export function codatExchange(req: SimRequest): CodatExchange {
  const { path, query } = splitUrl(req.url)
  return { req, method: req.method.toUpperCase(), path, query }
}

/**
 * Codat's request pipeline, in order (BEHAVIOUR §2, §9, §12): route → auth → rate limit → edge fault →
 * Idempotency-Key → injected fault → fault latency → body → route handler → rate headers → idempotent
 * store → late drop.
 * The key is consulted before any injected fault: a replay answers without drawing a fault, and an injected
 * status is stored under the key like any answer (a 429 never is; a drop before processing frees the key).
 */
export function codatPipeline({
  ctx,
  auth,
  tick,
}: CodatPipelineDeps): readonly PipelineStep<CodatExchange>[] {
  const rate = (x: CodatExchange) => x.rateHeaders ?? {}
  const faultError = (fault: FaultRec, rateHeaders: Record<string, string>) => {
    const headers: Record<string, string> = { ...rateHeaders }
    if (fault.status === 429) headers['Retry-After'] = String(fault.retryAfterSeconds ?? 1)
    else if (fault.retryAfterSeconds !== null) headers['Retry-After'] = String(fault.retryAfterSeconds)
    return codatError(ctx, fault.status ?? 500, undefined, { headers })
  }
  return [
    { name: 'catch-up', run: tick },
    {
      name: 'match-route',
      run: (x) => {
        const m = matchRoute(CODAT_ROUTES, x.method, x.path)
        if (m.kind === 'method') throw codatError(ctx, 405, 'Method not allowed.')
        if (m.kind === 'none') throw codatError(ctx, 404, 'Not found.')
        x.route = m.value
        x.params = m.params
      },
    },
    {
      name: 'authenticate',
      run: (x) => {
        x.tenant = auth.tenantFromHeader(x.req.headers.authorization)
        if (!x.tenant) throw codatError(ctx, 401, undefined, { headers: uncountedHeaders(ctx) })
      },
    },
    {
      name: 'rate-limit',
      run: (x) => {
        const decision = takeRequest(ctx, x.tenant as string)
        x.rateHeaders = decision.headers
        if (decision.retryAfter !== undefined) {
          throw codatError(ctx, 429, undefined, {
            headers: { ...decision.headers, 'Retry-After': String(decision.retryAfter) },
          })
        }
      },
    },
    {
      name: 'edge-fault',
      run: async (x) => {
        // A fault of the edge in front of Codat (`edge: true`): answers before the key is consulted.
        const fault = pickFault(ctx, (x.route as CodatRoute).operationId, true)
        x.fault = fault
        if (!fault || (fault.status === null && fault.drop !== 'before')) return
        if (fault.latencyMs > 0) await sleep(fault.latencyMs)
        if (fault.status === null) {
          x.answer = { status: 0, headers: {}, drop: true }
          return
        }
        throw faultError(fault, rate(x))
      },
    },
    {
      name: 'idempotency-key',
      run: (x) => {
        const key = x.method === 'POST' || x.method === 'PATCH' ? x.req.headers['idempotency-key'] : undefined
        if (!key) return
        // Two headers reach us joined by a comma (RFC 9110 §5.3): only one key per request (§2.4).
        if (key.includes(',')) {
          throw invalidRequest(ctx, 'Idempotency-Key', [
            { itemId: 'Idempotency-Key', message: 'Only one Idempotency-Key header may be sent.' },
          ])
        }
        x.idemKey = key
        const start = beginIdempotent(
          ctx,
          x.tenant as string,
          key,
          `${x.method} ${x.req.url}\n${x.req.body ?? ''}`,
        )
        if (start.kind === 'replay') {
          x.answer = {
            ...start.response,
            headers: { ...start.response.headers, ...rate(x), 'Idempotent-Replayed': 'true' },
          }
          return
        }
        if (start.kind === 'inFlight') {
          throw codatError(ctx, 409, 'A request with this Idempotency-Key is still being processed.', {
            headers: rate(x),
          })
        }
        if (start.kind === 'mismatch') throw codatError(ctx, 422, undefined, { headers: rate(x) })
      },
    },
    {
      name: 'inject-fault',
      run: async (x) => {
        if (x.fault) return // one fault per call: an edge fault (latency, late drop) was drawn
        const fault = pickFault(ctx, (x.route as CodatRoute).operationId, false)
        x.fault = fault
        if (!fault || (fault.status === null && fault.drop !== 'before')) return
        if (fault.latencyMs > 0) await sleep(fault.latencyMs)
        if (fault.status === null) {
          // Dropped before Codat saw it: nothing is stored, the key is free again.
          if (x.idemKey) releaseIdempotent(ctx, x.tenant as string, x.idemKey)
          x.answer = { status: 0, headers: {}, drop: true }
          return
        }
        const error = faultError(fault, rate(x))
        // Codat stores every answer but a 429 under the key and replays it (§2.4): a 5xx included.
        if (x.idemKey) finishIdempotent(ctx, x.tenant as string, x.idemKey, error.response)
        throw error
      },
    },
    {
      name: 'fault-latency',
      run: async (x) => {
        if (!x.fault || x.fault.latencyMs <= 0) return
        await sleep(x.fault.latencyMs)
        tick()
      },
    },
    {
      name: 'read-body',
      run: (x) => {
        const route = x.route as CodatRoute
        if (route.ignoresBody || x.method === 'GET' || x.method === 'DELETE') return
        const parsed = parseJsonBody(x.req.body)
        if (parsed.ok) x.body = parsed.value
        else {
          x.response = invalidRequest(ctx, 'Request', [
            { itemId: null, message: 'The request body is not valid JSON.' },
          ]).response
        }
      },
    },
    {
      name: 'run-route',
      run: (x) => {
        x.response ??= runRoute(ctx, x.route as CodatRoute, {
          tenant: x.tenant as string,
          caller: { tenant: x.tenant as string },
          params: x.params ?? {},
          query: x.query,
          body: x.body,
          ...(x.fault ? { fault: x.fault } : {}),
        })
      },
    },
    {
      name: 'rate-headers',
      run: (x) => {
        const res = x.response as SimResponse
        res.headers = { ...rate(x), ...res.headers }
      },
    },
    {
      name: 'store-idempotent',
      run: (x) => {
        if (x.idemKey) finishIdempotent(ctx, x.tenant as string, x.idemKey, x.response as SimResponse)
      },
    },
    {
      name: 'drop-after',
      run: (x) => {
        if (x.fault?.drop === 'after') x.answer = { ...(x.response as SimResponse), drop: true }
      },
    },
  ]
}
