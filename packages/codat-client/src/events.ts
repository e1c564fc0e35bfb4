/** Fields every client event carries. Never contains headers, bodies or the API key. */
export interface CodatEventBase {
  /** SDK-style operation name, e.g. `sourceAccounts.list`. */
  operation: string
  method: string
  /** Request path without base URL or query string. */
  path: string
  /** 1-based attempt number. */
  attempt: number
}

/** An attempt is about to be sent. */
export interface CodatRequestEvent extends CodatEventBase {
  type: 'request'
}

/** An attempt ended: with an HTTP status, or with `failure` and `status: null`. */
export interface CodatResponseEvent extends CodatEventBase {
  type: 'response'
  status: number | null
  failure?: 'network' | 'timeout'
  durationMs: number
}

/** The client will wait `delayMs` and send attempt `attempt + 1`. */
export interface CodatRetryEvent extends CodatEventBase {
  type: 'retry'
  status: number | null
  reason: 'status' | 'network' | 'timeout'
  delayMs: number
  /** True when the wait came from a `Retry-After` header. */
  retryAfter: boolean
}

/** What `onEvent` receives; safe to log as is. */
export type CodatClientEvent = CodatRequestEvent | CodatResponseEvent | CodatRetryEvent
