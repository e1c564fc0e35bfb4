import type { ConnectionFilter } from '../model/connection-list.js'
import type { SimResponse } from '../model/context.js'
import type { RoutePattern } from './request.js'

/** The `/_sim` control surface (BEHAVIOUR §12), as methods usable without HTTP. */
export interface ControlApi {
  getClock(): SimResponse
  /** `{ now: ISO }` or `{ advance: "P1D" }`; time never moves backwards. */
  setClock(body: unknown): SimResponse
  qboLink(body: unknown): SimResponse
  qboUpdate(body: unknown): SimResponse
  qboFeed(body: unknown): SimResponse
  qboAccounts(companyId: string, connectionId: string): SimResponse
  /**
   * Every connection with its source accounts (`ConnectionSummary[]`), optionally one company's or one
   * connection's; read-only and cheap (no copy of the state, no lines).
   */
  listConnections(filter?: ConnectionFilter): SimResponse
  completePush(pushOperationKey: string, body: unknown): SimResponse
  /** Fresh state; body may carry `{ seed, now }`, otherwise the configured ones are reused. */
  reset(body?: unknown): SimResponse
  exportState(): SimResponse
  importState(body: unknown): SimResponse
  addFault(body: unknown): SimResponse
  listFaults(): SimResponse
  clearFaults(): SimResponse
  /** `since` (event seq) and `type` filters. */
  events(query?: Record<string, string | undefined>): SimResponse
}

type Run = (
  c: ControlApi,
  params: Record<string, string>,
  query: Record<string, string | undefined>,
  body: unknown,
) => SimResponse

const r = (method: string, path: string, run: Run): RoutePattern<Run> => ({ method, path, value: run })

export const CONTROL_ROUTES: RoutePattern<Run>[] = [
  r('GET', '/_sim/clock', (c) => c.getClock()),
  r('POST', '/_sim/clock', (c, _p, _q, b) => c.setClock(b)),
  r('POST', '/_sim/qbo/link', (c, _p, _q, b) => c.qboLink(b)),
  r('POST', '/_sim/qbo/update', (c, _p, _q, b) => c.qboUpdate(b)),
  r('POST', '/_sim/qbo/feed', (c, _p, _q, b) => c.qboFeed(b)),
  r('GET', '/_sim/qbo/accounts/{companyId}/{connectionId}', (c, p) =>
    c.qboAccounts(p.companyId as string, p.connectionId as string),
  ),
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
