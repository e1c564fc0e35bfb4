import type { SimResponse } from '../codat/context.js'
import type { ControlApi } from '../control/control-api.js'
import { SAGE_CONTROL_ROUTES } from '../platforms/sage/control-routes.js'
import { XERO_CONTROL_ROUTES } from '../platforms/xero/control-routes.js'
import type { RoutePattern } from './request.js'

/** How one `/_sim` route calls the control API. */
export type ControlRun = (
  c: ControlApi,
  params: Record<string, string>,
  query: Record<string, string | undefined>,
  body: unknown,
) => SimResponse

const r = (method: string, path: string, run: ControlRun): RoutePattern<ControlRun> => ({
  method,
  path,
  value: run,
})

/** Every `/_sim` path, each a call of one `ControlApi` method. */
export const CONTROL_ROUTES: RoutePattern<ControlRun>[] = [
  r('GET', '/_sim/clock', (c) => c.getClock()),
  r('POST', '/_sim/clock', (c, _p, _q, b) => c.setClock(b)),
  r('POST', '/_sim/qbo/link', (c, _p, _q, b) => c.qboLink(b)),
  r('POST', '/_sim/qbo/update', (c, _p, _q, b) => c.qboUpdate(b)),
  r('POST', '/_sim/qbo/feed', (c, _p, _q, b) => c.qboFeed(b)),
  r('GET', '/_sim/qbo/accounts/{companyId}/{connectionId}', (c, p) =>
    c.qboAccounts(p.companyId as string, p.connectionId as string),
  ),
  ...SAGE_CONTROL_ROUTES,
  ...XERO_CONTROL_ROUTES,
  r('GET', '/_sim/connections', (c, _p, q) =>
    c.listConnections({
      ...(q.companyId === undefined ? {} : { companyId: q.companyId }),
      ...(q.connectionId === undefined ? {} : { connectionId: q.connectionId }),
    }),
  ),
  r('POST', '/_sim/push/{pushOperationKey}/complete', (c, p, _q, b) =>
    c.completePush(p.pushOperationKey as string, b),
  ),
  r('POST', '/_sim/reset', (c, _p, _q, b) => c.reset(b)),
  r('GET', '/_sim/state', (c) => c.exportState()),
  r('PUT', '/_sim/state', (c, _p, _q, b) => c.importState(b)),
  r('POST', '/_sim/faults', (c, _p, _q, b) => c.addFault(b)),
  r('GET', '/_sim/faults', (c) => c.listFaults()),
  r('DELETE', '/_sim/faults', (c) => c.clearFaults()),
  r('GET', '/_sim/events', (c, _p, q) => c.events(q)),
]
