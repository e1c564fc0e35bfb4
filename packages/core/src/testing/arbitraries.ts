import fc from 'fast-check'
import type { TransactionInput } from '../commands.js'

/** Days around a fixed base so that windows, stale and future dates all occur. */
export const BASE_DAY = '2026-11-20'

export function dayOffset(offset: number): string {
  const d = new Date(`${BASE_DAY}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}

/** A decimal string with up to `decimals` places, as a bank would send it. */
export const decimalString = (decimals = 2, maxUnits = 1_000_000_000n): fc.Arbitrary<string> =>
  fc.bigInt({ min: -maxUnits, max: maxUnits }).map((minor) => {
    const neg = minor < 0n
    const abs = (neg ? -minor : minor).toString().padStart(decimals + 1, '0')
    const s =
      decimals === 0 ? abs : `${abs.slice(0, abs.length - decimals)}.${abs.slice(abs.length - decimals)}`
    return (neg ? '-' : '') + s
  })

export const transactionType = fc.constantFrom<TransactionInput['type']>(
  undefined,
  'Credit',
  'Debit',
  'Unknown',
)

export const transactionInput = (
  id: fc.Arbitrary<string>,
  days: { min: number; max: number } = { min: -12, max: 3 },
): fc.Arbitrary<TransactionInput> =>
  fc
    .record({
      id,
      date: fc
        .tuple(fc.integer(days), fc.option(fc.integer({ min: 0, max: 23 }), { nil: undefined }))
        .map(([o, h]) =>
          h === undefined ? dayOffset(o) : `${dayOffset(o)}T${String(h).padStart(2, '0')}:15:00`,
        ),
      description: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
      amount: decimalString(2, 100_000n),
      status: fc.constantFrom<'pending' | 'cleared'>('pending', 'cleared', 'cleared'),
      type: transactionType,
    })
    .map((t) =>
      t.type === undefined
        ? { id: t.id, date: t.date, description: t.description, amount: t.amount, status: t.status }
        : t,
    )

/** Ids from a small pool, so that replays and conflicts happen. */
export const smallId = fc.integer({ min: 1, max: 40 }).map((n) => `t${n}`)
