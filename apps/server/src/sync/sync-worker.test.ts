import type { CreateBankTransactionsRequest } from '@feedsync/codat-client'
import { describe, expect, it } from 'vitest'
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
  it('answers 409 sync_in_progress while this process is already syncing the account', async () => {
    await f.setUp()
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
    const loop = f.h.app.services.worker.runOnce()
    await entered // the loop is inside transactions.create for this account
    const res = await f.h.app.inject({
      method: 'POST',
      url: `/v1/companies/${f.companyId}/accounts/acc-1/sync`,
      headers: auth(),
    })
    release()
    await loop
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('sync_in_progress')
    expect(f.storedIds()).toHaveLength(N)
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
