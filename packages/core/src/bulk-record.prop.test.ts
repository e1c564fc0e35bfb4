import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TransactionInput } from './commands.js'
import { decide, decideRecordTransactions } from './decide.js'
import { toSnapshot } from './snapshot.js'
import { type AccountState, evolve, fold } from './state.js'
import { decimalString, smallId, transactionInput } from './testing/arbitraries.js'
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

/** A replay of `t`: identical, reported cleared, or with another amount (a conflict). */
const replayOf = (t: TransactionInput) =>
  fc.constantFrom<TransactionInput>(t, { ...t, status: 'cleared' }, { ...t, amount: `${t.amount}1` })

/**
 * A request: new transactions, replays of earlier requests' ones, invalid ones, then replays of its
 * own earlier transactions (a pending one reported cleared later in the same request, conflicts).
 */
const requestOf = (earlier: readonly TransactionInput[]) =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: transactionInput(smallId) },
        {
          weight: earlier.length > 0 ? 2 : 0,
          arbitrary: fc
            .constantFrom(...(earlier.length > 0 ? earlier : [undefined]))
            .chain((t) => (t === undefined ? transactionInput(smallId) : replayOf(t))),
        },
        {
          weight: 1,
          arbitrary: decimalString().map((amount) => ({
            id: 'bad',
            date: 'soon',
            description: 'x',
            amount,
            status: 'cleared' as const,
          })),
        },
      ),
      { maxLength: 40 },
    )
    .chain((head) =>
      head.length === 0
        ? fc.constant(head)
        : fc
            .array(fc.constantFrom(...head).chain(replayOf), { maxLength: 10 })
            .map((tail) => [...head, ...tail]),
    )

describe('recording many transactions in one event (bulk ingest)', () => {
  it('comes to the same outcomes and the same transactions as recording them one at a time', () => {
    fc.assert(
      fc.property(
        fc
          .array(transactionInput(smallId), { maxLength: 20 })
          .chain((before) => fc.tuple(fc.constant(before), requestOf(before))),
        ([before, request]) => {
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
            events
              .slice(packs.length)
              .map((e) => (e.type === 'TransactionCleared' ? e.data.transactionId : e.type)),
          ).toEqual(cleared)
        },
      ),
      { numRuns: 300 },
    )
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
