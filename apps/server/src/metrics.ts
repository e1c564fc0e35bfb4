import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'

/** The part of a prom-client counter the server uses. */
export interface CounterPort {
  inc(by?: number): void
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
  /** Completed sync worker cycles. */
  readonly syncCycles: CounterPort
  /** Errors caught by the sync worker. */
  readonly syncErrors: CounterPort
  /** Transactions ready to push at the end of the last cycle (summed over accounts). */
  readonly readyTransactions: GaugePort
  /** Epoch ms of the end of the last complete worker cycle (`feedsync_sync_lag_seconds` is measured from it). */
  lastCycleEndedAt: number | undefined

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
    this.syncCycles = counter('feedsync_sync_cycles_total', 'Completed sync worker cycles.')
    this.syncErrors = counter('feedsync_sync_errors_total', 'Errors caught by the sync worker.')
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
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry })
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
