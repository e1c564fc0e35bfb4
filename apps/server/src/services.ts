import type { CodatBankFeedsPort } from '@feedsync/codat-client'
import type { EventStore } from '@feedsync/store'
import type { FeedService } from './accounts/feed-service.js'
import type { AccountRepository } from './accounts/repository.js'
import type { Clock } from './clock.js'
import type { Onboarding } from './companies/onboarding.js'
import type { CompanyRepository } from './companies/repository.js'
import type { ServerConfig } from './config.js'
import type { Metrics } from './metrics.js'
import type { SyncWorker } from './sync/sync-worker.js'

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
