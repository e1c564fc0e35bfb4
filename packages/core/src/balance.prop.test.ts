import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decide } from './decide.js'
import { formatMinor } from './money.js'
import { evolve, fold } from './state.js'
import { currencyWithDecimals, datedAmounts, dayOffset } from './testing/arbitraries.js'

describe('balances over long histories', () => {
  it('every pushed line carries exactly the running balance, and the last equals opening plus every amount', () => {
    fc.assert(
      fc.property(
        currencyWithDecimals,
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        datedAmounts,
        fc.integer({ min: 1, max: 1000 }),
        ([currency, decimals], opening, txns, maxBatchSize) => {
          const state = fold([])
          const run = (c: Parameters<typeof decide>[0]) => {
            const d = decide(c, state)
            if (!d.ok) throw new Error(d.error.message)
            for (const e of d.events) evolve(state, e)
            return d.events
          }
          const at = `${dayOffset(-7)}T00:00:00Z`
          run({
            type: 'RegisterAccount',
            accountId: 'a',
            currency,
            openingBalance: formatMinor(opening, decimals),
            at,
          })
          run({ type: 'LinkFeed', feedStartDate: dayOffset(-7), at })
          txns.forEach(([minor, day], i) => {
            run({
              type: 'RecordTransaction',
              transaction: {
                id: `t${i}`,
                date: dayOffset(day),
                description: 'x',
                amount: formatMinor(minor, decimals),
                status: 'cleared',
              },
              at,
            })
          })
          // the independent expectation: sort the generated amounts as QBO must receive them
          const order = txns
            .map(([minor, day], i) => ({ minor, day, i }))
            .sort((a, b) => a.day - b.day || a.i - b.i)
          let expected = opening
          const now = `${dayOffset(0)}T12:00:00Z`
          let k = 0
          for (let n = 0; ; n++) {
            const [e] = run({ type: 'PlanBatch', batchId: `b${n}`, now, limits: { maxBatchSize } })
            if (e === undefined) break
            if (e.type !== 'BatchPlanned') throw new Error(e.type)
            for (const line of e.data.lines) {
              const want = order[k++]
              expected += want?.minor ?? 0n
              expect(line.transactionId).toBe(`t${want?.i}`)
              expect(line.balance).toBe(formatMinor(expected, decimals))
            }
            run({ type: 'RecordBatchSucceeded', batchId: `b${n}`, at: now })
          }
          expect(k).toBe(txns.length)
          expect(formatMinor(state.pushedBalance, decimals)).toBe(
            formatMinor(opening + txns.reduce((s, [m]) => s + m, 0n), decimals),
          )
        },
      ),
      { numRuns: 200 },
    )
  })
})
