/**
 * Each destination's batches against the SIMULATOR's rule checker for its platform: random bank
 * histories over a few days are planned by the core (by the rules of the destination the account
 * registered with), pushed to the simulator's Codat API as the engine pushes them, one at a time,
 * and every push must come back `Success` with no validation error. The simulator is the second,
 * independent reading of BEHAVIOUR.md and PLATFORMS.md: a rule the core misreads, or leaves out
 * (Xero's one year, Sage's connect day, Sage's one statement in flight), fails a push here.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  LEDGER_ROWS,
  LedgerFeed,
  type LedgerRow,
  QBO_ROW,
  SAGE_ROW,
  XERO_ROW,
} from './support/ledger-feed.js'

/** The first simulated day, 09:00 UTC; the account is linked then. */
const START_DAY = '2026-03-10'

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

interface BankLine {
  offset: number
  hour: number | undefined
  cents: number
  pending: boolean
  type: 'Credit' | 'Debit' | 'Unknown' | undefined
}

interface Day {
  lines: BankLine[]
  /** Indexes (mod the ids so far) of earlier lines the bank clears, or voids, this day. */
  clears: number[]
  voids: number[]
  syncHour: number
}

const bankLine = (row: LedgerRow): fc.Arbitrary<BankLine> =>
  fc.record({
    offset: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -3, max: row.history.max }) },
      { weight: 1, arbitrary: fc.integer(row.history) },
    ),
    hour: fc.option(fc.integer({ min: 0, max: 23 }), { nil: undefined }),
    cents: fc.integer({ min: -500_000, max: 500_000 }),
    pending: fc.constantFrom(false, false, true),
    type: fc.constantFrom(undefined, undefined, 'Credit', 'Debit', 'Unknown'),
  })

const days = (row: LedgerRow): fc.Arbitrary<Day[]> =>
  fc.array(
    fc.record({
      lines: fc.array(bankLine(row), { maxLength: 8 }),
      clears: fc.array(fc.nat(), { maxLength: 3 }),
      voids: fc.array(fc.nat(), { maxLength: 1 }),
      syncHour: fc.integer({ min: 0, max: 23 }),
    }),
    { minLength: 1, maxLength: 4 },
  )

const decimal = (cents: number) => {
  const abs = Math.abs(cents).toString().padStart(3, '0')
  return `${cents < 0 ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`
}

async function run(
  row: LedgerRow,
  history: Day[],
  feedStartOffset: number,
  policy: 'end_of_day' | 'immediate',
  maxBatchSize: number,
): Promise<LedgerFeed> {
  const feed = await LedgerFeed.open(row, `${START_DAY}T09:00:00.000Z`, addDays(START_DAY, feedStartOffset), {
    policy,
    maxBatchSize,
  })
  const ids: string[] = []
  for (const [d, day] of history.entries()) {
    const today = addDays(START_DAY, d)
    if (d > 0) await feed.setClock(`${today}T00:01:00.000Z`)
    const at = feed.now()
    for (const [i, l] of day.lines.entries()) {
      const id = `d${d}-${i}`
      const date = addDays(today, l.offset)
      feed.apply({
        type: 'RecordTransaction',
        transaction: {
          id,
          date: l.hour === undefined ? date : `${date}T${String(l.hour).padStart(2, '0')}:15:00`,
          description: `payment ${id}`,
          amount: decimal(l.cents),
          status: l.pending ? 'pending' : 'cleared',
          ...(l.type === undefined ? {} : { type: l.type }),
        },
        at,
      })
      ids.push(id)
    }
    if (ids.length > 0) {
      for (const n of day.clears)
        feed.apply({ type: 'ClearTransaction', transactionId: ids[n % ids.length] as string, at })
      for (const n of day.voids)
        feed.apply({ type: 'VoidTransaction', transactionId: ids[n % ids.length] as string, at })
    }
    const syncAt = `${today}T${String(day.syncHour).padStart(2, '0')}:30:00.000Z`
    if (syncAt > feed.now()) await feed.setClock(syncAt)
    await feed.sync()
  }
  return feed
}

describe.each(LEDGER_ROWS)('$label: the planner’s batches against the simulator’s rule checker', (row) => {
  it('every push the planner plans, sent as the engine sends it, is a Success with no validation error; no plan holds a batch while one is Pending', async () => {
    let pushes = 0
    await fc.assert(
      fc.asyncProperty(
        days(row),
        fc.integer({ min: -12, max: 0 }),
        fc.constantFrom<'end_of_day' | 'immediate'>('end_of_day', 'immediate'),
        fc.integer({ min: 1, max: 6 }),
        async (history, feedStartOffset, policy, maxBatchSize) => {
          const feed = await run(row, history, feedStartOffset, policy, maxBatchSize)
          pushes += feed.outcomes.length
          for (const o of feed.outcomes) {
            expect({ batch: o.batchId, status: o.status, errors: o.errors }).toEqual({
              batch: o.batchId,
              status: 'Success',
              errors: [],
            })
            expect(o.batchesWhilePending.every((n) => n === 0)).toBe(true)
          }
        },
      ),
      { numRuns: 60 },
    )
    expect(pushes).toBeGreaterThan(60) // not vacuous: most runs push, several times
  })
})

describe('the acceptance histories, against the simulator', () => {
  /** Day 1: t1 (03-10) is pushed. Day 2: a late posting dated 03-09 and a line dated more than a year back arrive. */
  async function lateAndOld(row: LedgerRow): Promise<LedgerFeed> {
    const feed = await LedgerFeed.open(row, '2026-03-10T09:00:00.000Z', '2026-03-01', {})
    const record = (id: string, date: string, amount: string) =>
      feed.apply({
        type: 'RecordTransaction',
        transaction: { id, date, description: `payment ${id}`, amount, status: 'cleared' },
        at: feed.now(),
      })
    record('t1', '2026-03-10T10:00:00', '10.00')
    await feed.setClock('2026-03-11T08:00:00.000Z')
    await feed.sync()
    record('late', '2026-03-09', '-4.00')
    record('old', '2025-03-09', '2.50')
    await feed.setClock('2026-03-12T08:00:00.000Z')
    await feed.sync()
    return feed
  }
  const codeOf = (feed: LedgerFeed, id: string) =>
    feed.state.txns.get(id)?.pushed
      ? 'pushed'
      : feed.plan().quarantined.find((q) => q.transactionId === id)?.reason.code
  it('a late posting QBO and Sage must quarantine is pushed to Xero as is, on its bank date; a Xero line more than a year old is never sent', async () => {
    const xero = await lateAndOld(XERO_ROW)
    expect(xero.outcomes.map((o) => [o.status, o.errors])).toEqual([
      ['Success', []],
      ['Success', []],
    ])
    const second = xero.outcomes[1]?.batchId ?? ''
    expect(xero.state.batches.get(second)?.lines.map((l) => [l.transactionId, l.date])).toEqual([
      ['late', '2026-03-09'],
    ])
    expect(['t1', 'late', 'old'].map((id) => codeOf(xero, id))).toEqual([
      'pushed',
      'pushed',
      'outside_historic_window',
    ])
    for (const row of [QBO_ROW, SAGE_ROW]) {
      const feed = await lateAndOld(row)
      expect(feed.outcomes.map((o) => o.status)).toEqual(['Success'])
      expect(codeOf(feed, 'late')).toBe('older_than_destination')
    }
  })
})
