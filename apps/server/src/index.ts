export type { IngestResult } from './accounts/feed-service.js'
export type { CompanyView, ListQuery, OperationView, TransactionView } from './accounts/feed-views.js'
export { type AppDeps, buildApp } from './app.js'
export { type Clock, ClockUnavailableError, ManualClock, simulatorClock, systemClock } from './clock.js'
export type {
  IssuedCredentials,
  OnboardAccountInput,
  OnboardInput,
  OnboardResult,
} from './companies/onboarding.js'
export type { Company, CompanyAccount, CompanyEvent } from './companies/repository.js'
export { ConfigError, loadConfig, type ServerConfig } from './config.js'
export { type ErrorCode, type ServerErrorCode, ServiceError } from './errors.js'
export { REDACT_PATHS } from './logging.js'
export { Metrics } from './metrics.js'
export type { Services } from './services.js'
export { accountStream, companyStream, tenantOf } from './streams.js'
export { CodatBudget, type CodatBudgetSettings } from './sync/codat-budget.js'
export { type AccountSyncResult, type SyncSettings, SyncWorker } from './sync/sync-worker.js'
