import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import type { AccountFigures } from './accounts/reconciliation-figures.js'

/** The part of a prom-client counter the server uses. */
export interface CounterPort {
  inc(by?: number): void
}

/** What the Codat request budget counts (`sync/codat-budget.ts`). */
export interface BudgetMetrics {
  readonly tokensTaken: CounterPort
  readonly statements: CounterPort
  readonly waits: CounterPort
  readonly waitSeconds: CounterPort
  readonly rateLimited: CounterPort
  /** Budget statements that failed (the request then went without a token). */
  readonly errors: CounterPort
}

/** The part of a prom-client gauge the server uses. */
export interface GaugePort {
  set(value: number): void
}

/**
 * Process-local counters and gauges on a prom-client `Registry` of this app instance (never the
 * global one, so several apps in one process do not clash), with Node's process and GC metrics,
 * rendered as Prometheus text at `GET /metrics`.
 *
 * @example
 * const metrics = new Metrics()
 * metrics.batchesPushed.inc()
 * metrics.readyTransactions.set(12)
 * const text = await metrics.render() // "# HELP feedsync_batches_pushed_total ..."
 */
export class Metrics {
  readonly registry = new Registry()
  /** Events appended to the store by this process. */
  readonly eventsAppended: CounterPort
  /** Batches sent to Codat (transactions.create). */
  readonly batchesPushed: CounterPort
  /** Batches whose push operation ended Success. */
  readonly batchesSucceeded: CounterPort
  /** Batches that failed, timed out or could not be sent. */
  readonly pushFailures: CounterPort
  /** Account snapshots written to the store. */
  readonly snapshotsSaved: CounterPort
  /** Account snapshots that could not be taken or written (each also logged). */
  readonly snapshotFailures: CounterPort
  /** Completed sync worker cycles. */
  readonly syncCycles: CounterPort
  /** Errors caught by the sync worker. */
  readonly syncErrors: CounterPort
  /** Codat webhooks verified and stored in the inbox (`POST /webhooks/codat`). */
  readonly webhooksReceived: CounterPort
  /** Codat webhooks refused: bad or missing signature, stale timestamp (400 `invalid_signature`). */
  readonly webhooksRefused: CounterPort
  /** Verified Codat webhooks whose `webhook-id` was already in the inbox (answered 2xx, no effect). */
  readonly webhooksDuplicate: CounterPort
  /** Codat's request budget: tokens taken, its statements, waits, 429s (`sync/codat-budget.ts`). */
  readonly codatBudget: BudgetMetrics
  /** Transactions ready to push at the end of the last cycle (summed over accounts). */
  readonly readyTransactions: GaugePort
  /** Epoch ms of the end of the last complete worker cycle (`feedsync_sync_lag_seconds` is measured from it). */
  lastCycleEndedAt: number | undefined
  /** Each account's reconciliation figures as its last sync in this process left them (by stream). */
  private readonly figures = new Map<string, AccountFigures>()

  constructor(
    options: {
      /** Also collect Node's process and GC metrics (default true). */
      readonly defaultMetrics?: boolean
      /** Epoch ms when the lag is read (default `Date.now`). */
      readonly now?: () => number
    } = {},
  ) {
    const registers = [this.registry]
    const counter = (name: string, help: string) => new Counter({ name, help, registers })
    this.eventsAppended = counter(
      'feedsync_events_appended_total',
      'Events appended to the store by this process.',
    )
    this.batchesPushed = counter(
      'feedsync_batches_pushed_total',
      'Batches sent to Codat (transactions.create).',
    )
    this.batchesSucceeded = counter(
      'feedsync_batches_succeeded_total',
      'Batches whose push operation ended Success.',
    )
    this.pushFailures = counter(
      'feedsync_push_failures_total',
      'Batches that failed, timed out or could not be sent.',
    )
    this.snapshotsSaved = counter('feedsync_snapshots_saved_total', 'Account snapshots written to the store.')
    this.snapshotFailures = counter(
      'feedsync_snapshot_failures_total',
      'Account snapshots that could not be taken or written (each also logged).',
    )
    this.syncCycles = counter('feedsync_sync_cycles_total', 'Completed sync worker cycles.')
    this.syncErrors = counter('feedsync_sync_errors_total', 'Errors caught by the sync worker.')
    this.webhooksReceived = counter('feedsync_webhooks_received_total', 'Codat webhooks verified and stored.')
    this.webhooksRefused = counter('feedsync_webhooks_refused_total', 'Codat webhooks refused (signature).')
    this.webhooksDuplicate = counter(
      'feedsync_webhooks_duplicate_total',
      'Verified Codat webhooks already in the inbox (no effect).',
    )
    this.codatBudget = {
      tokensTaken: counter(
        'feedsync_codat_budget_tokens_total',
        'Codat request tokens taken from the shared budget.',
      ),
      statements: counter(
        'feedsync_codat_budget_statements_total',
        'Database statements the Codat budget ran.',
      ),
      waits: counter('feedsync_codat_budget_waits_total', 'Codat requests that waited for a budget token.'),
      waitSeconds: counter(
        'feedsync_codat_budget_wait_seconds_total',
        'Seconds Codat requests waited for a budget token, summed.',
      ),
      rateLimited: counter('feedsync_codat_rate_limited_total', 'Codat answers 429 seen by this process.'),
      errors: counter(
        'feedsync_codat_budget_errors_total',
        'Codat budget statements that failed (the request went without a token).',
      ),
    }
    const now = options.now ?? Date.now
    const lag = new Gauge({
      name: 'feedsync_sync_lag_seconds',
      help: 'Seconds since the last complete sync cycle (-1: none yet).',
      registers,
      collect: () => {
        const ended = this.lastCycleEndedAt
        lag.set(ended === undefined ? -1 : (now() - ended) / 1000)
      },
    })
    this.readyTransactions = new Gauge({
      name: 'feedsync_transactions_ready',
      help: 'Transactions ready to push after the last cycle.',
      registers,
    })
    this.reconciliationGauges(registers, now)
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry })
  }

  /**
   * Records what an account's sync found (the worker calls it with the state and plan it already
   * holds); `undefined` forgets the account. The reconciliation gauges sum these at scrape time.
   */
  observeAccount(stream: string, figures: AccountFigures | undefined): void {
    if (figures === undefined) this.figures.delete(stream)
    else this.figures.set(stream, figures)
  }

  /** Held and quarantined lines by reason, |difference| per currency, age of the oldest stuck line. */
  private reconciliationGauges(registers: Registry[], now: () => number): void {
    const byReason = (kind: 'held' | 'quarantined') => {
      const gauge: Gauge<'reason'> = new Gauge({
        name: `feedsync_transactions_${kind}`,
        help: `Cleared lines ${kind} at the end of each account's last sync, by reason code.`,
        labelNames: ['reason'],
        registers,
        collect: () => {
          gauge.reset()
          const sums = new Map<string, number>()
          for (const f of this.figures.values())
            for (const [code, n] of Object.entries(f[kind])) sums.set(code, (sums.get(code) ?? 0) + n)
          for (const [code, n] of sums) gauge.set({ reason: code }, n)
        },
      })
    }
    byReason('held')
    byReason('quarantined')
    const difference: Gauge<'currency'> = new Gauge({
      name: 'feedsync_reconciliation_difference_abs',
      help: 'Sum over accounts of |bank balance − destination balance| (major units), by currency.',
      labelNames: ['currency'],
      registers,
      collect: () => {
        difference.reset()
        const sums = new Map<string, number>()
        for (const f of this.figures.values())
          sums.set(f.currency, (sums.get(f.currency) ?? 0) + f.absDifference)
        for (const [currency, v] of sums) difference.set({ currency }, v)
      },
    })
    const oldest = new Gauge({
      name: 'feedsync_oldest_stuck_seconds',
      help: 'Age of the oldest held or quarantined line, from the start of its bank day (0: none).',
      registers,
      collect: () => {
        let min: number | undefined
        for (const f of this.figures.values())
          if (f.oldestStuckMs !== undefined && (min === undefined || f.oldestStuckMs < min))
            min = f.oldestStuckMs
        oldest.set(min === undefined ? 0 : Math.max(0, (now() - min) / 1000))
      },
    })
  }

  /** The Content-Type of `render()`'s text. */
  get contentType(): string {
    return this.registry.contentType
  }

  /** Every metric of this instance in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics()
  }
}
