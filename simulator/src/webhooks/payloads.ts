import { renderConnection } from '../codat/connection-view.js'
import type { Ctx } from '../codat/context.js'
import type { SimEventType } from '../codat/events.js'
import { dailyQuota } from '../codat/rate-limit.js'
import { renderSourceAccount } from '../codat/source-accounts/schema.js'
import type { CompanyRec, ConnectionRec } from '../codat/state.js'
import { isoInstant } from '../kernel/dates.js'

/** One webhook event to send: its type, the payload, and the company it concerns (for tags and tenant). */
export interface WebhookEvent {
  eventType: string
  payload: Record<string, unknown>
  company: CompanyRec | null
  /** The tenant of a client-level event (no company), e.g. `client.rateLimit.*`. */
  tenant?: string
}

const FAILED_TYPES: readonly SimEventType[] = [
  'XeroConsentRefused',
  'SageConnectRefused',
  'SageConnectCancelled',
  'QboLinkRefused',
]

/** `referenceCompany` (W1): `{id, name, description, links: {portal}, tags}`. */
export function referenceCompany(c: CompanyRec) {
  return {
    id: c.id,
    name: c.name,
    description: c.description ?? '',
    links: { portal: `https://app.codat.io/companies/${c.id}/summary` },
    tags: { ...c.tags },
  }
}

function connectionEvent(
  ctx: Ctx,
  type: string,
  company: CompanyRec,
  conn: ConnectionRec,
  failed = false,
  status?: unknown,
) {
  const connection: Record<string, unknown> = renderConnection(ctx, conn)
  if (typeof status === 'string') connection.status = status
  if (failed) {
    connection.dataConnectionErrors = [
      {
        statusCode: '403',
        statusText: 'Linking the connection was refused.',
        errorMessage: null,
        erroredOnUtc: isoInstant(ctx.now),
      },
    ]
  }
  return { eventType: type, company, payload: { referenceCompany: referenceCompany(company), connection } }
}

function connectionStatusType(oldStatus: string, newStatus: string): string | null {
  if (newStatus === 'Linked')
    return oldStatus === 'PendingAuth' ? 'connection.connected' : 'connection.reconnected'
  if (newStatus === 'Unlinked' || newStatus === 'Deauthorized') return 'connection.disconnected'
  return null
}

/**
 * The webhook events (PLATFORMS.md §4.5) a simulator event causes, rendered from the records as they are
 * now (the new status from the event itself); `[]` for events that send none. `removed` is the connection
 * captured when the event was emitted (a deleted one is gone from its company by the time this runs).
 */
export function webhookEventsFor(
  ctx: Ctx,
  type: SimEventType,
  data: Record<string, unknown>,
  removed?: ConnectionRec,
): WebhookEvent[] {
  const company = typeof data.companyId === 'string' ? ctx.state.companies[data.companyId] : undefined
  if (type === 'RateLimited' && data.limit === 'daily' && typeof data.tenant === 'string') {
    const payload = rateLimitPayload(ctx, data.tenant, ctx.now, 0)
    return [{ eventType: 'client.rateLimit.reached', company: null, tenant: data.tenant, payload }]
  }
  if (!company) return []
  const conn =
    removed ?? (typeof data.connectionId === 'string' ? company.connections[data.connectionId] : undefined)
  switch (type) {
    case 'ConnectionCreated':
      return conn ? [connectionEvent(ctx, 'connection.created', company, conn)] : []
    case 'ConnectionDeleted':
      return conn ? [connectionEvent(ctx, 'connection.deleted', company, conn)] : []
    case 'ConnectionStatusChanged': {
      const t = connectionStatusType(String(data.oldStatus), String(data.newStatus))
      return conn && t ? [connectionEvent(ctx, t, company, conn, false, data.newStatus)] : []
    }
    case 'SourceAccountStatusChanged': {
      const s = data.newStatus
      const a = conn?.accounts.find((x) => x.id === data.sourceAccountId)
      if (!conn || !a || (s !== 'connected' && s !== 'disconnected')) return []
      const payload: Record<string, unknown> = {
        referenceCompany: referenceCompany(company),
        ...(ctx.opts.webhookIncludeCompanyId ? { companyId: company.id } : {}),
        connectionId: conn.id,
        sourceAccount: { ...renderSourceAccount(a), status: s },
      }
      return [{ eventType: `bankFeeds.sourceAccount.${s}`, company, payload }]
    }
    case 'PushCompleted':
    case 'PushTimedOut': {
      const op = ctx.state.operations[String(data.pushOperationKey)]
      if (!op || op.status === 'Pending') return []
      const ok = op.status === 'Success'
      const payload = {
        id: op.key,
        type: 'Create',
        referenceCompany: referenceCompany(company),
        connectionId: op.connectionId,
        requestedOnDate: isoInstant(op.requestedOn),
        completedOnDate: op.completedOn === null ? null : isoInstant(op.completedOn),
        status: op.status,
        record: null,
        attachmentId: null,
      }
      const t = `bankTransactions.write.${ok ? 'successful' : 'unsuccessful'}`
      return [{ eventType: t, company, payload }]
    }
    default:
      if (FAILED_TYPES.includes(type) && conn)
        return [connectionEvent(ctx, 'connection.failed', company, conn, true)]
      return []
  }
}

/** The next 00:00 UTC strictly after `at`. */
export function nextMidnight(at: number): number {
  const next = new Date(at)
  next.setUTCHours(24, 0, 0, 0)
  return next.getTime()
}

/** `client.rateLimit.*` payload (W1 table): `{dailyQuota, quotaRemaining, expiryDate}` (next 00:00 UTC after `at`). */
export function rateLimitPayload(ctx: Ctx, tenant: string, at: number, remaining: number | null) {
  const quota = dailyQuota(ctx, tenant)
  return { dailyQuota: quota, quotaRemaining: remaining ?? quota, expiryDate: isoInstant(nextMidnight(at)) }
}
