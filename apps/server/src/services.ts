import type { CodatBankFeedsPort } from '@feedsync/codat-client'
import type { EventStore } from '@feedsync/store'
import type { FeedService } from './accounts/feed-service.js'
import type { FeedViews } from './accounts/feed-views.js'
import type { ReconciliationService } from './accounts/reconciliation.js'
import type { AccountRepository } from './accounts/repository.js'
import type { Clock } from './clock.js'
import type { Linking } from './companies/linking.js'
import type { Onboarding } from './companies/onboarding.js'
import type { CompanyRepository } from './companies/repository.js'
import type { ServerConfig } from './config.js'
import type { Metrics } from './metrics.js'
import type { Outbox } from './notify/outbox.js'
import type { SyncWorker } from './sync/sync-worker.js'

/**
 * Everything `buildApp` composes, decorated on the app as `app.services` (tests drive the worker
 * through it). Route plugins never see it: each receives only the ports it uses.
 */
export interface Services {
  readonly config: ServerConfig
  readonly store: EventStore
  readonly codat: CodatBankFeedsPort
  readonly clock: Clock
  readonly metrics: Metrics
  readonly companies: CompanyRepository
  readonly accounts: AccountRepository
  readonly feeds: FeedService
  readonly views: FeedViews
  /** The reconciliation report, rollups, exceptions and the operator's actions on stuck lines. */
  readonly reconciliation: ReconciliationService
  readonly onboarding: Onboarding
  /** Each platform's link hand-off (QBO credentials, Xero link, Sage OTP) and Xero's account mapping. */
  readonly linking: Linking
  readonly worker: SyncWorker
  /** The outbound-webhook outbox (fan-out from the log, signed deliveries, retries). */
  readonly outbox: Outbox
}
