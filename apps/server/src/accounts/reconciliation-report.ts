/**
 * Pure pieces of the reconciliation read side: the core's report dressed for the API (ids, names,
 * each item's description), what "stuck" means, and exact per-currency sums.
 */
import {
  type AcceptedGap,
  type AccountState,
  formatMinor,
  type ItemAction,
  type ItemState,
  type LatePostings,
  type Plan,
  parseDecimal,
  type Reconciliation,
  type ReconciliationItem,
  reconcile,
  zonedInstant,
} from '@feedsync/core'

/** One line behind the difference, as the API shows it: the core's item plus the bank's description. */
export type ReportItem = Omit<ReconciliationItem, 'actions'> & {
  /** What moves it on (never empty for a held or quarantined item). */
  actions: ItemAction[]
  /** The bank's description, as recorded. */
  readonly description: string
}

/**
 * The reconciliation report of one account: the core's `Reconciliation` (bank vs destination,
 * difference, every item with its reason and actions, `unexplained` always zero) with the ids, the
 * account's name, its settings and each item's description.
 *
 * @example
 * const r = await service.report(companyId, 'acc-1', { asOf: '2026-12-02' })
 * r.difference // => '826.80'
 * r.items.map((i) => [i.transactionId, i.code]) // => [['t1', 'before_feed_start'], …]
 * r.unexplained // => '0.00'
 */
export interface ReconciliationReport extends Omit<Reconciliation, 'items' | 'bank'> {
  readonly companyId: string
  readonly accountId: string
  readonly accountName?: string
  readonly settings: { readonly latePostings: LatePostings }
  readonly bank: Omit<Reconciliation['bank'], 'acceptedGaps'> & { acceptedGaps: AcceptedGap[] }
  /** In the bank's order. */
  items: ReportItem[]
}

/** The item states that mean a line waits on something other than the next push: held or quarantined. */
export const STUCK_STATES: ReadonlySet<ItemState> = new Set(['held', 'quarantined'])

/** Counts of a report's items per state. */
export type ItemCounts = Record<ItemState, number>

/**
 * The report of `state` under `plan` (a plan of that state at `now`); undefined for a stream with
 * no account.
 */
export function reportOf(
  state: AccountState,
  plan: Plan,
  ids: { readonly companyId: string; readonly accountId: string; readonly accountName?: string | undefined },
  options: { readonly now: string; readonly asOf?: string | undefined },
): ReconciliationReport | undefined {
  const r = reconcile(state, plan, {
    now: options.now,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  })
  if (r === undefined) return undefined
  const items = r.items.map(
    (i): ReportItem => ({
      ...i,
      actions: [...i.actions],
      description: state.txns.get(i.transactionId)?.description ?? '',
    }),
  )
  return {
    companyId: ids.companyId,
    accountId: ids.accountId,
    ...(ids.accountName === undefined ? {} : { accountName: ids.accountName }),
    settings: { latePostings: state.settings.latePostings },
    ...r,
    bank: { ...r.bank, acceptedGaps: [...r.bank.acceptedGaps] },
    items,
  }
}

/**
 * When the oldest stuck (held or quarantined) line of a report became due: the start of its bank
 * day in the account's zone, as an ISO instant; null when nothing is stuck. The store keeps no
 * recording instant per line, so a line's age is counted from the day the bank booked it.
 */
export function oldestStuckSince(items: readonly ReconciliationItem[], zone: string): string | null {
  let oldest: string | undefined
  for (const i of items) {
    if (!STUCK_STATES.has(i.state)) continue
    const day = i.date.slice(0, 10)
    if (oldest === undefined || day < oldest) oldest = day
  }
  return oldest === undefined ? null : new Date(zonedInstant(oldest, '00:00', zone)).toISOString()
}

/** How many items are in each state. */
export function countByState(items: readonly ReconciliationItem[]): ItemCounts {
  const counts: ItemCounts = { ready: 0, held: 0, quarantined: 0, dismissed: 0, in_flight: 0 }
  for (const i of items) counts[i.state]++
  return counts
}

/** True when an exact decimal string is zero (`"0"`, `"0.00"`, `"-0.00"`). */
export function isZero(decimal: string): boolean {
  return !/[1-9]/.test(decimal)
}

/**
 * Sums exact decimal strings per currency (BigInt minor units, never floats), in first-seen order.
 *
 * @example
 * sumByCurrency([{ currency: 'USD', amount: '1.10' }, { currency: 'USD', amount: '-0.10' }])
 * // => [{ currency: 'USD', difference: '1.00' }]
 */
export function sumByCurrency(
  amounts: readonly { readonly currency: string; readonly amount: string; readonly decimals: number }[],
): { currency: string; difference: string }[] {
  const sums = new Map<string, { minor: bigint; decimals: number }>()
  for (const a of amounts) {
    const p = parseDecimal(a.amount, a.decimals)
    const s = sums.get(a.currency) ?? { minor: 0n, decimals: a.decimals }
    s.minor += p.ok ? p.minor : 0n
    sums.set(a.currency, s)
  }
  return [...sums].map(([currency, s]) => ({ currency, difference: formatMinor(s.minor, s.decimals) }))
}
