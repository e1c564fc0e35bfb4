import type { CreateBankTransactionsRequest } from '@feedsync/codat-client'
import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { accountStream } from '../streams.js'
import { auth, type Harness, harness, onboard, onboardBody } from '../testing/harness.js'

let store: EventStore
let h: Harness
let companyId: string
let connectionId: string

beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})
afterEach(async () => {
  await h.close()
})

const N = 5
const txns = Array.from({ length: N }, (_, i) => ({
  id: `t${i + 1}`,
  date: '2026-11-24',
  description: `Payment ${i + 1}`,
  amount: i % 2 === 0 ? '-12.34' : '100.01',
  status: 'cleared',
}))

async function setUp(linked = true): Promise<void> {
  h = await harness({ store })
  ;({ companyId, connectionId } = await onboard(h))
  const res = await h.app.inject({
    method: 'POST',
    url: `/v1/companies/${companyId}/accounts/acc-1/transactions`,
    headers: auth(),
    payload: { transactions: txns },
  })
  expect(res.statusCode).toBe(200)
  if (linked) h.codat.link(connectionId, ['acc-1'], '2026-11-20')
}

async function feed(): Promise<{
  counts: Record<string, number>
  link: string
  quarantineReasons: Record<string, number>
}> {
  const res = await h.app.inject({ url: `/v1/companies/${companyId}/accounts/acc-1/feed`, headers: auth() })
  return res.json()
}

const storedIds = () => h.codat.storedLines('acc-1').map((l) => l.line.id)
const creates = () => h.codat.calls.filter((c) => c === 'transactions.create').length

describe('the sync worker', () => {
  it('given a linked account with cleared transactions of yesterday, pushes each exactly once with exact amounts', async () => {
    await setUp()
    await h.app.services.worker.runOnce()
    expect(storedIds().sort()).toEqual(txns.map((t) => t.id).sort())
    expect(h.codat.storedLines('acc-1').map((l) => [l.line.amount, l.line.balance])).toEqual([
      ['-12.34', '987.66'],
      ['100.01', '1087.67'],
      ['-12.34', '1075.33'],
      ['100.01', '1175.34'],
      ['-12.34', '1163.00'],
    ])
    expect((await feed()).counts.pushed).toBe(N)
    await h.app.services.worker.runOnce()
    expect(storedIds()).toHaveLength(N)
  })

  it('holds everything while the account is not linked, and learns the link from Codat', async () => {
    await setUp(false)
    await h.app.services.worker.runOnce()
    expect(storedIds()).toHaveLength(0)
    expect((await feed()).link).toBe('not_linked')
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    await h.app.services.worker.runOnce()
    expect((await feed()).link).toBe('linked')
    expect(storedIds()).toHaveLength(N)
  })

  it('appends the intent (BatchPlanned with the batch id) before calling Codat, and uses it as Idempotency-Key', async () => {
    await setUp()
    const original = h.codat.transactions.create
    const seen: string[] = []
    Object.assign(h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        const events = await store.readStream(accountStream(companyId, 'acc-1'))
        const last = events.at(-1)
        expect(last?.type).toBe('BatchPlanned')
        expect(last?.data).toMatchObject({ batchId: r.idempotencyKey })
        seen.push(r.idempotencyKey ?? '')
        return original(r)
      },
    })
    await h.app.services.worker.runOnce()
    expect(seen).toHaveLength(1)
    expect(storedIds()).toHaveLength(N)
  })

  it('after the answer to a push is lost, re-sends with the same Idempotency-Key and Codat replays it: exactly once', async () => {
    await setUp()
    h.codat.failAfterPush = 1
    await h.app.services.worker.runOnce()
    expect(storedIds()).toHaveLength(0) // landed as Pending; not yet complete
    expect((await feed()).counts.inFlight).toBe(N)
    await h.app.services.worker.runOnce()
    expect(storedIds().sort()).toEqual(txns.map((t) => t.id).sort())
    expect(h.codat.ops.size).toBe(1)
    expect((await feed()).counts.pushed).toBe(N)
  })

  it('after a push that never landed, the re-send lands it once', async () => {
    await setUp()
    h.codat.failBeforePush = 1
    await h.app.services.worker.runOnce()
    expect(h.codat.ops.size).toBe(0)
    await h.app.services.worker.runOnce()
    expect(storedIds()).toHaveLength(N)
    expect(h.codat.ops.size).toBe(1)
  })

  it('after the idempotency window, finds a landed push among the create operations instead of pushing again', async () => {
    await setUp()
    h.codat.failAfterPush = 1
    await h.app.services.worker.runOnce()
    h.clock.advance(2 * 60 * 60_000)
    const before = creates()
    await h.app.services.worker.runOnce()
    expect(creates()).toBe(before)
    expect(h.codat.calls).toContain('transactions.listCreateOperations')
    expect(storedIds()).toHaveLength(N)
    expect((await feed()).counts.pushed).toBe(N)
  })

  it('after the idempotency window, finds a landed push whose changes name the source account (as the simulator does)', async () => {
    await setUp()
    h.codat.recordRef = 'account'
    h.codat.failAfterPush = 1
    await h.app.services.worker.runOnce()
    h.clock.advance(2 * 60 * 60_000)
    const before = creates()
    await h.app.services.worker.runOnce()
    expect(creates()).toBe(before)
    expect(storedIds().sort()).toEqual(txns.map((t) => t.id).sort())
    expect((await feed()).counts.pushed).toBe(N)
  })

  it('after the idempotency window, waits while an operation that may be the batch is still Pending, then takes it', async () => {
    await setUp()
    h.codat.recordRef = 'account'
    h.codat.failAfterPush = 1
    h.codat.holdPending = true
    await h.app.services.worker.runOnce() // landed at Codat, the answer lost
    h.clock.advance(2 * 60 * 60_000)
    const before = creates()
    await h.app.services.worker.runOnce()
    await h.app.services.worker.runOnce()
    // Codat has not said which account it wrote to: no verdict, no second push.
    expect(creates()).toBe(before)
    expect((await feed()).counts.inFlight).toBe(N)
    h.codat.holdPending = false
    await h.app.services.worker.runOnce()
    expect(creates()).toBe(before)
    expect(storedIds().sort()).toEqual(txns.map((t) => t.id).sort())
    expect((await feed()).counts.pushed).toBe(N)
  })

  it('after the idempotency window, does not take an operation requested before the intent for this batch', async () => {
    await setUp()
    h.codat.recordRef = 'account'
    h.codat.failBeforePush = 1
    await h.app.services.worker.runOnce() // intent recorded at 09:00, nothing landed
    // An older operation of this account that this stream does not know (e.g. from before a restore).
    h.codat.now = () => Date.parse('2026-11-25T07:00:00Z')
    await h.codat.transactions.create({
      companyId,
      connectionId,
      accountId: 'acc-1',
      createBankTransactions: { accountId: 'acc-1', transactions: [] },
    })
    h.codat.now = () => h.clock.ms
    h.clock.advance(2 * 60 * 60_000)
    await h.app.services.worker.runOnce()
    const ops = await h.app.inject({ url: `/v1/companies/${companyId}/operations`, headers: auth() })
    expect(
      ops
        .json()
        .results.map((r: { status: string }) => r.status)
        .sort(),
    ).toEqual(['failed', 'succeeded'])
    expect(storedIds().sort()).toEqual(txns.map((t) => t.id).sort())
  })

  it('after the idempotency window, records a push that never landed as failed and re-plans its lines', async () => {
    await setUp()
    h.codat.failBeforePush = 1
    await h.app.services.worker.runOnce()
    h.clock.advance(2 * 60 * 60_000)
    await h.app.services.worker.runOnce()
    expect(storedIds()).toHaveLength(N)
    const ops = await h.app.inject({ url: `/v1/companies/${companyId}/operations`, headers: auth() })
    expect(
      ops
        .json()
        .results.map((r: { status: string }) => r.status)
        .sort(),
    ).toEqual(['failed', 'succeeded'])
  })

  it('quarantines the lines Codat refuses and pushes the others', async () => {
    await setUp()
    let first = true
    h.codat.pushOutcome = () => {
      if (!first) return { status: 'Success' }
      first = false
      return { status: 'Failed', errors: [{ itemId: 't3', message: 'Description not allowed' }] }
    }
    await h.app.services.worker.runOnce()
    expect(storedIds().sort()).toEqual(['t1', 't2', 't4', 't5'])
    const f = await feed()
    expect(f.counts.quarantined).toBe(1)
    expect(f.quarantineReasons).toEqual({ rejected_by_destination: 1 })
  })

  it('when a push fails because the feed was switched off, holds the lines instead of quarantining them', async () => {
    await setUp()
    const original = h.codat.transactions.create
    Object.assign(h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        h.codat.disconnect(connectionId, 'acc-1')
        return original(r)
      },
    })
    await h.app.services.worker.runOnce()
    const f = await feed()
    expect(f.link).toBe('disconnected')
    expect(f.counts.quarantined).toBe(0)
    expect(f.counts.held).toBe(N)
    expect(storedIds()).toHaveLength(0)
  })

  it('two workers sharing one database push each line once', async () => {
    await setUp()
    const other = await harness({ store, codat: h.codat })
    try {
      await Promise.all([h.app.services.worker.runOnce(), other.app.services.worker.runOnce()])
      await Promise.all([h.app.services.worker.runOnce(), other.app.services.worker.runOnce()])
      expect(storedIds().sort()).toEqual(txns.map((t) => t.id).sort())
    } finally {
      await other.close()
    }
  })
})

describe('sync now', () => {
  it('answers 409 sync_in_progress while this process is already syncing the account', async () => {
    await setUp()
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    let signalEntered: () => void = () => {}
    const entered = new Promise<void>((r) => {
      signalEntered = r
    })
    const original = h.codat.transactions.create
    Object.assign(h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        signalEntered()
        await gate
        return original(r)
      },
    })
    const loop = h.app.services.worker.runOnce()
    await entered // the loop is inside transactions.create for this account
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/companies/${companyId}/accounts/acc-1/sync`,
      headers: auth(),
    })
    release()
    await loop
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('sync_in_progress')
    expect(storedIds()).toHaveLength(N)
  })
})

describe('a failure that names no line', () => {
  it('is retried next cycle, not in a tight loop', async () => {
    await setUp()
    let failures = 1
    h.codat.pushOutcome = () => (failures-- > 0 ? { status: 'Failed', errors: [] } : { status: 'Success' })
    await h.app.services.worker.runOnce()
    expect(creates()).toBe(1)
    expect(storedIds()).toHaveLength(0)
    await h.app.services.worker.runOnce()
    expect(creates()).toBe(2)
    expect(storedIds()).toHaveLength(N)
  })
})

describe("reading Codat's source-account list (quota)", () => {
  /** Counts this company's reads of the list (other tests' companies share the database). */
  function countReads(): () => number {
    let reads = 0
    const original = h.codat.sourceAccounts.list
    Object.assign(h.codat.sourceAccounts, {
      list: async (r: Parameters<typeof original>[0]) => {
        if (r.connectionId === connectionId) reads++
        return original(r)
      },
    })
    return () => reads
  }

  it('reads it every cycle while an account is not linked, then at most every FEEDSYNC_LINK_REFRESH_MS', async () => {
    await setUp(false)
    const lists = countReads()
    await h.app.services.worker.runOnce()
    await h.app.services.worker.runOnce()
    expect(lists()).toBe(2) // one read per cycle while not linked
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    await h.app.services.worker.runOnce()
    expect(storedIds()).toHaveLength(N)
    const afterLink = lists()
    await h.app.services.worker.runOnce()
    await h.app.services.worker.runOnce()
    expect(lists()).toBe(afterLink)
  })

  it('"sync now" reads it for an account not known to be linked, not again for a linked one', async () => {
    await setUp(false)
    const reads = countReads()
    const syncNow = () =>
      h.app.inject({
        method: 'POST',
        url: `/v1/companies/${companyId}/accounts/acc-1/sync`,
        headers: auth(),
      })
    expect((await syncNow()).statusCode).toBe(200)
    expect(reads()).toBe(1)
    expect(storedIds()).toHaveLength(0) // not linked yet: nothing pushed
    h.codat.link(connectionId, ['acc-1'], '2026-11-20')
    expect((await syncNow()).statusCode).toBe(200)
    expect(reads()).toBe(2) // still not known to be linked: read again, and the link is learnt
    expect(storedIds()).toHaveLength(N)
    expect((await syncNow()).statusCode).toBe(200)
    expect(reads()).toBe(2) // linked, read moments ago: pushed without reading
  })
})

describe('several accounts', () => {
  it('are synced concurrently, each line pushed once to its own account', async () => {
    h = await harness({ store })
    const body = {
      ...onboardBody,
      accounts: [
        { ...onboardBody.accounts[0], id: 'acc-1' },
        { ...onboardBody.accounts[0], id: 'acc-2' },
      ],
    }
    const res = await h.app.inject({ method: 'POST', url: '/v1/companies', headers: auth(), payload: body })
    ;({ companyId, connectionId } = res.json())
    for (const acc of ['acc-1', 'acc-2']) {
      await h.app.inject({
        method: 'POST',
        url: `/v1/companies/${companyId}/accounts/${acc}/transactions`,
        headers: auth(),
        payload: { transactions: txns },
      })
    }
    h.codat.link(connectionId, ['acc-1', 'acc-2'], '2026-11-20')
    // Hold every push until both accounts are inside transactions.create at once.
    let entered = 0
    let release: () => void = () => {}
    const both = new Promise<void>((r) => {
      release = r
    })
    const original = h.codat.transactions.create
    Object.assign(h.codat.transactions, {
      create: async (r: CreateBankTransactionsRequest) => {
        if (r.connectionId !== connectionId) return original(r) // other tests' companies
        if (++entered === 2) release()
        await both
        return original(r)
      },
    })
    await h.app.services.worker.runOnce()
    expect(entered).toBe(2)
    expect(h.codat.storedLines('acc-1')).toHaveLength(N)
    expect(h.codat.storedLines('acc-2')).toHaveLength(N)
  })
})
