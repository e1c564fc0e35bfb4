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
  | 'SageOtpIssued'
  | 'SageBusinessCreated'
  | 'SageConnectRefused'
  | 'SageConnectStarted'
  | 'SageAccountSelected'
  | 'SageAccountConfirmed'
  | 'SageConnectCancelled'
  | 'SageFeedDisconnected'
  | 'SageAuthExpired'
  | 'SageRefreshed'
  | 'ClockMoved'
  | 'FaultInjected'
  | 'FaultApplied'
  | 'FaultsCleared'
  | 'RateLimited'
  | 'StateReset'
  | 'StateImported'

/** Called after every `emit` of a state (the webhook sender, `webhooks/hub.ts`); one per state. */
export type EmitHook = (at: number, type: SimEventType, data: Record<string, unknown>) => void
const hooks = new WeakMap<SimState, EmitHook>()

/** Registers the one hook that sees every event emitted on `state` (replacing any earlier one). */
export function onEmit(state: SimState, hook: EmitHook): void {
  hooks.set(state, hook)
}

/** Appends one event to the log (`GET /_sim/events`), numbered and stamped with simulated time. */
export function emit(state: SimState, at: number, type: SimEventType, data: Record<string, unknown>): void {
  state.eventSeq += 1
  state.events.push({ seq: state.eventSeq, at: isoInstant(at), type, data })
  hooks.get(state)?.(at, type, data)
}
