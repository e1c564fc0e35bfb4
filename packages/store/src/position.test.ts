import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { comparePositions } from './position.js'

const position = fc
  .record({
    tx: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    pos: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
  })
  .map(({ tx, pos }) => ({ transactionId: tx.toString(), globalPosition: pos.toString() }))

describe('comparePositions', () => {
  it('orders by transaction id first, exactly, beyond the safe integer range', () => {
    expect(
      comparePositions(
        { transactionId: '9007199254740993', globalPosition: '1' },
        { transactionId: '9007199254740992', globalPosition: '5' },
      ),
    ).toBe(1)
    expect(
      comparePositions(
        { transactionId: '9', globalPosition: '20' },
        { transactionId: '10', globalPosition: '3' },
      ),
    ).toBe(-1)
  })

  it('orders by global position within one transaction', () => {
    expect(
      comparePositions(
        { transactionId: '7', globalPosition: '10' },
        { transactionId: '7', globalPosition: '9' },
      ),
    ).toBe(1)
    expect(
      comparePositions(
        { transactionId: '7', globalPosition: '9' },
        { transactionId: '7', globalPosition: '9' },
      ),
    ).toBe(0)
  })

  it('sorts positions as comparing zero-padded (transaction id, position) strings does', () => {
    const padded = (p: { transactionId: string; globalPosition: string }): string =>
      `${p.transactionId.padStart(20, '0')}/${p.globalPosition.padStart(19, '0')}`
    fc.assert(
      fc.property(fc.array(position, { maxLength: 30 }), (positions) => {
        const sorted = [...positions].sort(comparePositions)
        const oracle = [...positions].sort((a, b) =>
          padded(a) < padded(b) ? -1 : padded(a) > padded(b) ? 1 : 0,
        )
        expect(sorted.map(padded)).toEqual(oracle.map(padded))
        for (const [a, b] of positions.map((p, i) => [p, positions[(i + 1) % positions.length]] as const)) {
          if (b !== undefined) expect(comparePositions(a, b)).toBe(-comparePositions(b, a) || 0)
        }
      }),
      { numRuns: 300 },
    )
  })
})
