import type { PushOperation, PushOperationStatus } from '@feedsync/codat-client'

/** What the engine does with one Codat event (W1): a push outcome, a link hint, or nothing. */
export type WebhookAction =
  | { readonly kind: 'push_outcome'; readonly codatCompanyId: string; readonly operation: PushOperation }
  | { readonly kind: 'link_hint'; readonly codatCompanyId: string }
  | { readonly kind: 'ignored'; readonly reason: string }

const LINK_EVENTS = new Set([
  'bankFeeds.sourceAccount.connected',
  'bankFeeds.sourceAccount.disconnected',
  'connection.created',
  'connection.connected',
  'connection.disconnected',
  'connection.reconnected',
  'connection.failed',
  'connection.deleted',
])

const TERMINAL: Record<string, readonly PushOperationStatus[]> = {
  'bankTransactions.write.successful': ['Success'],
  'bankTransactions.write.unsuccessful': ['Failed', 'TimedOut'],
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/**
 * Reads a verified event into what the engine acts on (W1-W4). Write events carry the push
 * operation key in `payload.id` and a terminal status that must match the event's name; source
 * account and connection events name the company (`referenceCompany.id`, or the legacy bare
 * `companyId`). Anything else (unknown type, missing fields) is ignored.
 *
 * @example
 * actionOf({ eventType: 'connection.disconnected', payload: { referenceCompany: { id: 'c1' } } })
 * // => { kind: 'link_hint', codatCompanyId: 'c1' }
 */
export function actionOf(event: unknown): WebhookAction {
  const e = record(event)
  const type = text(e?.eventType)
  // The legacy source-account body (W2) is bare: { companyId, connectionId, bankAccount }.
  const payload = record(e?.payload) ?? (type === undefined ? e : undefined)
  const codatCompanyId = text(record(payload?.referenceCompany)?.id) ?? text(payload?.companyId)
  if (type === undefined && payload?.bankAccount !== undefined && codatCompanyId !== undefined) {
    return { kind: 'link_hint', codatCompanyId }
  }
  if (type === undefined) return { kind: 'ignored', reason: 'no_event_type' }
  if (LINK_EVENTS.has(type)) {
    return codatCompanyId === undefined
      ? { kind: 'ignored', reason: 'no_company' }
      : { kind: 'link_hint', codatCompanyId }
  }
  const allowed = TERMINAL[type]
  if (allowed === undefined) return { kind: 'ignored', reason: 'unknown_event_type' }
  const key = text(payload?.id)
  const status = allowed.find((s) => s === payload?.status)
  if (codatCompanyId === undefined || key === undefined || status === undefined) {
    return { kind: 'ignored', reason: 'malformed_write_event' }
  }
  const connectionId = text(payload?.connectionId) ?? ''
  const operation: PushOperation = {
    dataType: 'bankTransactions',
    companyId: codatCompanyId,
    pushOperationKey: key,
    dataConnectionKey: connectionId,
    requestedOnUtc: text(payload?.requestedOnDate) ?? '',
    completedOnUtc: text(payload?.completedOnDate) ?? null,
    status,
    statusCode: status === 'Success' ? 200 : 400,
  }
  return { kind: 'push_outcome', codatCompanyId, operation }
}
