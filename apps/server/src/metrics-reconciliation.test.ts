import { describe, expect, it } from 'vitest'
import { Metrics } from './metrics.js'

const DAY = Date.parse('2026-11-19T00:00:00.000Z')

describe('the reconciliation gauges', () => {
  it('sum what each account sync observed, by reason and by currency, and age the oldest stuck line at scrape time', async () => {
    const metrics = new Metrics({ defaultMetrics: false, now: () => DAY + 3_600_000 })
    metrics.observeAccount('account:c1:a', {
      held: { balance_mismatch: 2 },
      quarantined: { before_feed_start: 1 },
      currency: 'USD',
      absDifference: 826.8,
      oldestStuckMs: DAY,
    })
    metrics.observeAccount('account:c1:b', {
      held: { balance_mismatch: 1 },
      quarantined: { older_than_destination: 3 },
      currency: 'USD',
      absDifference: 10,
      oldestStuckMs: DAY + 60_000,
    })
    metrics.observeAccount('account:c2:a', {
      held: {},
      quarantined: {},
      currency: 'EUR',
      absDifference: 0,
      oldestStuckMs: undefined,
    })
    const text = await metrics.render()
    expect(text).toContain('feedsync_transactions_held{reason="balance_mismatch"} 3')
    expect(text).toContain('feedsync_transactions_quarantined{reason="before_feed_start"} 1')
    expect(text).toContain('feedsync_transactions_quarantined{reason="older_than_destination"} 3')
    expect(text).toContain('feedsync_reconciliation_difference_abs{currency="USD"} 836.8')
    expect(text).toContain('feedsync_reconciliation_difference_abs{currency="EUR"} 0')
    expect(text).toContain('feedsync_oldest_stuck_seconds 3600')
  })

  it('forget an account observed as gone, and read 0 with nothing stuck', async () => {
    const metrics = new Metrics({ defaultMetrics: false })
    metrics.observeAccount('account:c1:a', {
      held: { pending: 1 },
      quarantined: {},
      currency: 'USD',
      absDifference: 5,
      oldestStuckMs: DAY,
    })
    metrics.observeAccount('account:c1:a', undefined)
    const text = await metrics.render()
    expect(text).not.toContain('feedsync_transactions_held{')
    expect(text).toContain('feedsync_oldest_stuck_seconds 0')
  })
})
