import type { CodatBankFeedsPort } from '@feedsync/codat-client'
import type { EventStore } from '@feedsync/store'
import type { Clock } from './clock.js'
import type { ServerConfig } from './config.js'
import type { AccountRepository } from './domain/account-repository.js'
import type { CompanyRepository } from './domain/company.js'
import type { FeedService } from './domain/feed-service.js'
import type { Onboarding } from './domain/onboarding.js'
import type { Metrics } from './metrics.js'
import type { SyncWorker } from './worker/sync-worker.js'

/** Everything the route plugins use, built once in `buildApp`. */
export interface Services {
  readonly config: ServerConfig
  readonly store: EventStore
  readonly codat: CodatBankFeedsPort
  readonly clock: Clock
  readonly metrics: Metrics
  readonly companies: CompanyRepository
  readonly accounts: AccountRepository
  readonly feeds: FeedService
  readonly onboarding: Onboarding
  readonly worker: SyncWorker
}
