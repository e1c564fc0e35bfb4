import { setConnectionStatus } from '../connections.js'
import type { Ctx } from '../context.js'
import { emit } from '../events.js'
import { platformOf } from '../platform-of.js'
import type { ConnectionRec, SourceAccountRec } from '../state.js'

/**
 * Moves an account to `disconnected`; where the platform says so (QBO) the connection goes Unlinked once
 * every account is (§4.4, §8.6).
 */
export function disconnectAccount(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec, reason: string): void {
  if (a.status !== 'disconnected') {
    const oldStatus = a.status
    a.status = 'disconnected'
    a.modifiedDate = ctx.now
    emit(ctx.state, ctx.now, 'SourceAccountStatusChanged', {
      companyId: conn.companyId,
      connectionId: conn.id,
      sourceAccountId: a.id,
      oldStatus,
      newStatus: 'disconnected',
      reason,
    })
  }
  const platform = platformOf(ctx, conn)
  platform.accountDisconnected?.(ctx, conn, a)
  if (
    platform.unlinksWhenAllDisconnected &&
    conn.status === 'Linked' &&
    conn.accounts.length > 0 &&
    conn.accounts.every((x) => x.status === 'disconnected')
  ) {
    setConnectionStatus(ctx, conn, 'Unlinked')
  }
}
