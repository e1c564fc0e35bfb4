import type { SimResponse } from '../../codat/context.js'
import type { RoutePattern } from '../../http/request.js'
import type { XeroControl } from './control.js'

/** How one `/_sim/xero` route calls the control API (over its `xero` part; no import of http's ControlRun). */
type XeroRun = (
  c: { xero: XeroControl },
  params: Record<string, string>,
  query: Record<string, string | undefined>,
  body: unknown,
) => SimResponse

const r = (method: string, path: string, value: XeroRun): RoutePattern<XeroRun> => ({ method, path, value })

/** The `/_sim/xero/...` paths of PLATFORMS.md §6, each a call of one `XeroControl` method. */
export const XERO_CONTROL_ROUTES: RoutePattern<XeroRun>[] = [
  r('POST', '/_sim/xero/orgs', (c, _p, _q, b) => c.xero.createOrg(b)),
  r('GET', '/_sim/xero/orgs', (c) => c.xero.listOrgs()),
  r('GET', '/_sim/xero/orgs/{orgId}', (c, p) => c.xero.org(p.orgId as string)),
  r('POST', '/_sim/xero/consent', (c, _p, _q, b) => c.xero.consent(b)),
  r('POST', '/_sim/xero/mapping-ui', (c, _p, _q, b) => c.xero.mappingUi(b)),
  r('POST', '/_sim/xero/mapping-ui/disconnect', (c, _p, _q, b) => c.xero.mappingUiDisconnect(b)),
  r('POST', '/_sim/xero/revoke', (c, _p, _q, b) => c.xero.revoke(b)),
  r('POST', '/_sim/xero/remove-feed', (c, _p, _q, b) => c.xero.removeFeed(b)),
  r('POST', '/_sim/xero/read', (c, _p, _q, b) => c.xero.read(b)),
]
