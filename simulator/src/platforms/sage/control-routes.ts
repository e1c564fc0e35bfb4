import type { SimResponse } from '../../codat/context.js'
import type { RoutePattern } from '../../http/request.js'
import type { SageControl } from './control.js'

/** How one `/_sim/sage` route calls the control API (a `SageRun` over its `sage` part). */
type SageRun = (
  c: { sage: SageControl },
  params: Record<string, string>,
  query: Record<string, string | undefined>,
  body: unknown,
) => SimResponse

const r = (method: string, path: string, value: SageRun): RoutePattern<SageRun> => ({ method, path, value })

/** The `/_sim/sage/...` paths of PLATFORMS.md §6, each a call of one `SageControl` method. */
export const SAGE_CONTROL_ROUTES: RoutePattern<SageRun>[] = [
  r('POST', '/_sim/sage/businesses', (c, _p, _q, b) => c.sage.createBusiness(b)),
  r('GET', '/_sim/sage/businesses/{businessId}', (c, p) => c.sage.business(p.businessId as string)),
  r('POST', '/_sim/sage/connect-bank', (c, _p, _q, b) => c.sage.connectBank(b)),
  r('POST', '/_sim/sage/select', (c, _p, _q, b) => c.sage.select(b)),
  r('POST', '/_sim/sage/confirm', (c, _p, _q, b) => c.sage.confirm(b)),
  r('POST', '/_sim/sage/cancel', (c, _p, _q, b) => c.sage.cancel(b)),
  r('POST', '/_sim/sage/disconnect', (c, _p, _q, b) => c.sage.disconnect(b)),
  r('POST', '/_sim/sage/expire-auth', (c, _p, _q, b) => c.sage.expireAuth(b)),
  r('POST', '/_sim/sage/refresh', (c, _p, _q, b) => c.sage.refresh(b)),
]
