/**
 * The shapes of the company rollup and of the tenant's exceptions list, and the pure rules that
 * pick and order the exceptions.
 */
import type { Company } from '../companies/repository.js'
import {
  countByState,
  type ItemCounts,
  isZero,
  oldestStuckSince,
  type ReconciliationReport,
  STUCK_STATES,
} from './reconciliation-report.js'

/** One account in a company's rollup. */
export interface RollupAccount {
  readonly accountId: string
  readonly accountName: string
  readonly currency: string
  /** Exact decimal: bank balance − destination balance. */
  readonly difference: string
  /** How many lines are behind the difference. */
  readonly items: number
  /** Start of the bank day of its oldest held or quarantined line (ISO instant), or null. */
  readonly oldestStuckSince: string | null
}

/**
 * A company's accounts side by side, with the differences summed per currency (exact).
 *
 * @example
 * { companyId: 'c1', accounts: [{ accountId: 'acc-1', accountName: 'Checking', currency: 'USD',
 *   difference: '826.80', items: 3, oldestStuckSince: '2026-11-29T05:00:00.000Z' }],
 *   differences: [{ currency: 'USD', difference: '826.80' }] }
 */
export interface CompanyRollup {
  readonly companyId: string
  readonly accounts: RollupAccount[]
  readonly differences: { readonly currency: string; readonly difference: string }[]
}

/** One account of a tenant that needs looking at. */
export interface ExceptionAccount extends RollupAccount {
  readonly companyId: string
  readonly companyName: string
  /** Items per state (only the filtered state's when `state` is given). */
  readonly byState: ItemCounts
  /** Minutes since `oldestStuckSince` (0 when nothing is stuck). */
  readonly stuckMinutes: number
}

/** Filters of the tenant-wide exceptions list. */
export interface ExceptionsQuery {
  /** Only accounts with at least one item in this state. */
  readonly state?: ReconciliationReport['items'][number]['state']
  /**
   * Only accounts with a held or quarantined line stuck at least this many minutes. Without it an
   * account is listed when its difference is not zero or any line is held or quarantined.
   */
  readonly stuckForMinutes?: number
}

/**
 * The exceptions row of one account's report, or undefined when the query does not list it: with
 * `state`, only items in that state count; with `stuckForMinutes`, only an account whose oldest
 * held or quarantined line is at least that old; else any non-zero difference or stuck line.
 */
export function exceptionRow(
  report: ReconciliationReport,
  company: Pick<Company, 'companyId' | 'name'>,
  zone: string,
  nowMs: number,
  query: ExceptionsQuery,
): ExceptionAccount | undefined {
  const items = query.state === undefined ? report.items : report.items.filter((i) => i.state === query.state)
  if (query.state !== undefined && items.length === 0) return undefined
  const since = oldestStuckSince(items, zone)
  const stuckMinutes = since === null ? 0 : Math.max(0, Math.floor((nowMs - Date.parse(since)) / 60_000))
  const listed =
    query.stuckForMinutes === undefined
      ? !isZero(report.difference) || items.some((i) => STUCK_STATES.has(i.state))
      : since !== null && stuckMinutes >= query.stuckForMinutes
  if (!listed) return undefined
  return {
    companyId: company.companyId,
    companyName: company.name,
    accountId: report.accountId,
    accountName: report.accountName ?? report.accountId,
    currency: report.currency,
    difference: report.difference,
    items: items.length,
    byState: countByState(items),
    oldestStuckSince: since,
    stuckMinutes,
  }
}

/** Oldest stuck line first; accounts with nothing stuck last; then by company and account id. */
export function oldestFirst(a: ExceptionAccount, b: ExceptionAccount): number {
  if (a.oldestStuckSince !== b.oldestStuckSince) {
    if (a.oldestStuckSince === null) return 1
    if (b.oldestStuckSince === null) return -1
    return a.oldestStuckSince < b.oldestStuckSince ? -1 : 1
  }
  const ka = `${a.companyId}\u0000${a.accountId}`
  const kb = `${b.companyId}\u0000${b.accountId}`
  return ka < kb ? -1 : ka > kb ? 1 : 0
}
