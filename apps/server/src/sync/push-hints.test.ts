import { describe, expect, it } from 'vitest'
import { PushHints } from './push-hints.js'

const op = (status: 'Success' | 'Failed' | 'Pending', key = 'op-1') => ({
  companyId: 'c1',
  pushOperationKey: key,
  dataConnectionKey: 'conn-1',
  requestedOnUtc: '2026-11-25T09:00:00Z',
  status,
  statusCode: 200,
})

describe('PushHints (the backstop with webhooks on)', () => {
  it('reads a pending operation first after firstMs, then at doubling gaps up to maxMs', () => {
    let now = 0
    const hints = new PushHints({ firstMs: 60_000, maxMs: 200_000 }, () => now)
    const dueAt: number[] = []
    for (now = 0; now <= 1_000_000; now += 10_000) if (hints.due('op-1')) dueAt.push(now)
    // first seen at 0; reads at 60 s, then gaps of 120 s, 200 s (capped), 200 s ...
    expect(dueAt).toEqual([60_000, 180_000, 380_000, 580_000, 780_000, 980_000])
  })

  it('keeps terminal outcomes only, until the batch settles', () => {
    const hints = new PushHints({ firstMs: 0, maxMs: 0 })
    hints.learn(op('Pending'))
    expect(hints.terminal('op-1')).toBeUndefined()
    hints.learn(op('Success'))
    expect(hints.terminal('op-1')?.status).toBe('Success')
    hints.settled('op-1')
    expect(hints.terminal('op-1')).toBeUndefined()
  })
})
