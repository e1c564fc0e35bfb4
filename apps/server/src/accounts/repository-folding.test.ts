import { type Command, decide, type FeedEvent, fold, initialState, toSnapshot } from '@feedsync/core'
import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.js'
import { Metrics } from '../metrics.js'
import { decideCommand, handleCommand } from './command-runner.js'
import { FeedService } from './feed-service.js'
import { AccountRepository } from './repository.js'

let store: EventStore
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})

const at = '2026-11-25T10:00:00.000Z'
const metrics = () => new Metrics({ defaultMetrics: false })

/** Registers, links, records `ids` (cleared, on 2026-11-24) and pushes them in one batch through `repo`. */
async function pushed(repo: AccountRepository, stream: string, ids: readonly string[]): Promise<FeedEvent[]> {
  const log: FeedEvent[] = []
  const step = (command: Command) =>
    repo.withAccount(stream, async (loaded) => {
      const d = decide(command, loaded.state)
      if (!d.ok) throw new Error(d.error.message)
      await repo.append(loaded, d.events)
      log.push(...d.events)
    })
  await step({ type: 'RegisterAccount', accountId: 'a1', currency: 'USD', openingBalance: '5.00', at })
  await step({ type: 'LinkFeed', feedStartDate: '2026-11-20', at })
  for (const id of ids) {
    await step({
      type: 'RecordTransaction',
      transaction: { id, date: '2026-11-24', description: `d ${id}`, amount: '1.25', status: 'cleared' },
      at,
    })
  }
  await step({ type: 'PlanBatch', batchId: 'b1', now: at })
  await step({ type: 'SubmitBatch', batchId: 'b1', pushOperationKey: 'op-1', at })
  await step({ type: 'RecordBatchSucceeded', batchId: 'b1', at })
  return log
}

const keysOf = async (stream: string) =>
  (await store.pageRows(stream, { order: 'key', offset: 0, limit: 100 })).map((r) => r.key)

describe('a folding account repository', () => {
  it('folds pushed lines out of the state and writes them to the projection with the event', async () => {
    const repo = new AccountRepository(store, 1000, metrics())
    const stream = 'account:fold1:a1'
    const log = await pushed(repo, stream, ['t1', 't2', 't3'])
    const state = await repo.withAccount(stream, async (loaded) => loaded.state)
    expect(state.foldSettled).toBe(true)
    expect(state.txns.size).toBe(0)
    expect(state.pushedCount).toBe(3)
    expect(await keysOf(stream)).toEqual(['t1', 't2', 't3'])
    // The state equals the log folded from scratch, folding.
    expect(toSnapshot(state)).toEqual(
      toSnapshot(fold(log, initialState({ foldSettled: true, foldBatches: true }))),
    )
  })

  it('a non-folding repository keeps every line and writes no row', async () => {
    const repo = new AccountRepository(store, 1000, metrics(), undefined, undefined, { foldSettled: false })
    const stream = 'account:fold2:a1'
    await pushed(repo, stream, ['t1', 't2'])
    const state = await repo.withAccount(stream, async (loaded) => loaded.state)
    expect(state.txns.size).toBe(2)
    expect(await keysOf(stream)).toEqual([])
  })

  it('backfills the projection from the log when no folding snapshot exists, and snapshots at once', async () => {
    // History written without folding (and a schema-1 snapshot of it): a stream from before the projection.
    const old = new AccountRepository(store, 1, metrics(), undefined, undefined, { foldSettled: false })
    const stream = 'account:fold3:a1'
    const log = await pushed(old, stream, ['x1', 'x2'])
    await old.flush()
    expect(((await store.loadSnapshot(stream))?.state as { schema: number } | undefined)?.schema).toBe(1)
    expect(await keysOf(stream)).toEqual([])
    const repo = new AccountRepository(store, 1000, metrics())
    const loaded = await repo.load(stream)
    expect(loaded.state.txns.size).toBe(0)
    expect(await keysOf(stream)).toEqual(['x1', 'x2'])
    expect(toSnapshot(loaded.state)).toEqual(
      toSnapshot(fold(log, initialState({ foldSettled: true, foldBatches: true }))),
    )
    await repo.flush()
    const snap = await store.loadSnapshot(stream)
    expect(snap?.version).toBe(loaded.state.version)
    expect((snap?.state as { schema: number } | undefined)?.schema).toBe(2)
    // A second cold load starts from that snapshot and reads no tail: same state.
    expect(toSnapshot((await repo.load(stream)).state)).toEqual(toSnapshot(loaded.state))
  })

  it('decides on a settled line as on a held one: refusals, replays and no conflict loop', async () => {
    const repo = new AccountRepository(store, 1000, metrics())
    const stream = 'account:fold4:a1'
    await pushed(repo, stream, ['p1', 'p2'])
    const voided = handleCommand(
      repo,
      stream,
      decideCommand({ type: 'VoidTransaction', transactionId: 'p1', at }),
    )
    await expect(voided).rejects.toMatchObject({ code: 'transaction_already_pushed' })
    const dismissed = handleCommand(
      repo,
      stream,
      decideCommand({ type: 'DismissTransaction', transactionId: 'p2', note: 'n', by: 'op', at }),
    )
    await expect(dismissed).rejects.toMatchObject({ code: 'transaction_already_pushed' })
    const feed = new FeedService(repo, new ManualClock(at))
    const same = {
      id: 'p1',
      date: '2026-11-24',
      description: 'd p1',
      amount: '1.25',
      status: 'cleared' as const,
    }
    const results = await feed.ingest('fold4', 'a1', [same, { ...same, id: 'p3' }], true)
    expect(results.map((r) => [r.id, r.result])).toEqual([
      ['p1', 'duplicate'],
      ['p3', 'recorded'],
    ])
    const changed = await feed.ingest('fold4', 'a1', [{ ...same, amount: '9.99' }], true)
    expect(changed[0]).toMatchObject({ id: 'p1', result: 'rejected', code: 'duplicate_conflict' })
  })
})
