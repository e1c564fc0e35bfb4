import { formatMinor } from './money.js'
import type { Plan } from './planner.js'
import type { ClosedCode, HoldCode, QuarantineCode, Reason } from './reasons.js'
import type { AccountState } from './state.js'

/**
 * Where a transaction stands: pushed, in flight, ready to push, held, quarantined, or closed
 * without being pushed: `dismissed` by the operator, `replaced` (a pending one the bank posted
 * under a new id).
 */
export type SyncStatus = 'pushed' | 'in_flight' | 'ready' | 'held' | 'quarantined' | 'dismissed' | 'replaced'

/** Every sync status, in the order lists show them. */
export const SYNC_STATUSES: readonly SyncStatus[] = [
  'pushed',
  'in_flight',
  'ready',
  'held',
  'quarantined',
  'dismissed',
  'replaced',
]

/**
 * A transaction's status, with its reason when held, quarantined, dismissed or replaced, and the
 * day it goes on when the plan redates it (`redatedTo`; its own date stays the bank's).
 */
export interface TransactionSync {
  readonly status: SyncStatus
  readonly reason?: Reason<HoldCode | QuarantineCode | ClosedCode>
  readonly redatedTo?: string
}

/** Every transaction's sync status under a plan: nothing is left without a status. */
export function syncStatuses(state: AccountState, plan: Plan): Map<string, TransactionSync> {
  const out = new Map<string, TransactionSync>()
  for (const t of state.txns.values()) if (t.pushed) out.set(t.id, { status: 'pushed' })
  for (const id of plan.inFlight) out.set(id, { status: 'in_flight' })
  for (const b of plan.batches) for (const l of b.lines) out.set(l.transactionId, { status: 'ready' })
  for (const h of plan.held) out.set(h.transactionId, { status: 'held', reason: h.reason })
  for (const q of plan.quarantined) out.set(q.transactionId, { status: 'quarantined', reason: q.reason })
  for (const c of plan.closed) out.set(c.transactionId, { status: c.reason.code, reason: c.reason })
  for (const r of plan.redated) {
    const s = out.get(r.transactionId)
    if (s !== undefined) out.set(r.transactionId, { ...s, redatedTo: r.date })
  }
  return out
}

/** What an operator sees of an account's feed. */
export interface FeedSummary {
  readonly link: AccountState['feed']['status']
  readonly feedStartDate: string | null
  readonly today: string
  readonly destinationNewestDate: string | null
  /** Balance QuickBooks will show once every pushed line is pulled. */
  readonly pushedBalance: string | null
  readonly counts: {
    pushed: number
    inFlight: number
    ready: number
    held: number
    quarantined: number
    pending: number
    /** Closed by the operator (`DismissTransaction`). */
    dismissed: number
    /** Pending ones the bank posted under a new id. */
    replaced: number
    /** Lines the plan redates (ready or held). */
    redated: number
  }
  readonly holdReasons: Partial<Record<HoldCode, number>>
  readonly quarantineReasons: Partial<Record<QuarantineCode, number>>
  readonly batchInFlight: {
    batchId: string
    pushOperationKey: string | null
    status: string
    lines: number
  } | null
}

/** The folded feed state, summarised for an operator. */
export function summarise(state: AccountState, plan: Plan): FeedSummary {
  const holdReasons: Partial<Record<HoldCode, number>> = {}
  for (const h of plan.held) holdReasons[h.reason.code] = (holdReasons[h.reason.code] ?? 0) + 1
  const quarantineReasons: Partial<Record<QuarantineCode, number>> = {}
  for (const q of plan.quarantined)
    quarantineReasons[q.reason.code] = (quarantineReasons[q.reason.code] ?? 0) + 1
  const b = state.inFlight === undefined ? undefined : state.batches.get(state.inFlight)
  return {
    link: state.feed.status,
    feedStartDate: state.feed.status === 'not_linked' ? null : state.feed.feedStartDate,
    today: plan.today,
    destinationNewestDate: state.destinationNewestDay ?? null,
    pushedBalance:
      state.account === undefined ? null : formatMinor(state.pushedBalance, state.account.decimals),
    counts: {
      pushed: state.pushedCount,
      inFlight: plan.inFlight.length,
      ready: plan.batches.reduce((n, b) => n + b.lines.length, 0),
      held: plan.held.length,
      quarantined: plan.quarantined.length,
      pending: holdReasons.pending ?? 0,
      dismissed: plan.closed.filter((c) => c.reason.code === 'dismissed').length,
      replaced: plan.closed.filter((c) => c.reason.code === 'replaced').length,
      redated: plan.redated.length,
    },
    holdReasons,
    quarantineReasons,
    batchInFlight:
      b === undefined
        ? null
        : {
            batchId: b.id,
            pushOperationKey: b.pushOperationKey ?? null,
            status: b.status,
            lines: b.lines.length,
          },
  }
}
