import {
  type AccountState,
  type Command,
  decide,
  type FeedEvent,
  fold,
  initialState,
  planBatches,
  type SyncStatus,
} from '@feedsync/core'
import { createEventStore, type EventStore } from '@feedsync/store'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Metrics } from '../metrics.js'
import { type ListQuery, listTransactions } from './feed-views.js'
import { AccountRepository } from './repository.js'
import { evolveFolding, settledRow } from './settled-rows.js'

let store: EventStore
let repo: AccountRepository
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
  repo = new AccountRepository(store, 100, new Metrics({ defaultMetrics: false }))
})
afterAll(async () => {
  await store.close()
})

const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24']
const NOW = '2026-11-25T12:00:00.000Z'

interface Line {
  id: string
  day: number
  time: string | undefined
  cents: number
  pending: boolean
  late: boolean
}

/**
 * Lines with ids whose byte order differs from a locale's (upper case, '-', '_'), on a few days (some
 * with a time), some pending (they keep their day open, so pushed lines of that day stay in the
 * state) and some recorded late (after the pushes, on days already folded).
 */
const lines = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/),
    day: fc.integer({ min: 0, max: DAYS.length - 1 }),
    time: fc.option(fc.constantFrom('00:00:00', '09:30:00', '23:59:59'), { nil: undefined }),
    cents: fc.integer({ min: -50_000, max: 50_000 }),
    pending: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    late: fc.boolean(),
  }),
  { selector: (l) => l.id, minLength: 1, maxLength: 30 },
)

function history(ls: readonly Line[], maxBatchSize: number): FeedEvent[] {
  const state = initialState()
  const events: FeedEvent[] = []
  const run = (command: Command): void => {
    const d = decide(command, state)
    if (!d.ok) throw new Error(`${command.type}: ${d.error.message}`)
    for (const e of d.events) events.push(e)
    fold(d.events, state)
  }
  const at = '2026-11-20T00:00:00.000Z'
  run({ type: 'RegisterAccount', accountId: 'a1', currency: 'USD', openingBalance: '0', at })
  run({ type: 'LinkFeed', feedStartDate: '2026-11-19', at })
  const record = (l: Line) =>
    run({
      type: 'RecordTransaction',
      transaction: {
        id: l.id,
        date: l.time === undefined ? `${DAYS[l.day]}` : `${DAYS[l.day]}T${l.time}`,
        description: `line ${l.id}`,
        amount: (l.cents / 100).toFixed(2),
        status: l.pending ? 'pending' : 'cleared',
      },
      at,
    })
  for (const l of ls) if (!l.late) record(l)
  for (let n = 0; n < 50; n++) {
    const batchId = `b${n}`
    const before = events.length
    run({ type: 'PlanBatch', batchId, now: NOW, limits: { maxBatchSize } })
    if (!events.slice(before).some((e) => e.type === 'BatchPlanned')) break
    run({ type: 'SubmitBatch', batchId, pushOperationKey: `op-${n}`, at: NOW })
    run({ type: 'RecordBatchSucceeded', batchId, at: NOW })
  }
  for (const l of ls) if (l.late) record(l)
  return events
}

const queries = fc.array(
  fc.record({
    page: fc.integer({ min: 1, max: 12 }),
    pageSize: fc.constantFrom(1, 2, 3, 7, 100),
    orderBy: fc.constantFrom<ListQuery['orderBy']>('date', '-date', 'id', '-id'),
    syncStatus: fc.constantFrom<SyncStatus | undefined>(undefined, 'pushed', 'held', 'quarantined', 'ready'),
  }),
  { minLength: 1, maxLength: 12 },
)

let stream = 0

describe('the transaction list of a folding state', () => {
  it('gives every page, order and filter the full state gives, reading settled lines from the projection', async () => {
    const reach = { folded: 0, mixed: 0 }
    await fc.assert(
      fc.asyncProperty(lines, fc.integer({ min: 1, max: 4 }), queries, async (ls, max, qs) => {
        const events = history(ls, max)
        const full = fold(events)
        const folding: AccountState = initialState({ foldSettled: true })
        const folded = evolveFolding(folding, events)
        const name = `account:list${stream++}:a1`
        await store.putRows(name, folded.map(settledRow))
        if (folded.length > 0) reach.folded++
        if (folded.length > 0 && folding.txns.size > 0) reach.mixed++
        expect(folded.length + folding.txns.size).toBe(full.txns.size)
        const planFull = planBatches(full, NOW)
        const planFolding = planBatches(folding, NOW)
        for (const q of qs) {
          const got = await listTransactions(folding, planFolding, q, (page) => repo.settledPage(name, page))
          expect(got).toEqual(await listTransactions(full, planFull, q))
        }
      }),
      { numRuns: 60 },
    )
    // The property reached states with settled lines, and with held lines beside them.
    expect(reach.folded).toBeGreaterThan(10)
    expect(reach.mixed).toBeGreaterThan(5)
  })
})
