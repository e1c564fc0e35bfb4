import type { CreateBankTransactionsRequest } from '@feedsync/codat-client'
import { describe, expect, it } from 'vitest'
import { accountStream } from '../streams.js'
import { auth, harness, onboardBody } from '../testing/harness.js'
import { N, txnIds, txns, useSyncFixture } from './test-fixture.js'

const f = useSyncFixture()

describe('the sync worker', () => {
  it('two workers sharing one database push each line once', async () => {
    await f.setUp()
    const other = await harness({ store: f.store, codat: f.h.codat })
    try {
      await Promise.all([f.h.app.services.worker.runOnce(), other.app.services.worker.runOnce()])
      await Promise.all([f.h.app.services.worker.runOnce(), other.app.services.worker.runOnce()])
      expect(f.storedIds().sort()).toEqual(txnIds)
    } finally {
      await other.close()
    }
  })
})

describe('sync now', () => {
  /** Holds `transactions.create` of the loop until `release`; `entered` once the loop is inside it. */
  function gatePushes() {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    let signalEntered: () => void = () => {}
    const entered = new Promise<void>((r) => {
      signalEntered = r
    })
    const original = f.h.codat.transactions.create
    Object.assign(f.h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        signalEntered()
        await gate
        return original(r)
      },
    })
    return { entered, release }
  }

  /**
   * Another process that will hold acc-1's lease (`take`, after `setUp`); `onRefused` runs when this
   * process is first refused it. Installed before `setUp`: the app wraps the store's methods once.
   */
  function leaseHeldElsewhere(onRefused: () => Promise<void> = async () => {}) {
    const original = f.store.tryAcquireLease
    let stream: string | undefined
    let refusals = 0
    f.store.tryAcquireLease = async (key, owner, ttlMs) => {
      const got = await original.call(f.store, key, owner, ttlMs)
      if (key === stream && !got && refusals++ === 0) await onRefused()
      return got
    }
    return {
      take: async () => {
        stream = accountStream(f.companyId, 'acc-1')
        expect(await original.call(f.store, stream, 'another-process', 60_000)).toBe(true)
      },
      refusals: () => refusals,
      release: () => f.store.releaseLease(stream ?? '', 'another-process'),
      restore: () => {
        f.store.tryAcquireLease = original
      },
    }
  }

  it("given this process's loop inside a push of the account, when sync now is asked, then it waits for the loop and syncs: done, each line pushed once", async () => {
    await f.setUp()
    const { entered, release } = gatePushes()
    const loop = f.h.app.services.worker.runOnce()
    await entered // the loop is inside transactions.create for this account
    const company = await f.h.app.services.companies.get(f.companyId)
    if (company === undefined) throw new Error('no company')
    // An async function runs to its first await at once: this call has already found the account busy.
    const syncNow = f.h.app.services.worker.syncAccount(company, 'acc-1')
    release()
    const [r] = await Promise.all([syncNow, loop])
    expect(r.status).toBe('done')
    expect(r.feed?.counts.pushed).toBe(N)
    expect(f.storedIds().sort()).toEqual(txnIds)
    expect(f.creates()).toBe(1)
  })

  it("given another process holding the account's lease, when it lets go during the wait, then sync now answers 200 with the lines pushed", async () => {
    const held = leaseHeldElsewhere(async () => {
      await held.release()
    })
    await f.setUp()
    await held.take()
    try {
      const res = await f.h.app.inject({
        method: 'POST',
        url: `/v1/companies/${f.companyId}/accounts/acc-1/sync`,
        headers: auth(),
      })
      expect(held.refusals()).toBe(1)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ status: 'done', batchesPushed: 1 })
      expect(f.storedIds().sort()).toEqual(txnIds)
    } finally {
      held.restore()
    }
  })

  it("given another process holding the account's lease past FEEDSYNC_SYNC_NOW_WAIT_MS, then sync now answers 409 sync_in_progress after waiting, and pushed nothing", async () => {
    const held = leaseHeldElsewhere()
    await f.setUp(true, { FEEDSYNC_SYNC_NOW_WAIT_MS: '300' })
    await held.take()
    try {
      const started = performance.now()
      const res = await f.h.app.inject({
        method: 'POST',
        url: `/v1/companies/${f.companyId}/accounts/acc-1/sync`,
        headers: auth(),
      })
      expect(performance.now() - started).toBeGreaterThanOrEqual(300)
      expect(held.refusals()).toBeGreaterThan(1) // asked again during the wait
      expect(res.statusCode).toBe(409)
      expect(res.json().code).toBe('sync_in_progress')
      expect(f.storedIds()).toHaveLength(0)
    } finally {
      held.restore()
      await held.release()
    }
  })
})

describe('several accounts', () => {
  it('are synced concurrently, each line pushed once to its own account', async () => {
    f.h = await harness({ store: f.store })
    const body = {
      ...onboardBody,
      accounts: [
        { ...onboardBody.accounts[0], id: 'acc-1' },
        { ...onboardBody.accounts[0], id: 'acc-2' },
      ],
    }
    const res = await f.h.app.inject({ method: 'POST', url: '/v1/companies', headers: auth(), payload: body })
    ;({ companyId: f.companyId, connectionId: f.connectionId } = res.json())
    for (const acc of ['acc-1', 'acc-2']) {
      await f.h.app.inject({
        method: 'POST',
        url: `/v1/companies/${f.companyId}/accounts/${acc}/transactions`,
        headers: auth(),
        payload: { transactions: txns },
      })
    }
    f.h.codat.link(f.connectionId, ['acc-1', 'acc-2'], '2026-11-20')
    // Hold every push until both accounts are inside transactions.create at once.
    let entered = 0
    let release: () => void = () => {}
    const both = new Promise<void>((r) => {
      release = r
    })
    const original = f.h.codat.transactions.create
    Object.assign(f.h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        if (r.connectionId !== f.connectionId) return original(r) // other tests' companies
        if (++entered === 2) release()
        await both
        return original(r)
      },
    })
    await f.h.app.services.worker.runOnce()
    expect(entered).toBe(2)
    expect(f.h.codat.storedLines('acc-1')).toHaveLength(N)
    expect(f.h.codat.storedLines('acc-2')).toHaveLength(N)
  })
})
