import type { Ctx } from '../codat/context.js'
import { codatError, invalidRequest } from '../codat/errors.js'
import type { ControlApi } from '../control/control-api.js'
import type { Auth } from './auth.js'
import { CONTROL_ROUTES, type ControlRun } from './control-routes.js'
import { type HasResponse, type PipelineStep, parseJsonBody } from './pipeline.js'
import { matchRoute, type SimRequest, splitUrl } from './request.js'

/** One `/_sim` request on its way through `controlPipeline`. */
export interface ControlExchange extends HasResponse {
  readonly req: SimRequest
  path: string
  query: Record<string, string | undefined>
  run?: ControlRun
  params?: Record<string, string>
  body?: unknown
}

/** A `/_sim` request as the pipeline's first step sees it. */
export function controlExchange(req: SimRequest): ControlExchange {
  const { path, query } = splitUrl(req.url)
  return { req, path, query }
}

/** The `/_sim` pipeline, in order: control key → catch up → route → JSON body → control method. */
export function controlPipeline(deps: {
  ctx: Ctx
  auth: Auth
  tick: () => void
  control: ControlApi
}): readonly PipelineStep<ControlExchange>[] {
  const { ctx, auth, tick, control } = deps
  return [
    {
      name: 'authorize',
      run: (x) => {
        if (!auth.controlAllowed(x.req.headers.authorization)) throw codatError(ctx, 401)
      },
    },
    { name: 'catch-up', run: tick },
    {
      name: 'match-route',
      run: (x) => {
        const m = matchRoute(CONTROL_ROUTES, x.req.method, x.path)
        if (m.kind !== 'found')
          throw codatError(ctx, m.kind === 'method' ? 405 : 404, 'No such control endpoint.')
        x.run = m.value
        x.params = m.params
      },
    },
    {
      name: 'read-body',
      run: (x) => {
        const parsed = parseJsonBody(x.req.body)
        if (!parsed.ok) {
          throw invalidRequest(ctx, 'Request', [
            { itemId: null, message: 'The request body is not valid JSON.' },
          ])
        }
        x.body = parsed.value
      },
    },
    {
      name: 'run',
      run: (x) => {
        x.response = (x.run as ControlRun)(control, x.params ?? {}, x.query, x.body)
      },
    },
  ]
}
