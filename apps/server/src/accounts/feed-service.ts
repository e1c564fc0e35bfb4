import {
  type AccountState,
  type Command,
  decideRecordTransactions,
  type FeedErrorCode,
  type FeedSummary,
  formatMinor,
  type PlanLimits,
  planBatches,
  type SyncStatus,
  summarise,
  syncStatuses,
  type TransactionInput,
} from '@feedsync/core'
import type { Clock } from '../clock.js'
import { ServiceError } from '../errors.js'
import { accountStream } from '../streams.js'
import { decideCommand, handleCommand } from './command-runner.js'
import type { AccountRepository } from './repository.js'

export type IngestResult =
  | { id: string; result: 'recorded' }
  | { id: string; result: 'duplicate' }
  | { id: string; result: 'rejected'; code: FeedErrorCode; message: string }

export interface TransactionView {
  id: string
  date: string
  description: string
  amount: string
  balance: string | null
  type: string | null
  status: 'pending' | 'cleared' | 'voided'
  sync: { status: SyncStatus; reason: { code: string; message: string } | null }
}

export interface ListQuery {
  page: number
  pageSize: number
  orderBy: 'date' | '-date' | 'id' | '-id'
  syncStatus?: SyncStatus | undefined
}

/** The bank-facing operations on one account stream: decide with the core, append at the expected version. */
export class FeedService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly limits: PlanLimits,
  ) {}

  /**
   * Records up to 1000 transactions in ONE append: one `TransactionsRecorded` event (plus a
   * `TransactionCleared` per replay that clears a pending one). Each is decided against the state
   * including the earlier ones of the same request. With `partial: false` (default) any rejection
   * refuses the whole request (nothing recorded); with `partial: true` the valid ones are recorded
   * and the others reported.
   */
  async ingest(
    companyId: string,
    accountId: string,
    transactions: readonly TransactionInput[],
    partial: boolean,
  ): Promise<IngestResult[]> {
    const at = await this.clock.now()
    return handleCommand(this.accounts, accountStream(companyId, accountId), (state) => {
      const { outcomes, events } = decideRecordTransactions(state, transactions, at)
      const results = outcomes.map((o, index): IngestResult => {
        const id = String(transactions[index]?.id)
        return o.result === 'rejected'
          ? { id, result: 'rejected', code: o.error.code, message: o.error.message }
          : { id, result: o.result }
      })
      const rejected = results.flatMap((r, index) => (r.result === 'rejected' ? [{ index, ...r }] : []))
      const first = rejected[0]
      if (!partial && first !== undefined) {
        throw new ServiceError(
          first.code,
          `Transaction ${first.id}: ${first.message} Nothing was recorded.`,
          {
            errors: rejected.map(({ index, id, code, message }) => ({ index, id, code, message })),
          },
        )
      }
      return { events, result: results }
    })
  }

  /** Decides and appends one core command made at the clock's `now`; answers the number of events appended. */
  async command(companyId: string, accountId: string, make: (at: string) => Command): Promise<number> {
    const at = await this.clock.now()
    return handleCommand(this.accounts, accountStream(companyId, accountId), decideCommand(make(at)))
  }

  async summary(companyId: string, accountId: string): Promise<FeedSummary> {
    const now = await this.clock.now()
    return this.accounts.withAccount(accountStream(companyId, accountId), async ({ state }) =>
      summarise(state, planBatches(state, now, this.limits)),
    )
  }

  async list(
    companyId: string,
    accountId: string,
    q: ListQuery,
  ): Promise<{ total: number; items: TransactionView[] }> {
    const now = await this.clock.now()
    return this.accounts.withAccount(accountStream(companyId, accountId), async ({ state }) =>
      this.view(state, now, q),
    )
  }

  private view(state: AccountState, now: string, q: ListQuery): { total: number; items: TransactionView[] } {
    const plan = planBatches(state, now, this.limits)
    const statuses = syncStatuses(state, plan)
    const decimals = state.account?.decimals ?? 2
    let txns = [...state.txns.values()]
    if (q.syncStatus !== undefined) txns = txns.filter((t) => statuses.get(t.id)?.status === q.syncStatus)
    const desc = q.orderBy.startsWith('-')
    const byId = q.orderBy.endsWith('id')
    txns.sort((a, b) => {
      const c = byId
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
      return desc ? -c : c
    })
    const start = (q.page - 1) * q.pageSize
    const items = txns.slice(start, start + q.pageSize).map((t): TransactionView => {
      const s = statuses.get(t.id)
      return {
        id: t.id,
        date: t.date,
        description: t.description,
        amount: formatMinor(t.amount, decimals),
        balance: t.balance === undefined ? null : formatMinor(t.balance, decimals),
        type: t.type ?? null,
        status: t.voided ? 'voided' : t.cleared ? 'cleared' : 'pending',
        sync: { status: s?.status ?? 'held', reason: s?.reason ?? null },
      }
    })
    return { total: txns.length, items }
  }
}
