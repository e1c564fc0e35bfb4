import { renderConnection } from '../../codat/connection-view.js'
import { setConnectionStatus } from '../../codat/connections.js'
import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError, invalidRequest } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { platformOf } from '../../codat/platform-of.js'
import { CONTROL, resolveScope } from '../../codat/scope.js'
import type { ConnectionRec } from '../../codat/state.js'
import { isObject } from '../../kernel/objects.js'
import { findOrg, str, XERO_KEY, XERO_SERVICE, xeroWorld } from './world.js'

/** Virtual ms from consent to the first data read (X9). */
export const FIRST_READ_MS = 30_000
/** The scopes the consent page asks for (X7). */
export const XERO_SCOPES = ['bankfeeds', 'offline_access', 'accounting.settings']

/** A Xero connection named by a control body's `companyId` and `connectionId` (400/404 otherwise). */
export function xeroConnection(ctx: Ctx, body: unknown, what: string): ConnectionRec {
  const b = isObject(body) ? body : {}
  const companyId = str(b.companyId)
  const connectionId = str(b.connectionId)
  if (!companyId || !connectionId) {
    throw invalidRequest(ctx, what, [{ itemId: null, message: 'companyId and connectionId are required.' }])
  }
  const { connection } = resolveScope(ctx, CONTROL, 'connection', { companyId, connectionId })
  if (connection.platformKey !== XERO_KEY) {
    throw codatError(ctx, 400, `Connection ${connectionId} is not a Xero (gbol) connection.`, {
      service: XERO_SERVICE,
    })
  }
  return connection
}

/** Whether the linkUrl one-time password `otp` is the connection's current, unused one (X4). */
export function otpValid(ctx: Ctx, conn: ConnectionRec, otp: unknown): boolean {
  return typeof otp === 'string' && otp === conn.otp && conn.otpExpiresAt > ctx.now
}

/** X5: the redirect after auth, with Codat's reserved parameters. */
function redirect(ctx: Ctx, conn: ConnectionRec, statusCode: string, errorMessage?: string): string {
  const company = ctx.state.companies[conn.companyId]
  const q = new URLSearchParams({
    statusCode,
    ...(errorMessage ? { errorMessage } : {}),
    companyId: conn.companyId,
    connectionId: conn.id,
    platform: XERO_KEY,
    sourceType: 'Accounting',
    'data.company.companyName': company?.name ?? '',
  })
  return `${ctx.opts.linkBaseUrl}/_sim/link/redirect?${q}`
}

/**
 * The SMB's answer on Xero's consent page (X4-X7), the JSON twin of the `linkUrl` page:
 * `{companyId, connectionId, otp, orgId, decision: allow|cancel}`. The otp is single use: any decision
 * spends it (a used or expired one → 401). Allow → `Linked` (reconnect from `Deauthorized`/`Unlinked`), the
 * first data read 30 s later; Cancel → stays as it was, redirect `statusCode=403`; a company that already has
 * another Linked accounting connection is refused (X6), the connection stays `PendingAuth`.
 */
export function xeroConsent(ctx: Ctx, body: unknown): SimResponse {
  const conn = xeroConnection(ctx, body, 'XeroConsent')
  const b = body as Record<string, unknown>
  if (b.decision !== 'allow' && b.decision !== 'cancel') {
    throw invalidRequest(ctx, 'XeroConsent', [
      { itemId: 'decision', message: 'decision must be allow or cancel.' },
    ])
  }
  const orgId = str(b.orgId)
  if (b.decision === 'allow' && !orgId) {
    throw invalidRequest(ctx, 'XeroConsent', [
      { itemId: 'orgId', message: 'pick the Xero organisation to connect.' },
    ])
  }
  if (!otpValid(ctx, conn, b.otp)) {
    throw codatError(
      ctx,
      401,
      'This link has been used or has expired: get the connection again for a fresh linkUrl.',
      {
        service: XERO_SERVICE,
      },
    )
  }
  const org = b.decision === 'allow' ? findOrg(ctx, orgId as string) : undefined
  conn.otpExpiresAt = ctx.now // single use: the next get-connection mints a fresh linkUrl
  const data = { companyId: conn.companyId, connectionId: conn.id }
  if (!org) {
    emit(ctx.state, ctx.now, 'XeroConsentRefused', {
      ...data,
      reason: 'cancelled',
      dataConnectionErrors: [{ statusCode: '403', statusText: 'User cancelled linking', status: 'Active' }],
    })
    return ok(200, { status: conn.status, redirect: redirect(ctx, conn, '403', 'User cancelled.') })
  }
  const company = ctx.state.companies[conn.companyId]
  const other = Object.values(company?.connections ?? {}).find(
    (c) => c.id !== conn.id && c.status === 'Linked' && platformOf(ctx, c).sourceType === 'Accounting',
  )
  if (other) {
    emit(ctx.state, ctx.now, 'XeroConsentRefused', { ...data, reason: 'X6', otherConnectionId: other.id })
    throw codatError(
      ctx,
      409,
      `X6: company ${conn.companyId} already has a Linked accounting connection (${other.id}); one Xero organisation per company.`,
      { service: XERO_SERVICE },
    )
  }
  const previous = conn.status
  xeroWorld(ctx.state).links[conn.id] = {
    companyId: conn.companyId,
    connectionId: conn.id,
    orgId: org.tenantId,
    linkedAt: ctx.now,
    readDueAt: ctx.now + FIRST_READ_MS,
    lastRead: xeroWorld(ctx.state).links[conn.id]?.lastRead ?? null,
  }
  setConnectionStatus(ctx, conn, 'Linked')
  emit(ctx.state, ctx.now, 'XeroConsented', {
    ...data,
    orgId: org.tenantId,
    reconnected: previous === 'Deauthorized' || previous === 'Unlinked',
  })
  return ok(200, {
    status: conn.status,
    connection: renderConnection(ctx, conn),
    redirect: redirect(ctx, conn, '200'),
  })
}
