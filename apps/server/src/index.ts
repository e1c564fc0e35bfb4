export { type AppDeps, buildApp, REDACT_PATHS } from './app.js'
export { type Clock, ClockUnavailableError, ManualClock, simulatorClock, systemClock } from './clock.js'
export { ConfigError, loadConfig, type ServerConfig } from './config.js'
export type { Company, CompanyAccount, CompanyEvent } from './domain/company.js'
export type { IngestResult, TransactionView } from './domain/feed-service.js'
export type { OnboardAccountInput, OnboardInput, OnboardResult } from './domain/onboarding.js'
export { accountStream, companyStream, tenantOf } from './domain/streams.js'
export { parseJsonExact } from './http/exact-json.js'
export {
  type ErrorCode,
  type Problem,
  ProblemError,
  type ServerErrorCode,
  STATUS_OF,
} from './http/problem.js'
export { Metrics } from './metrics.js'
export type { Services } from './services.js'
export { type AccountSyncResult, type SyncSettings, SyncWorker } from './worker/sync-worker.js'
