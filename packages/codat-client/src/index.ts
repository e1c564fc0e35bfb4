export { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs, type RetryPolicy } from './backoff.js'
export { type CodatClient, createCodatClient } from './client.js'
export { DECIMAL_KEYS } from './codat-json.js'
export {
  CodatApiError,
  type CodatCallContext,
  CodatError,
  CodatNetworkError,
  CodatTimeoutError,
} from './errors.js'
export type {
  CodatClientEvent,
  CodatEventBase,
  CodatRequestEvent,
  CodatResponseEvent,
  CodatRetryEvent,
} from './events.js'
export {
  companyOfPath,
  type LimitedOutcome,
  type LimitedRequest,
  type LimiterGrant,
  type RequestLimiter,
} from './limiter.js'
export type * from './models/account-mapping.js'
export type * from './models/bank-transaction.js'
export type * from './models/company.js'
export type * from './models/connection.js'
export type { Decimal } from './models/decimal.js'
export type * from './models/error-message.js'
export type * from './models/paging.js'
export type * from './models/push-operation.js'
export type * from './models/source-account.js'
export type { CodatClientOptions, FetchLike } from './options.js'
export type { CodatBankFeedsPort, Companies, Connections, PushOperations } from './port.js'
export type * from './requests.js'
