import { describe, expect, it } from 'vitest'
import { auth } from '../testing/harness.js'
import { N, txnIds, useSyncFixture } from './test-fixture.js'

const f = useSyncFixture()

describe('the sync worker', () => {
  it('after the answer to a push is lost, re-sends with the same Idempotency-Key and Codat replays it: exactly once', async () => {
    await f.setUp()
    f.h.codat.failAfterPush = 1
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds()).toHaveLength(0) // landed as Pending; not yet complete
    expect((await f.feed()).counts.inFlight).toBe(N)
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds().sort()).toEqual(txnIds)
    expect(f.h.codat.ops.size).toBe(1)
    expect((await f.feed()).counts.pushed).toBe(N)
  })

  it('after a push that never landed, the re-send lands it once', async () => {
    await f.setUp()
    f.h.codat.failBeforePush = 1
    await f.h.app.services.worker.runOnce()
    expect(f.h.codat.ops.size).toBe(0)
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds()).toHaveLength(N)
    expect(f.h.codat.ops.size).toBe(1)
  })

  it('after the idempotency window, finds a landed push among the create operations instead of pushing again', async () => {
    await f.setUp()
    f.h.codat.failAfterPush = 1
    await f.h.app.services.worker.runOnce()
    f.h.clock.advance(2 * 60 * 60_000)
    const before = f.creates()
    await f.h.app.services.worker.runOnce()
    expect(f.creates()).toBe(before)
    expect(f.h.codat.calls).toContain('transactions.listCreateOperations')
    expect(f.storedIds()).toHaveLength(N)
    expect((await f.feed()).counts.pushed).toBe(N)
  })

  it('after the idempotency window, finds a landed push whose changes name the source account (as the simulator does)', async () => {
    await f.setUp()
    f.h.codat.recordRef = 'account'
    f.h.codat.failAfterPush = 1
    await f.h.app.services.worker.runOnce()
    f.h.clock.advance(2 * 60 * 60_000)
    const before = f.creates()
    await f.h.app.services.worker.runOnce()
    expect(f.creates()).toBe(before)
    expect(f.storedIds().sort()).toEqual(txnIds)
    expect((await f.feed()).counts.pushed).toBe(N)
  })

  it('after the idempotency window, waits while an operation that may be the batch is still Pending, then takes it', async () => {
    await f.setUp()
    f.h.codat.recordRef = 'account'
    f.h.codat.failAfterPush = 1
    f.h.codat.holdPending = true
    await f.h.app.services.worker.runOnce() // landed at Codat, the answer lost
    f.h.clock.advance(2 * 60 * 60_000)
    const before = f.creates()
    await f.h.app.services.worker.runOnce()
    await f.h.app.services.worker.runOnce()
    // Codat has not said which account it wrote to: no verdict, no second push.
    expect(f.creates()).toBe(before)
    expect((await f.feed()).counts.inFlight).toBe(N)
    f.h.codat.holdPending = false
    await f.h.app.services.worker.runOnce()
    expect(f.creates()).toBe(before)
    expect(f.storedIds().sort()).toEqual(txnIds)
    expect((await f.feed()).counts.pushed).toBe(N)
  })

  it('after the idempotency window, does not take an operation requested before the intent for this batch', async () => {
    await f.setUp()
    f.h.codat.recordRef = 'account'
    f.h.codat.failBeforePush = 1
    await f.h.app.services.worker.runOnce() // intent recorded at 09:00, nothing landed
    // An older operation of this account that this stream does not know (e.g. from before a restore).
    f.h.codat.now = () => Date.parse('2026-11-25T07:00:00Z')
    await f.h.codat.transactions.create({
      companyId: f.companyId,
      connectionId: f.connectionId,
      accountId: 'acc-1',
      createBankTransactions: { accountId: 'acc-1', transactions: [] },
    })
    f.h.codat.now = () => f.h.clock.ms
    f.h.clock.advance(2 * 60 * 60_000)
    await f.h.app.services.worker.runOnce()
    const ops = await f.h.app.inject({ url: `/v1/companies/${f.companyId}/operations`, headers: auth() })
    expect(
      ops
        .json()
        .results.map((r: { status: string }) => r.status)
        .sort(),
    ).toEqual(['failed', 'succeeded'])
    expect(f.storedIds().sort()).toEqual(txnIds)
  })

  it('after the idempotency window, records a push that never landed as failed and re-plans its lines', async () => {
    await f.setUp()
    f.h.codat.failBeforePush = 1
    await f.h.app.services.worker.runOnce()
    f.h.clock.advance(2 * 60 * 60_000)
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds()).toHaveLength(N)
    const ops = await f.h.app.inject({ url: `/v1/companies/${f.companyId}/operations`, headers: auth() })
    expect(
      ops
        .json()
        .results.map((r: { status: string }) => r.status)
        .sort(),
    ).toEqual(['failed', 'succeeded'])
  })
})
