import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TransactionInput } from './commands.js'
import { decide, decideRecordTransactions } from './decide.js'
import { toSnapshot } from './snapshot.js'
import { type AccountState, evolve, fold } from './state.js'
import { historyThenRequest, smallId, transactionInput } from './testing/arbitraries.js'
import { AT, registered } from './testing/given.js'

/** Ingest one at a time: what each RecordTransaction came to, applied as it goes; the ids it cleared. */
function oneAtATime(
  state: AccountState,
  txns: readonly TransactionInput[],
  cleared: string[] = [],
): string[] {
  return txns.map((t) => {
    const d = decide({ type: 'RecordTransaction', transaction: t, at: AT }, state)
    if (!d.ok) return `rejected:${d.error.code}`
    for (const e of d.events) {
      evolve(state, e)
      if (e.type === 'TransactionCleared') cleared.push(e.data.transactionId)
    }
    return d.events.some((e) => e.type === 'TransactionRecorded') ? 'recorded' : 'duplicate'
  })
}

/** The state without its version (a bulk record is fewer events for the same transactions). */
const content = (state: AccountState) => JSON.stringify({ ...toSnapshot(state), version: 0 })

/** Bulk ≡ one at a time: same outcomes, same transactions, one TransactionsRecorded, the same clearings. */
const bulkMatchesOneAtATime = fc.property(historyThenRequest, ([before, request]) => {
  const sequential = fold([registered])
  oneAtATime(sequential, before)
  const bulk = fold([registered])
  oneAtATime(bulk, before)
  const versionBefore = bulk.version

  const cleared: string[] = []
  const expected = oneAtATime(sequential, request, cleared)
  const { outcomes, events } = decideRecordTransactions(bulk, request, AT)
  const seen = outcomes.map((o) => (o.result === 'rejected' ? `rejected:${o.error.code}` : o.result))
  expect(seen).toEqual(expected)
  // Pure: deciding changed nothing; then the events give the same transactions.
  expect(bulk.version).toBe(versionBefore)
  for (const e of events) evolve(bulk, e)
  expect(content(bulk)).toBe(content(sequential))
  // At most one TransactionsRecorded, first, holding exactly the recorded ones.
  const packs = events.filter((e) => e.type === 'TransactionsRecorded')
  expect(packs.length).toBe(expected.includes('recorded') ? 1 : 0)
  if (packs[0] !== undefined) expect(events[0]).toBe(packs[0])
  const packed = packs.flatMap((e) => (e.type === 'TransactionsRecorded' ? e.data.transactions : []))
  expect(packed).toHaveLength(expected.filter((r) => r === 'recorded').length)
  // Then one TransactionCleared per clearing replay, as one at a time would clear them.
  expect(
    events.slice(packs.length).map((e) => (e.type === 'TransactionCleared' ? e.data.transactionId : e.type)),
  ).toEqual(cleared)
})

describe('recording many transactions in one event (bulk ingest)', () => {
  it('comes to the same outcomes and the same transactions as recording them one at a time', () => {
    fc.assert(bulkMatchesOneAtATime, { numRuns: 300 })
  })

  // Counterexamples the property finds when the two faults of commit ba9b96b are put back into
  // decideRecordTransactions (no seed was recorded then): kept so they are tried on every run.
  it.each([
    [
      'a clearing replay cleared twice in one request',
      {
        seed: 1499081706,
        path: '7:60:1:1:1:1:1:1:1:1:1:1:1:3:3:3:3:3:3:3:3:3:3:4:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:4:3:3:3:3:3:4:1',
      },
    ],
    [
      'a pending transaction reported cleared later in its own request not cleared',
      { seed: 592137741, path: '4:154:1:1:1:1:1:1:1:1:1:1:1:1:1:1:2:0:2' },
    ],
  ])('still holds on the counterexample of %s', (_, replay) => {
    fc.assert(bulkMatchesOneAtATime, { ...replay, endOnFailure: true })
  })

  it('rejects every transaction of an account that is not registered, and decides nothing', () => {
    fc.assert(
      fc.property(fc.array(transactionInput(smallId), { minLength: 1, maxLength: 10 }), (request) => {
        const { outcomes, events } = decideRecordTransactions(fold([]), request, AT)
        expect(events).toEqual([])
        expect(new Set(outcomes.map((o) => (o.result === 'rejected' ? o.error.code : o.result)))).toEqual(
          new Set(['account_not_registered']),
        )
      }),
      { numRuns: 50 },
    )
  })
})
