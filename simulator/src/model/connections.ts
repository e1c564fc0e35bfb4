import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { fail, invalid, Reply } from './errors.js'
import { emit } from './events.js'
import { type Caller, getCompany, getConnection, isObject } from './lookup.js'
import { type ListQuery, pageOf } from './paging.js'
import { freshOtp, HCWS, renderConnection } from './render.js'
import type { ConnectionRec, ConnectionStatus } from './state.js'

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

export function listConnections(ctx: Ctx, caller: Caller, companyId: string, q: ListQuery): SimResponse {
  const company = getCompany(ctx, caller, companyId)
  const items = Object.values(company.connections).map((c) => {
    freshOtp(ctx, c)
    return renderConnection(ctx, c)
  })
  return pageOf(
    ctx,
    items,
    { typeName: 'Connection', fields: CONNECTION_FIELDS },
    `/companies/${companyId}/connections`,
    q,
  )
}

export function createConnection(ctx: Ctx, caller: Caller, companyId: string, body: unknown): SimResponse {
  const company = getCompany(ctx, caller, companyId)
  const key = isObject(body) ? body.platformKey : undefined
  if (typeof key !== 'string' || !/^[a-z]{4}$/.test(key)) {
    return invalid(ctx, 'CreateConnection', [
      { itemId: 'platformKey', message: 'platformKey is required: four lowercase letters, e.g. hcws.' },
    ])
  }
  if (key !== HCWS.platformKey) {
    return fail(
      ctx,
      400,
      `Integration ${key} is not enabled for this client; the simulator models hcws only.`,
    )
  }
  const conn: ConnectionRec = {
    id: ctx.rng.uuid(),
    companyId,
    platformKey: key,
    status: 'PendingAuth',
    created: ctx.now,
    otp: ctx.rng.digits(6),
    otpExpiresAt: ctx.now + ctx.opts.otpMinutes * 60_000,
    credentials: [],
    accounts: [],
    nextPullAt: null,
  }
  company.connections[conn.id] = conn
  emit(ctx.state, ctx.now, 'ConnectionCreated', { companyId, connectionId: conn.id, platformKey: key })
  return ok(200, renderConnection(ctx, conn))
}

export function getConnectionOp(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  freshOtp(ctx, conn)
  return ok(200, renderConnection(ctx, conn))
}

export function deleteConnection(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): SimResponse {
  getConnection(ctx, caller, companyId, connectionId)
  const company = getCompany(ctx, caller, companyId)
  delete company.connections[connectionId]
  emit(ctx.state, ctx.now, 'ConnectionDeleted', { companyId, connectionId })
  return ok(200)
}

export function unlinkConnection(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  body: unknown,
): SimResponse {
  const conn = getConnection(ctx, caller, companyId, connectionId)
  if (!isObject(body) || body.status !== 'Unlinked' || Object.keys(body).length !== 1) {
    throw new Reply(
      invalid(ctx, 'UpdateConnectionStatus', [
        { itemId: 'status', message: 'The body must be exactly {"status":"Unlinked"}.' },
      ]),
    )
  }
  if (conn.status !== 'Linked') {
    return fail(ctx, 400, `Only a Linked connection can be unlinked; this one is ${conn.status}.`)
  }
  setConnectionStatus(ctx, conn, 'Unlinked')
  freshOtp(ctx, conn)
  return ok(200, renderConnection(ctx, conn))
}
