export type { IngestResult, TransactionView } from './accounts/feed-service.js'
export { type AppDeps, buildApp, REDACT_PATHS } from './app.js'
export { type Clock, ClockUnavailableError, ManualClock, simulatorClock, systemClock } from './clock.js'
export type { OnboardAccountInput, OnboardInput, OnboardResult } from './companies/onboarding.js'
export type { Company, CompanyAccount, CompanyEvent } from './companies/repository.js'
export { ConfigError, loadConfig, type ServerConfig } from './config.js'
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
export { accountStream, companyStream, tenantOf } from './streams.js'
export { type AccountSyncResult, type SyncSettings, SyncWorker } from './sync/sync-worker.js'
