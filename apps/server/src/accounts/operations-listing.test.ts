import {
  addDays,
  type BatchStatus,
  type Command,
  decide,
  ENDED_BATCH_KEEP_MS,
  type FeedEvent,
  OLD_BATCHES_KEPT,
  type Snapshot,
} from '@feedsync/core'
import { createEventStore, type EventStore, WrongExpectedVersionError } from '@feedsync/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.js'
import type { Company } from '../companies/repository.js'
import { Metrics } from '../metrics.js'
import { type CodatReads, FeedViews } from './feed-views.js'
import { operationsStream } from './operation-rows.js'
import { AccountRepository, type RepositoryOptions } from './repository.js'

let store: EventStore
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})

const metrics = () => new Metrics({ defaultMetrics: false })
const repository = (snapshotEvery: number, options?: RepositoryOptions) =>
  new AccountRepository(store, snapshotEvery, metrics(), undefined, undefined, options)

/** The operations list reads no Codat: any call is a test failure. */
const noCodat: CodatReads = {
  connections: {
    get: async () => {
      throw new Error('the operations list read a connection')
    },
  },
  sourceAccounts: {
    list: async () => {
      throw new Error('the operations list read source accounts')
    },
  },
}

const company = (companyId: string): Company => ({
  companyId,
  tenant: 't',
  name: 'Bakery',
  description: null,
  platform: 'qbo',
  codatCompanyId: companyId,
  connectionId: 'conn',
  linkUrl: 'https://link.example',
  accounts: [{ accountId: 'a1', accountName: 'Checking', currency: 'USD', timeZone: 'UTC' }],
  onboardedAt: '2026-10-01T00:00:00.000Z',
  credentialsIssued: 0,
})

const operationsOf = (repo: AccountRepository, companyId: string) =>
  new FeedViews(repo, noCodat, new ManualClock('2026-12-01T00:00:00.000Z'), {}).operations(company(companyId))

/** What the test expects of each batch it pushed. */
interface Pushed {
  readonly batchId: string
  readonly status: BatchStatus
  readonly lines: number
  readonly plannedAt: string
  readonly completedAt: string
}

/** An account driven through `repo` by commands (decide → append), as the command runner does. */
class Account {
  private n = 0
  readonly pushed: Pushed[] = []

  constructor(
    private readonly repo: AccountRepository,
    readonly stream: string,
    private readonly prefix = '',
  ) {}

  async run(command: Command): Promise<FeedEvent[]> {
    return this.repo.withAccount(this.stream, async (loaded) => {
      const d = decide(command, loaded.state)
      if (!d.ok) throw new Error(`${command.type}: ${d.error.message}`)
      await this.repo.append(loaded, d.events)
      return d.events
    })
  }

  async open(at: string): Promise<void> {
    await this.run({ type: 'RegisterAccount', accountId: 'a1', currency: 'USD', openingBalance: '0.00', at })
    await this.run({ type: 'LinkFeed', feedStartDate: '2026-10-01', at })
  }

  /** Records two cleared lines dated the day before `at`'s, plans a batch at `at` and ends it as `status` a minute later. */
  async push(at: string, status: 'succeeded' | 'failed' | 'timed_out'): Promise<void> {
    const day = addDays(at.slice(0, 10), -1)
    for (let i = 0; i < 2; i++) {
      const id = `${this.prefix}t${this.n++}`
      await this.run({
        type: 'RecordTransaction',
        transaction: { id, date: day, description: `line ${id}`, amount: '1.25', status: 'cleared' },
        at,
      })
    }
    const batchId = `${this.prefix}b${String(this.pushed.length).padStart(3, '0')}`
    const planned = await this.run({ type: 'PlanBatch', batchId, now: at })
    const event = planned.find((e) => e.type === 'BatchPlanned')
    if (event?.type !== 'BatchPlanned') throw new Error('no batch planned')
    await this.run({ type: 'SubmitBatch', batchId, pushOperationKey: `op-${batchId}`, at })
    const completedAt = new Date(Date.parse(at) + 60_000).toISOString()
    if (status === 'succeeded') await this.run({ type: 'RecordBatchSucceeded', batchId, at: completedAt })
    else if (status === 'timed_out') await this.run({ type: 'RecordBatchTimedOut', batchId, at: completedAt })
    else {
      const transactionId = event.data.lines[0]?.transactionId ?? ''
      await this.run({
        type: 'RecordBatchFailed',
        batchId,
        at: completedAt,
        message: 'the ledger refused it',
        rejections: [{ transactionId, code: 'busy', message: 'try again', final: false }],
      })
    }
    this.pushed.push({ batchId, status, lines: event.data.lines.length, plannedAt: at, completedAt })
  }
}

const STATUSES = ['succeeded', 'failed', 'timed_out'] as const

/** Three batches a day (one of each outcome) on `days` days from 2026-11-02. */
async function pushDays(account: Account, days: number): Promise<void> {
  await account.open('2026-11-01T08:00:00.000Z')
  for (let d = 0; d < days; d++) {
    const day = addDays('2026-11-02', d)
    for (const [k, hour] of ['09', '12', '15'].entries()) {
      await account.push(`${day}T${hour}:00:00.000Z`, STATUSES[(d + k) % 3] ?? 'succeeded')
    }
  }
}

/** The listing's view of every batch, by batch id. */
const listed = (ops: Awaited<ReturnType<typeof operationsOf>>) =>
  ops
    .map((o) => ({ batchId: o.batchId, status: o.status, lines: o.lines }))
    .sort((x, y) => (x.batchId < y.batchId ? -1 : 1))

const expected = (pushed: readonly Pushed[]) =>
  pushed.map((p) => ({ batchId: p.batchId, status: p.status, lines: p.lines }))

const opsRowCount = async (stream: string) =>
  (await store.pageRows(operationsStream(stream), { order: 'key', offset: 0, limit: 10_000 })).length

describe('the operations list of a batch-folding account', () => {
  it('lists every batch once over days of pushes while the state and its snapshot keep few, also after a cold load', async () => {
    const repo = repository(5)
    const account = new Account(repo, 'account:ops1:a1')
    await pushDays(account, 10)
    const { pushed } = account
    expect(pushed).toHaveLength(30)

    const ops = await operationsOf(repo, 'ops1')
    // Every batch, once, with its status and line count; latest planned first.
    expect(ops).toHaveLength(pushed.length)
    expect(listed(ops)).toEqual(expected(pushed))
    expect(ops.map((o) => o.plannedAt)).toEqual(pushed.map((p) => p.plannedAt).reverse())
    const failed = ops.find((o) => o.status === 'failed' && o.batchId === 'b001')
    expect(failed).toMatchObject({
      pushOperationKey: 'op-b001',
      message: 'the ledger refused it',
      completedAt: pushed[1]?.completedAt,
      rejections: [{ code: 'busy', final: false }],
    })

    // The state dropped the old ones (their rows are the projection): bounded by the batches ended
    // within 2 days of the last plan, the newest OLD_BATCHES_KEPT older ones and the last batch.
    const state = await repo.withAccount(account.stream, async (loaded) => loaded.state)
    expect(state.foldBatches).toBe(true)
    const lastPlan = Date.parse(pushed.at(-1)?.plannedAt ?? '')
    const recent = pushed.filter((p) => Date.parse(p.completedAt) > lastPlan - ENDED_BATCH_KEEP_MS).length
    const bound = recent + OLD_BATCHES_KEPT + 1
    expect(bound).toBeLessThan(pushed.length)
    expect(state.batches.size).toBeLessThanOrEqual(bound)
    const dropped = await opsRowCount(account.stream)
    expect(dropped).toBeGreaterThan(0)
    expect(dropped + state.batches.size).toBe(pushed.length)

    // The snapshot too, and a cold load from it lists the same operations.
    await repo.flush()
    const snap = await store.loadSnapshot(account.stream)
    const snapshot = snap?.state as Snapshot | undefined
    expect(snapshot?.foldBatches).toBe(true)
    expect(snapshot?.batches.length).toBeLessThanOrEqual(bound)
    const cold = repository(5)
    const loaded = await cold.load(account.stream)
    // From the snapshot (a short tail), not from the log's start.
    expect(snap?.version ?? 0).toBeGreaterThan(loaded.state.version - 10)
    expect(await operationsOf(cold, 'ops1')).toEqual(ops)
  })

  it('a refused append writes no row of the batches it would have dropped', async () => {
    const repo = repository(1000)
    const account = new Account(repo, 'account:ops2:a1')
    await account.open('2026-11-01T08:00:00.000Z')
    for (let i = 0; i < OLD_BATCHES_KEPT + 2; i++)
      await account.push(`2026-11-02T${String(8 + i).padStart(2, '0')}:00:00.000Z`, 'succeeded')
    await account.run({
      type: 'RecordTransaction',
      transaction: { id: 'late', date: '2026-11-04', description: 'late', amount: '2.00', status: 'cleared' },
      at: '2026-11-05T09:00:00.000Z',
    })
    // A stale copy plans (the plan would drop the 2 oldest batches) after another writer moved the stream.
    const stale = await repository(1000).load(account.stream)
    await account.run({
      type: 'RecordTransaction',
      transaction: { id: 'other', date: '2026-11-04', description: 'o', amount: '3.00', status: 'cleared' },
      at: '2026-11-05T09:00:00.000Z',
    })
    const d = decide({ type: 'PlanBatch', batchId: 'stale', now: '2026-11-05T10:00:00.000Z' }, stale.state)
    if (!d.ok) throw new Error(d.error.message)
    const before = stale.state.batches.size
    await expect(repository(1000).append(stale, d.events)).rejects.toBeInstanceOf(WrongExpectedVersionError)
    expect(stale.state.batches.size).toBe(before)
    expect(await opsRowCount(account.stream)).toBe(0)
    // The same plan from the current state drops them, and writes their rows with the event.
    await account.run({ type: 'PlanBatch', batchId: 'fresh', now: '2026-11-05T10:00:00.000Z' })
    expect(await opsRowCount(account.stream)).toBe(2)
    const ops = await operationsOf(repo, 'ops2')
    expect(ops.map((o) => o.batchId).sort()).toEqual(
      [...account.pushed.map((p) => p.batchId), 'fresh'].sort(),
    )
  })

  it('writes the rows of what it drops catching up with a writer that did not drop (a rolling deploy)', async () => {
    const repo = repository(1000)
    const account = new Account(repo, 'account:ops4:a1')
    await account.open('2026-11-01T08:00:00.000Z')
    for (let i = 0; i < OLD_BATCHES_KEPT + 2; i++)
      await account.push(`2026-11-02T${String(8 + i).padStart(2, '0')}:00:00.000Z`, 'succeeded')
    // A process that keeps every batch plans on day 4: it writes no ops row.
    const before = new Account(repository(1000, { foldBatches: false }), account.stream, 'old-')
    await before.push('2026-11-05T09:00:00.000Z', 'succeeded')
    expect(await opsRowCount(account.stream)).toBe(0)
    // This process's cached state catches up, drops the 2 oldest, and writes their rows.
    const state = await repo.withAccount(account.stream, async (loaded) => loaded.state)
    expect(state.batches.size).toBe(OLD_BATCHES_KEPT + 1)
    expect(await opsRowCount(account.stream)).toBe(2)
    expect((await operationsOf(repo, 'ops4')).map((o) => o.batchId).sort()).toEqual(
      [...account.pushed, ...before.pushed].map((p) => p.batchId).sort(),
    )
  })

  it('backfills the rows from the log when the snapshot kept every batch (a stream from before batch folding)', async () => {
    const old = repository(1, { foldBatches: false })
    const account = new Account(old, 'account:ops3:a1')
    await pushDays(account, 6)
    await old.flush()
    const before = (await store.loadSnapshot(account.stream))?.state as Snapshot | undefined
    expect(before?.schema).toBe(2)
    expect(before?.foldBatches).toBeUndefined()
    expect(before?.batches).toHaveLength(account.pushed.length)
    expect(await opsRowCount(account.stream)).toBe(0)

    const repo = repository(1000)
    const loaded = await repo.load(account.stream)
    expect(loaded.state.foldBatches).toBe(true)
    expect(loaded.state.batches.size).toBeLessThan(account.pushed.length)
    expect(await opsRowCount(account.stream)).toBe(account.pushed.length - loaded.state.batches.size)
    expect(listed(await operationsOf(repo, 'ops3'))).toEqual(expected(account.pushed))
    await repo.flush()
    expect(((await store.loadSnapshot(account.stream))?.state as Snapshot | undefined)?.foldBatches).toBe(
      true,
    )
  })
})
