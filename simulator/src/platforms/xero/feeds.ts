import type { Ctx } from '../../codat/context.js'
import { emit } from '../../codat/events.js'
import type { ConnectionRec, SourceAccountRec } from '../../codat/state.js'
import { setAccountStatus } from './mapping.js'
import { feedFree, orgOf, targetOf, type XeroMappingJob, xeroTypeOf, xeroWorld } from './world.js'

/**
 * X13: Xero has saved (or refused) a mapping. The target (given, or created named like the source account,
 * X11) gets the feed and the source account reads `connected` with its feed start date; a target that has
 * meanwhile got another feed, or vanished, is refused late and the account goes back to `pending`.
 */
export function saveMapping(ctx: Ctx, job: XeroMappingJob): void {
  const w = xeroWorld(ctx.state)
  w.mappings = w.mappings.filter((m) => m !== job)
  const conn = ctx.state.companies[job.companyId]?.connections[job.connectionId]
  const a = conn?.accounts.find((x) => x.id === job.sourceAccountId)
  if (!conn || !a || a.status !== 'connecting') return
  const org = orgOf(ctx, conn)
  const type = xeroTypeOf(a)
  let target =
    job.targetAccountId === null ? undefined : org?.bankAccounts.find((b) => b.id === job.targetAccountId)
  const refuse = (error: string) => {
    setAccountStatus(ctx, conn, a, 'pending', error)
    emit(ctx.state, ctx.now, 'XeroMappingRefused', {
      companyId: conn.companyId,
      connectionId: conn.id,
      sourceAccountId: a.id,
      error,
    })
  }
  if (!org || conn.status !== 'Linked' || type === null) {
    refuse('The connection is no longer authorised')
    return
  }
  if (job.targetAccountId !== null && !(target && feedFree(ctx, target))) {
    refuse('A feed connection already exists to this account')
    return
  }
  if (!target) {
    target = {
      id: ctx.rng.uuid(),
      name: a.accountName ?? a.id,
      type,
      currency: a.currency ?? org.baseCurrency,
      accountNumber: a.accountNumber,
      sortCode: a.sortCode,
      balance: null,
      feed: 'none',
      feedConnectionId: null,
      feedRemovedAt: null,
      disconnectAt: null,
      statements: [],
      droppedDuplicates: [],
      balanceDrift: [],
      created: ctx.now,
      modified: ctx.now,
    }
    org.bankAccounts.push(target)
  }
  target.feed = `codat:${a.id}`
  target.feedConnectionId = conn.id
  target.feedRemovedAt = null
  target.disconnectAt = null
  target.modified = ctx.now
  a.feedStartDate = job.feedStartDate
  setAccountStatus(ctx, conn, a, 'connected')
  emit(ctx.state, ctx.now, 'XeroMappingSaved', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    targetAccountId: target.id,
    feedStartDate: job.feedStartDate,
  })
}

/** The feed of a source account stops (X30, X31 PATCH/DELETE, X34 after the lag): the target keeps its lines. */
export function stopFeed(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): void {
  const target = targetOf(ctx, conn, a)
  if (target) {
    target.feed = 'none'
    target.feedConnectionId = null
    target.feedRemovedAt = null
    target.disconnectAt = null
    target.modified = ctx.now
  }
  const w = xeroWorld(ctx.state)
  w.mappings = w.mappings.filter((m) => !(m.connectionId === conn.id && m.sourceAccountId === a.id))
  a.feedStartDate = null
}
