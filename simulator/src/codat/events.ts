import { isoInstant } from '../kernel/dates.js'
import type { SimState } from './state.js'

/** Event types the simulator records, with simulated timestamps (GET /_sim/events). */
export type SimEventType =
  | 'CompanyCreated'
  | 'CompanyUpdated'
  | 'CompanyDeleted'
  | 'ConnectionCreated'
  | 'ConnectionStatusChanged'
  | 'ConnectionDeleted'
  | 'SourceAccountCreated'
  | 'SourceAccountUpdated'
  | 'SourceAccountDeleted'
  | 'SourceAccountStatusChanged'
  | 'CredentialsIssued'
  | 'CredentialsRevoked'
  | 'QboLinked'
  | 'QboLinkRefused'
  | 'FeedDisabled'
  | 'FeedEnabled'
  | 'PushRequested'
  | 'PushValidated'
  | 'PushCompleted'
  | 'PushTimedOut'
  | 'QboPulled'
  | 'XeroOrgCreated'
  | 'XeroConsented'
  | 'XeroConsentRefused'
  | 'XeroMappingRequested'
  | 'XeroMappingSaved'
  | 'XeroMappingRefused'
  | 'XeroDelivered'
  | 'XeroRead'
  | 'XeroRevoked'
  | 'XeroFeedRemoved'
  | 'ClockMoved'
  | 'FaultInjected'
  | 'FaultApplied'
  | 'FaultsCleared'
  | 'RateLimited'
  | 'StateReset'
  | 'StateImported'

/** Appends one event to the log (`GET /_sim/events`), numbered and stamped with simulated time. */
export function emit(state: SimState, at: number, type: SimEventType, data: Record<string, unknown>): void {
  state.eventSeq += 1
  state.events.push({ seq: state.eventSeq, at: isoInstant(at), type, data })
}
