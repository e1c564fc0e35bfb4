import type { CreateBankTransactionsRequest } from '@feedsync/codat-client'
import { describe, expect, it } from 'vitest'
import { accountStream } from '../streams.js'
import { auth } from '../testing/harness.js'
import { N, txnIds, useSyncFixture } from './test-fixture.js'

const f = useSyncFixture()

describe('the sync worker', () => {
  it('given a linked account with cleared transactions of yesterday, pushes each exactly once with exact amounts', async () => {
    await f.setUp()
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds().sort()).toEqual(txnIds)
    expect(f.h.codat.storedLines('acc-1').map((l) => [l.line.amount, l.line.balance])).toEqual([
      ['-12.34', '987.66'],
      ['100.01', '1087.67'],
      ['-12.34', '1075.33'],
      ['100.01', '1175.34'],
      ['-12.34', '1163.00'],
    ])
    expect((await f.feed()).counts.pushed).toBe(N)
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds()).toHaveLength(N)
  })

  it('appends the intent (BatchPlanned with the batch id) before calling Codat, and uses it as Idempotency-Key', async () => {
    await f.setUp()
    const original = f.h.codat.transactions.create
    const seen: string[] = []
    Object.assign(f.h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        const events = await f.store.readStream(accountStream(f.companyId, 'acc-1'))
        const last = events.at(-1)
        expect(last?.type).toBe('BatchPlanned')
        expect(last?.data).toMatchObject({ batchId: r.idempotencyKey })
        seen.push(r.idempotencyKey ?? '')
        return original(r)
      },
    })
    await f.h.app.services.worker.runOnce()
    expect(seen).toHaveLength(1)
    expect(f.storedIds()).toHaveLength(N)
  })

  it('quarantines the lines Codat refuses and pushes the others', async () => {
    await f.setUp()
    let first = true
    f.h.codat.pushOutcome = () => {
      if (!first) return { status: 'Success' }
      first = false
      return { status: 'Failed', errors: [{ itemId: 't3', message: 'Description not allowed' }] }
    }
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds().sort()).toEqual(['t1', 't2', 't4', 't5'])
    const summary = await f.feed()
    expect(summary.counts.quarantined).toBe(1)
    expect(summary.quarantineReasons).toEqual({ rejected_by_destination: 1 })
  })

  it('when a push fails because the feed was switched off, holds the lines instead of quarantining them', async () => {
    await f.setUp()
    const original = f.h.codat.transactions.create
    Object.assign(f.h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        f.h.codat.disconnect(f.connectionId, 'acc-1')
        return original(r)
      },
    })
    await f.h.app.services.worker.runOnce()
    const summary = await f.feed()
    expect(summary.link).toBe('disconnected')
    expect(summary.counts.quarantined).toBe(0)
    expect(summary.counts.held).toBe(N)
    expect(f.storedIds()).toHaveLength(0)
  })
})

describe('a failure that names no line', () => {
  it('is retried next cycle, not in a tight loop', async () => {
    await f.setUp()
    let failures = 1
    f.h.codat.pushOutcome = () => (failures-- > 0 ? { status: 'Failed', errors: [] } : { status: 'Success' })
    await f.h.app.services.worker.runOnce()
    expect(f.creates()).toBe(1)
    expect(f.storedIds()).toHaveLength(0)
    await f.h.app.services.worker.runOnce()
    expect(f.creates()).toBe(2)
    expect(f.storedIds()).toHaveLength(N)
  })
})

describe('the clock (an HTTP call under FEEDSYNC_CLOCK=simulator)', () => {
  /** Counts reads of the harness's clock from now on. */
  function countReads(): () => number {
    let reads = 0
    const original = f.h.clock.now.bind(f.h.clock)
    Object.assign(f.h.clock, {
      now: () => {
        reads++
        return original()
      },
    })
    return () => reads
  }

  it('is read once per step of an account sync, not per call; "sync now" summarises the feed from the sync\'s own plan', async () => {
    await f.setUp()
    const reads = countReads()
    // Sync now (only this account; earlier tests' companies share the store and the loop).
    const syncNow = () =>
      f.h.app.inject({
        method: 'POST',
        url: `/v1/companies/${f.companyId}/accounts/acc-1/sync`,
        headers: auth(),
      })
    expect((await syncNow()).statusCode).toBe(200)
    expect(f.storedIds().sort()).toEqual(txnIds)
    // learn the link, plan (intent), push (BatchSubmitted), poll to Success (BatchSucceeded), plan (nothing left)
    expect(reads()).toBe(5)
    const before = reads()
    const res = await syncNow()
    expect(res.statusCode).toBe(200)
    expect(res.json().feed.counts.pushed).toBe(N)
    expect(reads() - before).toBe(1) // linked, list read moments ago: one plan step, nothing to push
  })
})
