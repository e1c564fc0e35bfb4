import { setConnectionStatus } from '../../codat/connections.js'
import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError, invalidRequest } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { findAccount } from '../../codat/scope.js'
import { disconnectAccount } from '../../codat/source-accounts/disconnect.js'
import { isObject } from '../../kernel/objects.js'
import { durationMs } from '../../options.js'
import { xeroConnection } from './consent.js'
import { readOrg } from './info.js'
import { createXeroMapping, listXeroMapping } from './mapping.js'
import { allBankAccounts, str, XERO_SERVICE } from './world.js'

/**
 * POST /_sim/xero/mapping-ui `{companyId, connectionId, sourceAccountId, targetAccountId|null, feedStartDate}`:
 * the SMB's Connect in Codat's mapping UI, the same model action as POST .../bankFeedAccounts/mapping (X11-X14).
 */
export function mappingUi(ctx: Ctx, body: unknown): SimResponse {
  const conn = xeroConnection(ctx, body, 'XeroMappingUi')
  const { companyId: _c, connectionId: _k, ...mapping } = body as Record<string, unknown>
  return createXeroMapping(ctx, conn, mapping)
}

/**
 * POST /_sim/xero/mapping-ui/disconnect `{companyId, connectionId, sourceAccountId}` (X30): the account reads
 * `disconnected` at once; the Xero target keeps its lines and can be mapped again.
 */
export function mappingUiDisconnect(ctx: Ctx, body: unknown): SimResponse {
  const conn = xeroConnection(ctx, body, 'XeroMappingUi')
  const id = str((body as Record<string, unknown>).sourceAccountId)
  if (!id)
    throw invalidRequest(ctx, 'XeroMappingUi', [
      { itemId: 'sourceAccountId', message: 'sourceAccountId is required.' },
    ])
  const a = findAccount(ctx, conn, id)
  if (a.status !== 'connected') {
    throw codatError(ctx, 400, `Only a connected account can be disconnected; ${a.id} is ${a.status}.`, {
      service: XERO_SERVICE,
    })
  }
  disconnectAccount(ctx, conn, a, 'disconnected in the mapping UI')
  return ok(200, listXeroMapping(ctx, conn))
}

/** POST /_sim/xero/revoke `{companyId, connectionId}` (X33): the SMB revokes the app in Xero → `Deauthorized`. */
export function revoke(ctx: Ctx, body: unknown): SimResponse {
  const conn = xeroConnection(ctx, body, 'XeroRevoke')
  if (conn.status !== 'Linked') {
    throw codatError(ctx, 400, `Only a Linked connection can be revoked; this one is ${conn.status}.`, {
      service: XERO_SERVICE,
    })
  }
  setConnectionStatus(ctx, conn, 'Deauthorized')
  emit(ctx.state, ctx.now, 'XeroRevoked', {
    companyId: conn.companyId,
    connectionId: conn.id,
    dataConnectionErrors: [{ statusCode: '401', statusText: 'De-authorized', status: 'Active' }],
  })
  return ok(200, { status: conn.status })
}

/**
 * POST /_sim/xero/remove-feed `{targetAccountId}` (X34): the SMB deletes the feed on the Xero bank account;
 * writes fail at once, the source account reads `disconnected` after `xeroFeedRemovalLag`.
 */
export function removeFeed(ctx: Ctx, body: unknown): SimResponse {
  const id = isObject(body) ? str(body.targetAccountId) : undefined
  if (!id)
    throw invalidRequest(ctx, 'XeroRemoveFeed', [
      { itemId: 'targetAccountId', message: 'targetAccountId is required.' },
    ])
  const found = allBankAccounts(ctx).find((x) => x.account.id === id)
  if (!found) throw codatError(ctx, 404, `No Xero bank account ${id}.`, { service: XERO_SERVICE })
  const b = found.account
  if (!b.feed.startsWith('codat:')) {
    throw codatError(ctx, 400, `Xero bank account ${id} has no Codat feed to remove.`, {
      service: XERO_SERVICE,
    })
  }
  if (b.feedRemovedAt === null) {
    b.feedRemovedAt = ctx.now
    b.disconnectAt = ctx.now + durationMs(ctx.opts.xeroFeedRemovalLag)
    b.modified = ctx.now
    emit(ctx.state, ctx.now, 'XeroFeedRemoved', {
      orgId: found.org.tenantId,
      targetAccountId: id,
      feed: b.feed,
    })
  }
  return ok(200, { targetAccountId: id, feedRemovedAt: new Date(b.feedRemovedAt).toISOString() })
}

/** POST /_sim/xero/read `{companyId, connectionId}` (X9): read the organisation's bank accounts now. */
export function read(ctx: Ctx, body: unknown): SimResponse {
  const conn = xeroConnection(ctx, body, 'XeroRead')
  if (!readOrg(ctx, conn)) {
    throw codatError(ctx, 400, `Only a Linked Xero connection can be read; this one is ${conn.status}.`, {
      service: XERO_SERVICE,
    })
  }
  return ok(200, { readAt: new Date(ctx.now).toISOString() })
}
