import {
  type AccountState,
  type Command,
  DEFAULT_LIMITS,
  decideRecordTransactions,
  type FeedErrorCode,
  type IngestWarning,
  type PlanLimits,
  type SettledLookup,
  type TransactionInput,
} from '@feedsync/core'
import type { Clock } from '../clock.js'
import { ServiceError } from '../errors.js'
import { accountStream } from '../streams.js'
import {
  type CommandStore,
  type Decided,
  decideCommand,
  handleCommand,
  handleCommandOn,
  recordNames,
} from './command-runner.js'
import { warningsFor } from './ingest-warnings.js'

/**
 * What became of one transaction of an ingest request. A recorded (or replayed) one carries a
 * `warning` when the planner would quarantine it as sent, redate it, or hold it past tomorrow.
 */
export type IngestResult =
  | { id: string; result: 'recorded'; warning?: IngestWarning }
  | { id: string; result: 'duplicate'; warning?: IngestWarning }
  | { id: string; result: 'rejected'; code: FeedErrorCode; message: string }

/**
 * The bank-facing writes on one account stream: decided with the core, appended at the expected
 * version through the command runner (its one retry policy). The clock is read once per request.
 * Reads are in `feed-views.ts`.
 *
 * @example
 * const feeds = new FeedService(accounts, clock)
 * await feeds.command(companyId, accountId, (at) => ({ type: 'VoidTransaction', transactionId: 't1', at }))
 */
export class FeedService {
  constructor(
    private readonly accounts: CommandStore,
    private readonly clock: Clock,
    /** The worker's planning limits, for the ingest warnings. */
    private readonly limits: Partial<PlanLimits> = DEFAULT_LIMITS,
  ) {}

  /**
   * Records up to 1000 transactions in ONE append: one `TransactionsRecorded` event (plus a
   * `TransactionCleared` per replay that clears a pending one). Each is decided against the state
   * including the earlier ones of the same request. With `partial: false` (default) any rejection
   * refuses the whole request (nothing recorded); with `partial: true` the valid ones are recorded
   * and the others reported. Each recorded or replayed one gets the core's `ingestWarnings` (a
   * plan at the request's instant, made only when one of its lines could be warned about).
   */
  async ingest(
    companyId: string,
    accountId: string,
    transactions: readonly TransactionInput[],
    partial: boolean,
  ): Promise<IngestResult[]> {
    const at = await this.clock.now()
    const decide = (state: AccountState, settled: SettledLookup): Decided<IngestResult[]> => {
      const { outcomes, events } = decideRecordTransactions(state, transactions, at, settled)
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
    }
    const names = transactions.flatMap(recordNames)
    return this.accounts.withAccount(accountStream(companyId, accountId), async (loaded) => {
      const results = await handleCommandOn(this.accounts, loaded, Object.assign(decide, { names }))
      const kept = results.filter((r) => r.result !== 'rejected')
      const warnings = warningsFor(
        loaded.state,
        kept.map((r) => r.id),
        at,
        this.limits,
      )
      const byId = new Map(kept.flatMap((r, i) => (warnings[i] === undefined ? [] : [[r.id, warnings[i]]])))
      return results.map((r) => {
        const warning = r.result === 'rejected' ? undefined : byId.get(r.id)
        return warning === undefined ? r : { ...r, warning }
      })
    })
  }

  /** Decides and appends one core command made at the clock's now; answers the number of events appended. */
  async command(companyId: string, accountId: string, make: (at: string) => Command): Promise<number> {
    const at = await this.clock.now()
    return handleCommand(this.accounts, accountStream(companyId, accountId), decideCommand(make(at)))
  }
}
