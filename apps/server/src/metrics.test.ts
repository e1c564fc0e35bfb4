import { describe, expect, it } from 'vitest'
import { Metrics } from './metrics.js'

const TYPES = {
  feedsync_events_appended_total: 'counter',
  feedsync_batches_pushed_total: 'counter',
  feedsync_batches_succeeded_total: 'counter',
  feedsync_push_failures_total: 'counter',
  feedsync_sync_cycles_total: 'counter',
  feedsync_sync_errors_total: 'counter',
  feedsync_sync_lag_seconds: 'gauge',
  feedsync_transactions_ready: 'gauge',
  feedsync_codat_budget_tokens_total: 'counter',
  feedsync_codat_budget_statements_total: 'counter',
  feedsync_codat_budget_waits_total: 'counter',
  feedsync_codat_budget_wait_seconds_total: 'counter',
  feedsync_codat_budget_errors_total: 'counter',
  feedsync_codat_rate_limited_total: 'counter',
} as const

const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1])

describe('the metrics', () => {
  it('render every feedsync metric with its type, at zero and a lag of -1 before any cycle', async () => {
    const text = await new Metrics({ defaultMetrics: false }).render()
    for (const [name, type] of Object.entries(TYPES)) {
      expect(text).toContain(`# TYPE ${name} ${type}`)
      expect(value(text, name)).toBe(name === 'feedsync_sync_lag_seconds' ? -1 : 0)
    }
  })

  it('given two apps in one process, when one counts, then the other does not see it', async () => {
    const a = new Metrics()
    const b = new Metrics()
    a.batchesPushed.inc()
    a.eventsAppended.inc(3)
    expect(value(await a.render(), 'feedsync_batches_pushed_total')).toBe(1)
    expect(value(await a.render(), 'feedsync_events_appended_total')).toBe(3)
    expect(value(await b.render(), 'feedsync_batches_pushed_total')).toBe(0)
  })

  it('measure the lag from the end of the last cycle and add process and GC metrics', async () => {
    let now = 10_000
    const m = new Metrics({ now: () => now })
    m.lastCycleEndedAt = 4_000
    m.readyTransactions.set(7)
    const text = await m.render()
    expect(value(text, 'feedsync_sync_lag_seconds')).toBe(6)
    expect(value(text, 'feedsync_transactions_ready')).toBe(7)
    expect(text).toContain('process_cpu_user_seconds_total')
    expect(text).toContain('nodejs_gc_duration_seconds')
    now = 12_500
    expect(value(await m.render(), 'feedsync_sync_lag_seconds')).toBe(8.5)
    expect(m.contentType).toContain('text/plain')
  })
})
