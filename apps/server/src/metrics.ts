/** Process-local counters and gauges, rendered as Prometheus text at `GET /metrics`. */
export class Metrics {
  eventsAppended = 0
  batchesPushed = 0
  batchesSucceeded = 0
  pushFailures = 0
  syncCycles = 0
  syncErrors = 0
  /** Epoch ms of the end of the last complete worker cycle. */
  lastCycleEndedAt: number | undefined
  /** Transactions ready to push at the end of the last cycle (summed over accounts). */
  readyTransactions = 0

  render(nowMs: number): string {
    const lag = this.lastCycleEndedAt === undefined ? -1 : (nowMs - this.lastCycleEndedAt) / 1000
    const lines = [
      [
        'feedsync_events_appended_total',
        'counter',
        'Events appended to the store by this process.',
        this.eventsAppended,
      ],
      [
        'feedsync_batches_pushed_total',
        'counter',
        'Batches sent to Codat (transactions.create).',
        this.batchesPushed,
      ],
      [
        'feedsync_batches_succeeded_total',
        'counter',
        'Batches whose push operation ended Success.',
        this.batchesSucceeded,
      ],
      [
        'feedsync_push_failures_total',
        'counter',
        'Batches that failed, timed out or could not be sent.',
        this.pushFailures,
      ],
      ['feedsync_sync_cycles_total', 'counter', 'Completed sync worker cycles.', this.syncCycles],
      ['feedsync_sync_errors_total', 'counter', 'Errors caught by the sync worker.', this.syncErrors],
      [
        'feedsync_sync_lag_seconds',
        'gauge',
        'Seconds since the last complete sync cycle (-1: none yet).',
        lag,
      ],
      [
        'feedsync_transactions_ready',
        'gauge',
        'Transactions ready to push after the last cycle.',
        this.readyTransactions,
      ],
    ] as const
    return `${lines.map(([name, type, help, v]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${v}`).join('\n')}\n`
  }
}
