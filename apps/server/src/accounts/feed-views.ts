import type { CodatBankFeedsPort, SourceAccount, SourceAccountV2 } from '@feedsync/codat-client'
import {
  type AccountState,
  type BatchStatus,
  type FeedLink,
  type FeedSummary,
  formatMinor,
  type LineRejection,
  type Plan,
  type PlanLimits,
  planBatches,
  type SyncStatus,
  summarise,
  syncStatuses,
  type Txn,
} from '@feedsync/core'
import type { Clock } from '../clock.js'
import type { Company } from '../companies/repository.js'
import { accountStream } from '../streams.js'
import { operationOf } from './operation-rows.js'
import type { AccountRepository, SettledPageQuery } from './repository.js'
import { foldedCount } from './settled-rows.js'

/** One transaction as the API lists it: amounts as exact decimals, its sync status and why. */
export interface TransactionView {
  id: string
  date: string
  description: string
  amount: string
  balance: string | null
  type: string | null
  status: 'pending' | 'cleared' | 'voided'
  /**
   * `redatedTo`: the day the destination holds (or will hold) a redated line under, when it
   * differs from the bank's date.
   */
  sync: { status: SyncStatus; reason: { code: string; message: string } | null; redatedTo?: string }
}

/** A page of an account's transactions, ordered and optionally filtered by sync status. */
export interface ListQuery {
  page: number
  pageSize: number
  orderBy: 'date' | '-date' | 'id' | '-id'
  syncStatus?: SyncStatus | undefined
}

/** A company with Codat's connection status and each account's link. */
export interface CompanyView {
  companyId: string
  name: string
  description: string | null
  onboardedAt: string
  platform: Company['platform']
  connection: { connectionId: string; status: string; linkUrl: string | null }
  accounts: {
    accountId: string
    accountName: string
    currency: string
    codatStatus: string | null
    feedStartDate: string | null
    link: FeedLink['status']
  }[]
}

/** One push operation (batch) of an account and its outcome. */
export interface OperationView {
  accountId: string
  batchId: string
  pushOperationKey: string | null
  status: BatchStatus
  lines: number
  plannedAt: string
  completedAt: string | null
  message: string | null
  rejections: LineRejection[]
}

/** What the views read from Codat: the connection and its source accounts. */
export interface CodatReads {
  readonly connections: Pick<CodatBankFeedsPort['connections'], 'get'>
  readonly sourceAccounts: Pick<CodatBankFeedsPort['sourceAccounts'], 'list'>
}

/**
 * The read side of the accounts: the feed summary, the paged transaction list, the company view
 * (with Codat's connection and source accounts) and the push operations. Nothing here appends.
 *
 * @example
 * const views = new FeedViews(accounts, codat, clock, config.sync.limits)
 * const { total, items } = await views.list(companyId, accountId, { page: 1, pageSize: 100, orderBy: 'date' })
 */
export class FeedViews {
  constructor(
    private readonly accounts: Pick<
      AccountRepository,
      'withAccount' | 'load' | 'settledPage' | 'pastOperations'
    >,
    private readonly codat: CodatReads,
    private readonly clock: Clock,
    private readonly limits: Partial<PlanLimits>,
  ) {}

  /** The folded feed: link, counts with reasons, batch in flight (planned at the clock's now). */
  async summary(companyId: string, accountId: string): Promise<FeedSummary> {
    const now = await this.clock.now()
    return this.accounts.withAccount(accountStream(companyId, accountId), async ({ state }) =>
      summarise(state, planBatches(state, now, this.limits)),
    )
  }

  /** One page of the account's transactions with each one's sync status and reason. */
  async list(
    companyId: string,
    accountId: string,
    q: ListQuery,
  ): Promise<{ total: number; items: TransactionView[] }> {
    const now = await this.clock.now()
    const stream = accountStream(companyId, accountId)
    return this.accounts.withAccount(stream, async ({ state }) =>
      listTransactions(state, planBatches(state, now, this.limits), q, (page) =>
        this.accounts.settledPage(stream, page),
      ),
    )
  }

  /** The company, Codat's connection status and each account's Codat status, feed start date and link. */
  async company(company: Company): Promise<CompanyView> {
    const ids = { companyId: company.codatCompanyId, connectionId: company.connectionId }
    const [connection, sources] = await Promise.all([
      this.codat.connections.get(ids),
      this.codat.sourceAccounts.list(ids),
    ])
    const byId = new Map<string, SourceAccountV2 | SourceAccount>(sources.map((s) => [s.id, s]))
    const accounts: CompanyView['accounts'] = []
    for (const a of company.accounts) {
      const { state } = await this.accounts.load(accountStream(company.companyId, a.accountId))
      const s = byId.get(a.accountId)
      accounts.push({
        accountId: a.accountId,
        accountName: a.accountName,
        currency: a.currency,
        codatStatus: s?.status ?? null,
        feedStartDate: s?.feedStartDate?.slice(0, 10) ?? null,
        link: state.feed.status,
      })
    }
    return {
      companyId: company.companyId,
      name: company.name,
      description: company.description,
      onboardedAt: company.onboardedAt,
      platform: company.platform,
      connection: {
        connectionId: company.connectionId,
        status: connection.status,
        // Sage is linked from inside Sage: its linkUrl is never handed out (PLATFORMS.md S1).
        linkUrl: connection.status === 'Linked' || company.platform === 'sage' ? null : connection.linkUrl,
      },
      accounts,
    }
  }

  /**
   * The push operations of every account of the company, latest planned first: the batches each
   * account's state holds, and the newest `OPERATION_ROWS_LISTED` (500) of those it dropped (ended
   * 2 days or more ago, see `operation-rows.ts`), each batch once. Older dropped ones are not listed.
   */
  async operations(company: Company): Promise<OperationView[]> {
    const results: OperationView[] = []
    for (const a of company.accounts) {
      const stream = accountStream(company.companyId, a.accountId)
      // The state first: a batch dropped after it was read is then in the projection read next (its
      // row commits with the event that drops it), and listed once.
      const { state } = await this.accounts.load(stream)
      const past = await this.accounts.pastOperations(stream)
      const seen = new Set<string>()
      for (const b of state.batches.values()) {
        seen.add(b.id)
        results.push({ accountId: a.accountId, ...operationOf(b) })
      }
      for (const op of past) {
        if (seen.has(op.batchId)) continue
        seen.add(op.batchId)
        results.push({ accountId: a.accountId, ...op })
      }
    }
    results.sort((x, y) => (x.plannedAt < y.plannedAt ? 1 : x.plannedAt > y.plannedAt ? -1 : 0))
    return results
  }
}

/** The day a redated line goes (or went) on, when it is not its bank date. */
function redatedOf(t: Txn, planned: string | undefined): { redatedTo?: string } {
  const day = t.pushedDate?.slice(0, 10) ?? planned
  return day === undefined || day === t.day ? {} : { redatedTo: day }
}

/** Reads a window of the account's settled (folded) transactions, in the listing's order. */
export type SettledReader = (page: SettledPageQuery) => Promise<Txn[]>

const NO_SETTLED_LINES: SettledReader = async () => []

/**
 * Filters, orders and pages the account's transactions: those the state holds, merged with the
 * settled ones a folding state left to the projection (all pushed), read through `settled`. The
 * state holds few (what is unsettled), so the projection is read from at most that many rows before
 * the page's start: for a page at `start`, rows from `start - held` on.
 */
export async function listTransactions(
  state: AccountState,
  plan: Plan,
  q: ListQuery,
  settled: SettledReader = NO_SETTLED_LINES,
): Promise<{ total: number; items: TransactionView[] }> {
  const statuses = syncStatuses(state, plan)
  const decimals = state.account?.decimals ?? 2
  const descending = q.orderBy.startsWith('-')
  const order = q.orderBy.endsWith('id') ? 'id' : 'date'
  const compare = (a: Txn, b: Txn): number => {
    const c =
      order === 'id'
        ? a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0
        : a.local < b.local
          ? -1
          : a.local > b.local
            ? 1
            : a.seq - b.seq
    return descending ? -c : c
  }
  let held = [...state.txns.values()]
  if (q.syncStatus !== undefined) held = held.filter((t) => statuses.get(t.id)?.status === q.syncStatus)
  held.sort(compare)
  const folded = q.syncStatus === undefined || q.syncStatus === 'pushed' ? foldedCount(state) : 0
  const start = (q.page - 1) * q.pageSize
  // Every settled row before `from` comes before the page: at most `held.length` held lines can.
  const from = Math.max(0, start - held.length)
  const rows =
    folded === 0 ? [] : await settled({ order, descending, offset: from, limit: start + q.pageSize - from })
  const first = rows[0]
  // The merged list from the first row read on (or from the top): its first position is `base`.
  const after = first === undefined || from === 0 ? held : held.filter((t) => compare(t, first) >= 0)
  const base = first === undefined || from === 0 ? 0 : from + (held.length - after.length)
  const merged = mergeSorted(after, rows, compare)
  const page = first === undefined && from > 0 ? [] : merged.slice(start - base, start - base + q.pageSize)
  const items = page.map((t): TransactionView => {
    const s = statuses.get(t.id) ?? (t.pushed ? { status: 'pushed' as const } : undefined)
    return {
      id: t.id,
      date: t.date,
      description: t.description,
      amount: formatMinor(t.amount, decimals),
      balance: t.balance === undefined ? null : formatMinor(t.balance, decimals),
      type: t.type ?? null,
      status: t.voided ? 'voided' : t.cleared ? 'cleared' : 'pending',
      sync: { status: s?.status ?? 'held', reason: s?.reason ?? null, ...redatedOf(t, s?.redatedTo) },
    }
  })
  return { total: held.length + folded, items }
}

/** Two lists sorted by `compare`, merged. */
function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out: T[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    if (y === undefined || (x !== undefined && compare(x, y) <= 0)) {
      out.push(x as T)
      i++
    } else {
      out.push(y)
      j++
    }
  }
  return out
}
