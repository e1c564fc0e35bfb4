import { describe, expect, it } from 'vitest'
import { normaliseTransaction } from '../decide.js'
import type { FeedEvent } from '../events.js'
import { planBatches, planFor } from '../planner.js'
import { fromSnapshot, type Snapshot, toSnapshot } from '../snapshot.js'
import { fold } from '../state.js'
import { legacyRegistered, linked, planned, recorded, registered, succeeded } from '../testing/given.js'
import type { Destination } from './destination.js'
import { DESTINATION_IDS, destinationIdOfPlatformKey } from './destination-id.js'
import { destinationOf, destinations } from './destinations.js'
import { qbo } from './qbo.js'
import { sage } from './sage.js'
import { xero } from './xero.js'

const NOW = '2026-11-20T09:00:00Z'
const line = { transactionId: 't0', date: '2026-11-19', amount: '1.00', balance: '101.00' }
const history = (first: FeedEvent): FeedEvent[] => [
  first,
  linked('2026-11-01'),
  recorded('t0', '2026-11-19', '1.00'),
  planned('b0', [line]),
  succeeded('b0'),
  recorded('late', '2026-11-18', '2.00'),
  recorded('t1', '2026-11-19', '3.00', { status: 'pending' }),
  recorded('old', '2026-11-10', '4.00'),
]

describe('the destinations table', () => {
  it('has one destination per id, under its id', () => {
    for (const id of DESTINATION_IDS) expect(destinations[id].id).toBe(id)
    expect(destinations.qbo).toBe(qbo)
  })
  it("given an account registered for 'qbo', then it plans by QBO's rules", () => {
    expect(destinationOf(fold(history(registered)))).toBe(qbo)
  })
  it('names QuickBooks, Xero and Sage with their Codat platform keys hcws, gbol and olpr', () => {
    expect(
      DESTINATION_IDS.map((id) => [id, destinations[id].name, destinations[id].codatPlatformKey]),
    ).toEqual([
      ['qbo', 'QuickBooks', 'hcws'],
      ['xero', 'Xero', 'gbol'],
      ['sage', 'Sage', 'olpr'],
    ])
    expect(destinations.xero).toBe(xero)
    expect(destinations.sage).toBe(sage)
  })
  it("knows how long each ledger's push usually stays Pending: QBO 2 s (§7.3), Xero 5 s (X27), Sage 60 s (S22)", () => {
    expect(DESTINATION_IDS.map((id) => [id, destinations[id].pendingMs])).toEqual([
      ['qbo', 2000],
      ['xero', 5000],
      ['sage', 60_000],
    ])
  })
  it('finds the destination of a Codat platform key, and none for a key it does not feed', () => {
    expect(['hcws', 'gbol', 'olpr', 'quickbooksonlinesandbox', ''].map(destinationIdOfPlatformKey)).toEqual([
      'qbo',
      'xero',
      'sage',
      undefined,
      undefined,
    ])
  })
  it("given accounts registered for 'xero' and 'sage', then each plans by its own destination's rules", () => {
    const as = (destination: 'xero' | 'sage') =>
      fold(history({ ...registered, data: { ...registered.data, destination } } as FeedEvent))
    expect(destinationOf(as('xero'))).toBe(xero)
    expect(destinationOf(as('sage'))).toBe(sage)
  })
})

describe('accounts registered before destinations existed', () => {
  it('given a stream whose AccountRegistered has no destination, then it folds as a QBO account and plans exactly as one', () => {
    const legacy = fold(history(legacyRegistered))
    expect(legacy.account?.destination).toBe('qbo')
    expect(planBatches(legacy, NOW)).toEqual(planBatches(fold(history(registered)), NOW))
  })
  it('given a snapshot taken before destinations existed, then it loads as a QBO account', () => {
    const { destination: _, ...account } = toSnapshot(fold(history(registered))).account ?? {}
    const old = JSON.parse(
      JSON.stringify({ ...toSnapshot(fold(history(legacyRegistered))), account }),
    ) as Snapshot
    expect(old.account && 'destination' in old.account).toBe(false)
    const loaded = fromSnapshot(old)
    expect(loaded.account?.destination).toBe('qbo')
    expect(toSnapshot(loaded)).toEqual(toSnapshot(fold(history(registered))))
  })
})

describe('the seam takes destinations with other rules', () => {
  // A destination shaped like Xero's (PLATFORMS.md): no "older than the newest" rule, a year of
  // history, a required transaction type. Built here from QBO's rule functions only to show the seam.
  const yearLong: Destination = {
    ...qbo,
    name: 'Ledger',
    defaults: { ...qbo.defaults, historicDays: 365 },
    transactionTypes: { accepted: ['Credit', 'Debit'], required: true, whenMissing: 'refuse' },
    lineRules: qbo.lineRules.filter((r) => r.name !== 'notOlderThanDestinationNewest'),
  }
  it('given a late posting QBO quarantines, when a destination has no older-than-newest rule and a 365-day window, then it is pushed', () => {
    const state = fold(history(registered))
    const qboPlan = planFor(qbo, state, NOW)
    expect(qboPlan.quarantined.map((q) => `${q.transactionId}:${q.reason.code}`).sort()).toEqual([
      'late:older_than_destination',
      'old:older_than_destination',
    ])
    const other = planFor(yearLong, state, NOW)
    expect(other.batches.flatMap((b) => b.lines.map((l) => l.transactionId))).toEqual(['old', 'late'])
    expect(other.held.map((h) => `${h.transactionId}:${h.reason.code}`)).toEqual(['t1:pending'])
  })
  it('when a destination requires a transaction type, then a transaction without one is refused, naming the ledger', () => {
    const input = { id: 't1', date: '2026-11-19', description: 'x', amount: '1', status: 'cleared' as const }
    const refused = normaliseTransaction(input, 'USD', 2, yearLong)
    expect(refused.ok ? 'accepted' : `${refused.error.code}: ${refused.error.message}`).toBe(
      'invalid_transaction_type: type is required by Ledger: one of Credit, Debit.',
    )
    expect(normaliseTransaction(input, 'USD', 2).ok).toBe(true)
  })
})
