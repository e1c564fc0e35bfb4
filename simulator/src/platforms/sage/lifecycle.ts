import { renderConnection } from '../../codat/connection-view.js'
import { setConnectionStatus } from '../../codat/connections.js'
import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError, invalidRequest } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { disconnectAccount } from '../../codat/source-accounts/disconnect.js'
import type { ConnectionRec, SourceAccountRec } from '../../codat/state.js'
import { renderBusiness } from './businesses.js'
import { objectBody, resolveBank } from './resolve.js'
import { connectionById, feedOf, SAGE_KEY, SAGE_SERVICE, str } from './world.js'

/**
 * S26 `POST /_sim/sage/disconnect {businessId, sageBankAccountId}` (or `{sourceAccountId}`): the SMB
 * disconnects the feed in Sage. The source account reads `disconnected` at once, later writes fail (S12);
 * the connection stays `Linked` even with no account left.
 */
export function disconnectFeed(ctx: Ctx, body: unknown): SimResponse {
  const ref = resolveBank(ctx, objectBody(ctx, body, 'SageDisconnect'), 'SageDisconnect')
  const { bank } = ref
  const found = bank.connectionId ? connectionById(ctx, bank.connectionId) : undefined
  const a = found?.conn.accounts.find((x) => x.id === bank.sourceAccountId)
  if (!found || !a || a.status === 'disconnected') {
    throw codatError(ctx, 409, `Sage bank account ${bank.id} has no bank feed to disconnect.`, {
      service: SAGE_SERVICE,
    })
  }
  bank.session = null
  disconnectAccount(ctx, found.conn, a, 'feed disconnected in Sage')
  emit(ctx.state, ctx.now, 'SageFeedDisconnected', {
    businessId: ref.business.id,
    sageBankAccountId: bank.id,
    companyId: found.conn.companyId,
    connectionId: found.conn.id,
    sourceAccountId: a.id,
  })
  return ok(200, {
    connection: renderConnection(ctx, found.conn),
    business: renderBusiness(ctx, ref.business),
  })
}

/** Sage's side of a source account Codat disconnects (PATCH, S26): the Sage feed stops. */
export function sageAccountDisconnected(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): void {
  const feed = feedOf(ctx, conn, a)
  if (feed) feed.bank.feedState = 'none'
}

/** Sage's side of a source account deleted through Codat (S28 as X31): the Sage bank account is unfed. */
export function sageAccountDeleted(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): void {
  const feed = feedOf(ctx, conn, a)
  if (!feed) return
  Object.assign(feed.bank, {
    feedState: 'none',
    companyId: null,
    connectionId: null,
    sourceAccountId: null,
    cursor: 0,
  })
}

/**
 * S27 `POST /_sim/sage/expire-auth {connectionId}` (`companyId` optional): Sage's authorisation expires;
 * a `Linked` connection turns `Deauthorized` until the SMB re-authenticates from Sage with a new OTP.
 */
export function expireAuth(ctx: Ctx, body: unknown): SimResponse {
  const b = objectBody(ctx, body, 'SageExpireAuth')
  const connectionId = str(b.connectionId)
  if (!connectionId) {
    throw invalidRequest(ctx, 'SageExpireAuth', [
      { itemId: 'connectionId', message: 'connectionId is required.' },
    ])
  }
  const found = connectionById(ctx, connectionId)
  const companyId = str(b.companyId)
  if (!found || found.conn.platformKey !== SAGE_KEY || (companyId && found.company.id !== companyId)) {
    throw codatError(ctx, 404, `No Sage Bank Feeds connection ${connectionId}.`, { service: SAGE_SERVICE })
  }
  const conn = found.conn
  if (conn.status !== 'Linked') {
    throw codatError(
      ctx,
      409,
      `Only a Linked connection can lose its authorisation; this one is ${conn.status}.`,
      {
        service: SAGE_SERVICE,
      },
    )
  }
  setConnectionStatus(ctx, conn, 'Deauthorized')
  emit(ctx.state, ctx.now, 'SageAuthExpired', { companyId: conn.companyId, connectionId: conn.id })
  return ok(200, { connection: renderConnection(ctx, conn) })
}
