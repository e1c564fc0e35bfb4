import { isObject } from '../kernel/objects.js'
import type { ListQuery } from '../kernel/paging.js'
import { durationMs } from '../options.js'
import { freshOtp, renderConnection } from './connection-view.js'
import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { codatError, invalidRequest } from './errors.js'
import { emit } from './events.js'
import { listPage } from './list-page.js'
import type { CompanyRec, ConnectionRec, ConnectionStatus } from './state.js'

const CONNECTION_FIELDS = [
  'id',
  'integrationId',
  'integrationKey',
  'sourceId',
  'platformName',
  'linkUrl',
  'status',
  'lastSync',
  'created',
  'sourceType',
]

/** Moves a connection to `status` (recording the change), or leaves it as it is. */
export function setConnectionStatus(ctx: Ctx, conn: ConnectionRec, status: ConnectionStatus): void {
  if (conn.status === status) return
  const oldStatus = conn.status
  conn.status = status
  emit(ctx.state, ctx.now, 'ConnectionStatusChanged', {
    companyId: conn.companyId,
    connectionId: conn.id,
    oldStatus,
    newStatus: status,
  })
}

/** GET /companies/{companyId}/connections, paged. */
export function listConnections(ctx: Ctx, company: CompanyRec, q: ListQuery): SimResponse {
  const items = Object.values(company.connections).map((c) => {
    freshOtp(ctx, c)
    return renderConnection(ctx, c)
  })
  return listPage(
    ctx,
    items,
    { typeName: 'Connection', fields: CONNECTION_FIELDS },
    `/companies/${company.id}/connections`,
    q,
  )
}

/** POST /companies/{companyId}/connections: `platformKey` must name one of the simulator's platforms. */
export function createConnection(ctx: Ctx, company: CompanyRec, body: unknown): SimResponse {
  const companyId = company.id
  const key = isObject(body) ? body.platformKey : undefined
  if (typeof key !== 'string' || !/^[a-z]{4}$/.test(key)) {
    throw invalidRequest(ctx, 'CreateConnection', [
      { itemId: 'platformKey', message: 'platformKey is required: four lowercase letters, e.g. hcws.' },
    ])
  }
  if (!Object.hasOwn(ctx.platforms, key)) {
    throw codatError(
      ctx,
      400,
      `Integration ${key} is not enabled for this client; the simulator models ${Object.keys(ctx.platforms).join(', ')} only.`,
    )
  }
  const conn: ConnectionRec = {
    id: ctx.rng.uuid(),
    companyId,
    platformKey: key,
    status: 'PendingAuth',
    created: ctx.now,
    otp: ctx.rng.digits(6),
    otpExpiresAt: ctx.now + durationMs(ctx.opts.linkUrlOtpTtl),
    credentials: [],
    accounts: [],
    nextPullAt: null,
  }
  company.connections[conn.id] = conn
  emit(ctx.state, ctx.now, 'ConnectionCreated', { companyId, connectionId: conn.id, platformKey: key })
  return ok(200, renderConnection(ctx, conn))
}

/** GET .../connections/{connectionId} (the linkUrl otp refreshed when expired). */
export function getConnection(ctx: Ctx, conn: ConnectionRec): SimResponse {
  freshOtp(ctx, conn)
  return ok(200, renderConnection(ctx, conn))
}

/** DELETE .../connections/{connectionId}. */
export function deleteConnection(ctx: Ctx, company: CompanyRec, conn: ConnectionRec): SimResponse {
  // Emitted first: the connection.deleted webhook renders the connection with its last status.
  emit(ctx.state, ctx.now, 'ConnectionDeleted', { companyId: company.id, connectionId: conn.id })
  delete company.connections[conn.id]
  return ok(200)
}

/** PATCH .../connections/{connectionId} `{"status":"Unlinked"}`: only a Linked connection unlinks. */
export function unlinkConnection(ctx: Ctx, conn: ConnectionRec, body: unknown): SimResponse {
  if (!isObject(body) || body.status !== 'Unlinked' || Object.keys(body).length !== 1) {
    throw invalidRequest(ctx, 'UpdateConnectionStatus', [
      { itemId: 'status', message: 'The body must be exactly {"status":"Unlinked"}.' },
    ])
  }
  if (conn.status !== 'Linked') {
    throw codatError(ctx, 400, `Only a Linked connection can be unlinked; this one is ${conn.status}.`)
  }
  setConnectionStatus(ctx, conn, 'Unlinked')
  freshOtp(ctx, conn)
  return ok(200, renderConnection(ctx, conn))
}
