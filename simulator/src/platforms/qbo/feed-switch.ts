import type { Ctx, SimResponse } from '../../codat/context.js'
import { codatError, invalidRequest } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { CONTROL, resolveScope } from '../../codat/scope.js'
import { isObject } from '../../kernel/objects.js'
import { qboView } from './ledger-view.js'
import { str } from './strings.js'

/** The SMB switches a feed off (Q11: writes fail at once; `disconnected` after disconnectAfterDays) or on again. */
export function qboFeed(ctx: Ctx, body: unknown): SimResponse {
  if (!isObject(body) || !str(body.companyId) || !str(body.connectionId) || !str(body.sourceAccountId)) {
    throw invalidRequest(ctx, 'QboFeed', [
      { itemId: null, message: 'companyId, connectionId and sourceAccountId are required.' },
    ])
  }
  if (typeof body.enabled !== 'boolean') {
    throw invalidRequest(ctx, 'QboFeed', [{ itemId: 'enabled', message: 'enabled must be a boolean.' }])
  }
  const { connection: conn } = resolveScope(ctx, CONTROL, 'connection', {
    companyId: String(body.companyId),
    connectionId: String(body.connectionId),
  })
  const a = conn.accounts.find((x) => x.id === body.sourceAccountId)
  if (!a) throw codatError(ctx, 404, `Source account ${String(body.sourceAccountId)} not found`)
  if (!a.qbo) throw codatError(ctx, 400, 'This account has never been linked in QuickBooks Online.')
  const data = { companyId: conn.companyId, connectionId: conn.id, sourceAccountId: a.id }
  if (body.enabled === false) {
    if (a.qbo.enabled) {
      a.qbo.enabled = false
      a.qbo.disabledAt = ctx.now
      a.qbo.disconnectAt = ctx.now + ctx.opts.disconnectAfterDays * 86_400_000
      emit(ctx.state, ctx.now, 'FeedDisabled', data)
    }
  } else {
    if (a.status === 'disconnected') {
      throw codatError(ctx, 400, 'The account is disconnected; link it again in QuickBooks Online.')
    }
    if (!a.qbo.enabled) {
      a.qbo.enabled = true
      a.qbo.disabledAt = null
      a.qbo.disconnectAt = null
      emit(ctx.state, ctx.now, 'FeedEnabled', data)
    }
  }
  return qboView(ctx, conn)
}
