import type { Ctx, DueEffect } from '../../codat/context.js'
import { disconnectAccount } from '../../codat/source-accounts/disconnect.js'
import type { ConnectionRec } from '../../codat/state.js'
import { saveMapping } from './feeds.js'
import { readOrg } from './info.js'
import { orgOf, xeroWorld } from './world.js'

/** Ranks after Codat's own (operations 0, timeouts 1). */
const MAPPING_RANK = 2
const READ_RANK = 3
const REMOVAL_RANK = 4

/**
 * Xero's time-driven effects on one connection: mappings saved after `xeroMappingLatency` (X13), the data
 * read 30 s after consent (X9), and a feed removed in Xero turning the source `disconnected` after
 * `xeroFeedRemovalLag` (X34).
 */
export function xeroDueEffects(ctx: Ctx, conn: ConnectionRec): DueEffect[] {
  const w = xeroWorld(ctx.state)
  const out: DueEffect[] = []
  for (const job of w.mappings) {
    if (job.connectionId === conn.id)
      out.push({ at: job.dueAt, rank: MAPPING_RANK, run: () => saveMapping(ctx, job) })
  }
  const link = w.links[conn.id]
  if (link && link.readDueAt !== null) {
    out.push({ at: link.readDueAt, rank: READ_RANK, run: () => void readOrg(ctx, conn) })
  }
  for (const b of orgOf(ctx, conn)?.bankAccounts ?? []) {
    const at = b.disconnectAt
    if (at === null || b.feedConnectionId !== conn.id) continue
    const a = conn.accounts.find((x) => b.feed === `codat:${x.id}`)
    out.push({
      at,
      rank: REMOVAL_RANK,
      run: () => {
        b.disconnectAt = null
        if (a) disconnectAccount(ctx, conn, a, 'feed removed in Xero')
      },
    })
  }
  return out
}
