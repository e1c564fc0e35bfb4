import type { Ctx, SimResponse } from './codat/context.js'
import { CodatError, codatError } from './codat/errors.js'
import { onEmit } from './codat/events.js'
import { emptyState, type SimState } from './codat/state.js'
import { catchUp } from './codat/time-effects.js'
import { createControl } from './control/control.js'
import type { ControlApi } from './control/control-api.js'
import { createAuth } from './http/auth.js'
import { codatExchange, codatPipeline } from './http/codat-pipeline.js'
import { CODAT_ROUTES, type CodatOperationId, OPERATION_IDS } from './http/codat-routes.js'
import { controlExchange, controlPipeline } from './http/control-pipeline.js'
import { parseJsonBody, runPipeline } from './http/pipeline.js'
import { matchRoute, type SimRequest, splitUrl } from './http/request.js'
import { runRoute } from './http/run-route.js'
import { SimClock } from './kernel/clock.js'
import { Prng, seedPrng } from './kernel/prng.js'
import { type ResolvedOptions, resolveOptions, type SimulatorOptions } from './options.js'
import { platformTable } from './platforms/index.js'
import { webhookControl } from './webhooks/control.js'
import { WebhookHub } from './webhooks/hub.js'
import { webhookRoute } from './webhooks/routes.js'
import { isHubSnapshot } from './webhooks/snapshot.js'

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

/** An in-process Codat + QBO simulator; every face (server, msw, library) is a thin adapter over it. */
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
  /**
   * Codat's error body (`statusCode`, `service`, `error`, `correlationId`, ...) for an answer the HTTP
   * framework gives before the pipeline runs: body too large, a URL it cannot decode, headers too large.
   */
  errorAnswer(status: number, error?: string): SimResponse
}

const camel = (s: string) => s.replace(/-([a-zA-Z])/g, (_m, c: string) => c.toUpperCase())

function withJson(res: SimResponse): SimResponse {
  if (res.body !== undefined && !res.headers['Content-Type']) {
    res.headers['Content-Type'] = 'application/json; charset=utf-8'
  }
  return res
}

/**
 * Creates an in-process Codat + QBO simulator: composes the model (`codat/`, `platforms/`), the clock, the
 * control API (`control/`) and the request pipelines (`http/`).
 *
 * @example
 * const sim = createSimulator({ apiKeys: ['k'], seed: 1, now: '2026-03-10T12:00:00Z', clock: 'frozen' })
 * sim.api.createCompany({ apiKey: 'k', body: { name: 'Acme' } })
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const opts = resolveOptions(options)
  const clock = new SimClock(opts.clock, opts.now)
  const state: SimState = emptyState(opts.now, seedPrng(opts.seed))
  const ctx: Ctx = { state, opts, rng: new Prng(state), now: opts.now, platforms: platformTable() }
  const auth = createAuth(opts.apiKeys, opts.controlKey)
  const tick = () => catchUp(ctx, Math.max(ctx.now, clock.now()))
  const hub = new WebhookHub(
    ctx,
    () => {
      tick()
      return ctx.now
    },
    opts.clock === 'running',
  )
  onEmit(state, (at, type, data) => hub.onEvent(at, type, data))
  const control = createControl({
    ctx,
    clock,
    tick,
    seed: opts.seed,
    operationIds: OPERATION_IDS,
    webhooks: {
      exportState: () => hub.exportState(),
      importState: (v) => {
        if (isHubSnapshot(v)) hub.importState(v)
      },
      check: isHubSnapshot,
    },
  })
  const codatSteps = codatPipeline({ ctx, auth, tick })
  const controlSteps = controlPipeline({ ctx, auth, tick, control })

  const methods: Record<string, (input?: OperationInput) => SimResponse> = {}
  for (const r of CODAT_ROUTES) {
    methods[camel(r.value.operationId)] = (input: OperationInput = {}) => {
      tick()
      const header =
        input.authorization ??
        (input.apiKey ? `Basic ${Buffer.from(input.apiKey).toString('base64')}` : undefined)
      const tenant = auth.tenantFromHeader(header)
      if (!tenant) return withJson(codatError(ctx, 401).response)
      const route = { tenant, caller: { tenant }, params: input.params ?? {}, query: input.query ?? {} }
      return withJson(runRoute(ctx, r.value, { ...route, body: input.body }))
    }
  }

  /** `/webhooks` (Codat auth) and `/_sim/webhooks/...` (control key): the webhook sender's surface. */
  const answerWebhooks = async (
    req: SimRequest,
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<SimResponse> => {
    try {
      const sim = path.startsWith('/_sim/')
      const tenant = sim ? undefined : auth.tenantFromHeader(req.headers.authorization)
      if (sim ? !auth.controlAllowed(req.headers.authorization) : !tenant) throw codatError(ctx, 401)
      tick()
      const parsed = parseJsonBody(req.body)
      if (!parsed.ok) throw codatError(ctx, 400, 'The request body is not valid JSON.')
      if (sim) return await webhookControl(ctx, hub, req.method, path, query, parsed.value)
      return webhookRoute(ctx, hub, tenant as string, req.method, path, parsed.value)
    } catch (e) {
      if (e instanceof CodatError) return e.response
      throw e
    }
  }

  return {
    options: opts,
    now: () => {
      tick()
      return new Date(ctx.now)
    },
    async handle(req) {
      const { path, query } = splitUrl(req.url)
      if (path === '/webhooks' || path.startsWith('/webhooks/') || path.startsWith('/_sim/webhooks/')) {
        return withJson(await answerWebhooks(req, path, query))
      }
      const res =
        path === '/_sim' || path.startsWith('/_sim/')
          ? await runPipeline(controlSteps, controlExchange(req))
          : await runPipeline(codatSteps, codatExchange(req))
      return withJson(res)
    },
    api: methods as CodatApi,
    control,
    errorAnswer: (status, error) => withJson(codatError(ctx, status, error).response),
    operationIdOf(method, url) {
      const m = matchRoute(CODAT_ROUTES, method, splitUrl(url).path)
      return m.kind === 'found' ? m.value.operationId : undefined
    },
  }
}
