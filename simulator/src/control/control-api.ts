import type { ConnectionFilter } from '../codat/connection-list.js'
import type { SimResponse } from '../codat/context.js'
import type { SageControl } from '../platforms/sage/control.js'
import type { XeroControl } from '../platforms/xero/control.js'

/** The `/_sim` control surface (BEHAVIOUR §12), as methods usable without HTTP. */
export interface ControlApi {
  getClock(): SimResponse
  /** `{ now: ISO }` or `{ advance: "P1D" }`; time never moves backwards. */
  setClock(body: unknown): SimResponse
  qboLink(body: unknown): SimResponse
  qboUpdate(body: unknown): SimResponse
  qboFeed(body: unknown): SimResponse
  qboAccounts(companyId: string, connectionId: string): SimResponse
  /** Sage's side: businesses, Connect Bank, disconnects, refresh (PLATFORMS.md §6). */
  readonly sage: SageControl
  /** Xero's side: organisations, consent, mapping UI, revoke, feed removal, reads (PLATFORMS.md §6). */
  readonly xero: XeroControl
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
