import { createHash } from 'node:crypto'
import {
  CODAT_ROUTES,
  type CodatOperationId,
  type CodatRoute,
  OPERATION_IDS,
  type RouteInput,
} from './http/codat-routes.js'
import { CONTROL_ROUTES, type ControlApi } from './http/control-routes.js'
import { matchRoute, type SimRequest, splitUrl } from './http/request.js'
import { SimClock } from './model/clock.js'
import { listConnections } from './model/connection-list.js'
import { type Ctx, ok, type SimResponse } from './model/context.js'
import { parseDuration } from './model/duration.js'
import { fail, invalid, Reply } from './model/errors.js'
import { emit } from './model/events.js'
import { addFault, pickFault } from './model/faults.js'
import { beginIdempotent, finishIdempotent } from './model/idempotency.js'
import { isObject } from './model/lookup.js'
import { Prng, seedPrng } from './model/prng.js'
import { forceComplete } from './model/push-operations.js'
import { qboFeed, qboLink, qboUpdate, qboView } from './model/qbo.js'
import { takeRequest, uncountedHeaders } from './model/rate-limit.js'
import { emptyState, type SimState } from './model/state.js'
import { catchUp } from './model/time-effects.js'
import { type ResolvedOptions, resolveOptions, type SimulatorOptions } from './options.js'

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S

/** Input of a direct (non-HTTP) Codat operation call. */
export interface OperationInput {
  /** Raw API key; or give `authorization` as the full header value. */
  apiKey?: string
  authorization?: string
  params?: Record<string, string>
  query?: Record<string, string | undefined>
  body?: unknown
}

/** One method per Codat operationId, camel-cased: `createCompany`, `createBankTransactions`, ... */
export type CodatApi = { [K in CodatOperationId as CamelCase<K>]: (input?: OperationInput) => SimResponse }

export interface Simulator {
  readonly options: ResolvedOptions
  /** The simulated time, caught up (time-driven effects applied). */
  now(): Date
  /** The whole HTTP pipeline: auth, rate limits, faults, Idempotency-Key, route, `/_sim`. */
  handle(req: SimRequest): Promise<SimResponse>
  /** Codat operations without HTTP (no faults, rate limits or idempotency): `sim.api.createCompany({...})`. */
  api: CodatApi
  control: ControlApi
  /** The Codat operationId a request would reach, if any. */
  operationIdOf(method: string, url: string): string | undefined
}

const camel = (s: string) => s.replace(/-([a-zA-Z])/g, (_m, c: string) => c.toUpperCase())
const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms))

function tenantOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16)
}

function withJson(res: SimResponse): SimResponse {
  if (res.body !== undefined && !res.headers['Content-Type']) {
    res.headers['Content-Type'] = 'application/json; charset=utf-8'
  }
  return res
}

/**
 * Creates an in-process Codat + QBO simulator. Every face (Fastify server, msw handlers, direct calls) is a
 * thin adapter over this object.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const opts = resolveOptions(options)
  const clock = new SimClock(opts.clock, opts.now)
  const state: SimState = emptyState(opts.now, seedPrng(opts.seed))
  const ctx: Ctx = { state, opts, rng: new Prng(state), now: opts.now }
  const tenants = new Map(opts.apiKeys.map((k) => [tenantOf(k), k]))

  const tick = () => catchUp(ctx, Math.max(ctx.now, clock.now()))

  const tenantFromHeader = (header: string | undefined): string | undefined => {
    if (!header) return undefined
    const m = /^Basic\s+(\S+)$/i.exec(header.trim())
    if (!m?.[1]) return undefined
    const key = Buffer.from(m[1], 'base64').toString('utf8')
    const t = tenantOf(key)
    return tenants.has(t) && tenants.get(t) === key ? t : undefined
  }

  const controlAllowed = (header: string | undefined): boolean => {
    if (!header) return false
    const h = header.trim()
    const basic = /^Basic\s+(\S+)$/i.exec(h)
    const bearer = /^Bearer\s+(\S+)$/i.exec(h)
    const key = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8') : bearer?.[1]
    if (key === undefined) return false
    return opts.controlKey !== undefined ? key === opts.controlKey : opts.apiKeys.includes(key)
  }

  const parseBody = (text: string | undefined): { ok: true; value: unknown } | { ok: false } => {
    if (text === undefined || text.trim() === '') return { ok: true, value: undefined }
    try {
      return { ok: true, value: JSON.parse(text) }
    } catch {
      return { ok: false }
    }
  }

  const runRoute = (route: CodatRoute, input: RouteInput): SimResponse => {
    try {
      return route.run(ctx, input)
    } catch (e) {
      if (e instanceof Reply) return e.response
      return fail(ctx, 500, 'An unexpected error occurred in the simulator.')
    }
  }

  const control: ControlApi = {
    getClock: () => {
      tick()
      return ok(200, { now: new Date(ctx.now).toISOString() })
    },
    setClock: (body) => {
      tick()
      if (!isObject(body))
        return invalid(ctx, 'Clock', [{ itemId: null, message: 'Send { now } or { advance }.' }])
      let target: number | undefined
      if (typeof body.now === 'string') target = Date.parse(body.now)
      else if (typeof body.advance === 'string') {
        const d = parseDuration(body.advance)
        target = d === undefined ? undefined : ctx.now + d
      }
      if (target === undefined || !Number.isFinite(target)) {
        return invalid(ctx, 'Clock', [
          {
            itemId: null,
            message: 'Send { "now": ISO-8601 instant } or { "advance": ISO-8601 duration like "P1D" }.',
          },
        ])
      }
      if (target < ctx.now) return fail(ctx, 400, 'The simulated clock cannot move backwards.')
      const from = ctx.now
      clock.set(target)
      catchUp(ctx, target)
      emit(state, ctx.now, 'ClockMoved', {
        from: new Date(from).toISOString(),
        to: new Date(target).toISOString(),
      })
      return ok(200, { now: new Date(ctx.now).toISOString() })
    },
    qboLink: (body) => guarded(() => qboLink(ctx, body)),
    qboUpdate: (body) => guarded(() => qboUpdate(ctx, body)),
    qboFeed: (body) => guarded(() => qboFeed(ctx, body)),
    qboAccounts: (companyId, connectionId) => guarded(() => qboView(ctx, companyId, connectionId)),
    listConnections: (filter) => {
      tick()
      return ok(200, listConnections(state, filter))
    },
    completePush: (key, body) =>
      guarded(() => forceComplete(ctx, key, isObject(body) ? body.status : undefined)),
    reset: (body) => {
      const b = isObject(body) ? body : {}
      const seed = typeof b.seed === 'number' && Number.isInteger(b.seed) ? b.seed : opts.seed
      const start =
        typeof b.now === 'string' && Number.isFinite(Date.parse(b.now)) ? Date.parse(b.now) : opts.now
      Object.assign(state, emptyState(start, seedPrng(seed)))
      clock.set(start)
      ctx.now = start
      emit(state, ctx.now, 'StateReset', { seed, now: new Date(start).toISOString() })
      return ok(200, { now: new Date(start).toISOString() })
    },
    exportState: () => {
      tick()
      return ok(200, structuredClone(state))
    },
    importState: (body) => {
      if (
        !isObject(body) ||
        body.version !== 1 ||
        !Array.isArray(body.rng) ||
        typeof body.nowMs !== 'number'
      ) {
        return invalid(ctx, 'State', [
          { itemId: null, message: 'Not an exported simulator state (version 1).' },
        ])
      }
      const incoming = structuredClone(body) as unknown as SimState
      for (const k of Object.keys(state) as (keyof SimState)[]) delete state[k]
      Object.assign(state, incoming)
      clock.set(incoming.nowMs)
      ctx.now = incoming.nowMs
      emit(state, ctx.now, 'StateImported', { now: new Date(ctx.now).toISOString() })
      return ok(200, { now: new Date(ctx.now).toISOString() })
    },
    addFault: (body) => addFault(ctx, body, [...OPERATION_IDS]),
    listFaults: () => ok(200, state.faults),
    clearFaults: () => {
      const n = state.faults.length
      state.faults = []
      emit(state, ctx.now, 'FaultsCleared', { count: n })
      return ok(200, { cleared: n })
    },
    events: (q = {}) => {
      const since = Number(q.since ?? 0)
      return ok(
        200,
        state.events.filter((e) => e.seq > since && (q.type === undefined || e.type === q.type)),
      )
    },
  }

  function guarded(f: () => SimResponse): SimResponse {
    tick()
    try {
      return f()
    } catch (e) {
      if (e instanceof Reply) return e.response
      throw e
    }
  }

  const methods: Record<string, (input?: OperationInput) => SimResponse> = {}
  for (const r of CODAT_ROUTES) {
    methods[camel(r.value.operationId)] = (input: OperationInput = {}) => {
      tick()
      const auth =
        input.authorization ??
        (input.apiKey ? `Basic ${Buffer.from(input.apiKey).toString('base64')}` : undefined)
      const tenant = tenantFromHeader(auth)
      if (!tenant) return withJson(fail(ctx, 401))
      return withJson(
        runRoute(r.value, {
          tenant,
          caller: { tenant },
          params: input.params ?? {},
          query: input.query ?? {},
          body: input.body,
        }),
      )
    }
  }

  const api = methods as CodatApi

  async function handleCodat(req: SimRequest): Promise<SimResponse> {
    const { path, query } = splitUrl(req.url)
    tick()
    const m = matchRoute(CODAT_ROUTES, req.method, path)
    if (m.kind !== 'found') {
      return fail(
        ctx,
        m.kind === 'method' ? 405 : 404,
        m.kind === 'method' ? 'Method not allowed.' : 'Not found.',
      )
    }
    const tenant = tenantFromHeader(req.headers.authorization)
    if (!tenant) return fail(ctx, 401, undefined, { headers: uncountedHeaders(ctx) })
    const rate = takeRequest(ctx, tenant)
    if (rate.retryAfter !== undefined) {
      return fail(ctx, 429, undefined, {
        headers: { ...rate.headers, 'Retry-After': String(rate.retryAfter) },
      })
    }
    const fault = pickFault(ctx, m.value.operationId)
    if (fault && (fault.status !== null || fault.drop === 'before')) {
      if (fault.latencyMs > 0) await sleep(fault.latencyMs)
      if (fault.status === null) return { status: 0, headers: {}, drop: true }
      const headers: Record<string, string> = { ...rate.headers }
      if (fault.status === 429) headers['Retry-After'] = String(fault.retryAfterSeconds ?? 1)
      else if (fault.retryAfterSeconds !== null) headers['Retry-After'] = String(fault.retryAfterSeconds)
      return fail(ctx, fault.status, undefined, { headers })
    }
    const method = req.method.toUpperCase()
    const idemKey = method === 'POST' || method === 'PATCH' ? req.headers['idempotency-key'] : undefined
    if (idemKey) {
      const start = beginIdempotent(ctx, tenant, idemKey, `${method} ${req.url}\n${req.body ?? ''}`)
      if (start.kind === 'replay') {
        return {
          ...start.response,
          headers: { ...start.response.headers, ...rate.headers, 'Idempotent-Replayed': 'true' },
        }
      }
      if (start.kind === 'inFlight') {
        return fail(ctx, 409, 'A request with this Idempotency-Key is still being processed.', {
          headers: rate.headers,
        })
      }
      if (start.kind === 'mismatch') {
        return fail(ctx, 422, undefined, { headers: rate.headers })
      }
    }
    if (fault && fault.latencyMs > 0) {
      await sleep(fault.latencyMs)
      tick()
    }
    const readsBody = !m.value.ignoresBody && method !== 'GET' && method !== 'DELETE'
    const parsed = readsBody ? parseBody(req.body) : ({ ok: true, value: undefined } as const)
    const res = parsed.ok
      ? runRoute(m.value, { tenant, caller: { tenant }, params: m.params, query, body: parsed.value })
      : invalid(ctx, 'Request', [{ itemId: null, message: 'The request body is not valid JSON.' }])
    res.headers = { ...rate.headers, ...res.headers }
    if (idemKey) finishIdempotent(ctx, tenant, idemKey, res)
    if (fault?.drop === 'after') return { ...res, drop: true }
    return res
  }

  function handleControl(req: SimRequest): SimResponse {
    const { path, query } = splitUrl(req.url)
    if (!controlAllowed(req.headers.authorization)) return fail(ctx, 401)
    tick()
    const m = matchRoute(CONTROL_ROUTES, req.method, path)
    if (m.kind !== 'found') return fail(ctx, m.kind === 'method' ? 405 : 404, 'No such control endpoint.')
    const parsed = parseBody(req.body)
    if (!parsed.ok)
      return invalid(ctx, 'Request', [{ itemId: null, message: 'The request body is not valid JSON.' }])
    return m.value(control, m.params, query, parsed.value)
  }

  return {
    options: opts,
    now: () => {
      tick()
      return new Date(ctx.now)
    },
    async handle(req) {
      const path = splitUrl(req.url).path
      const res = path === '/_sim' || path.startsWith('/_sim/') ? handleControl(req) : await handleCodat(req)
      return withJson(res)
    },
    api,
    control,
    operationIdOf(method, url) {
      const m = matchRoute(CODAT_ROUTES, method, splitUrl(url).path)
      return m.kind === 'found' ? m.value.operationId : undefined
    },
  }
}
