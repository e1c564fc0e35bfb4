import fc from 'fast-check'

/** Arbitraries for the simulator's property tests, in one place. */

export interface GenLine {
  dayOffset: number
  cents: number
  type: 'Credit' | 'Debit' | 'Unknown' | null
  time: string | null
}

export const genLine: fc.Arbitrary<GenLine> = fc.record({
  /** Days before today (0 = today), within QBO's 7-day window. */
  dayOffset: fc.integer({ min: 0, max: 7 }),
  cents: fc.integer({ min: -10_000_000, max: 10_000_000 }),
  type: fc.constantFrom('Credit' as const, 'Debit' as const, 'Unknown' as const, null),
  time: fc.option(fc.constantFrom('00:00:00', '09:15:00', '23:59:59'), { nil: null }),
})

/** A valid history: lines sorted by date (and time), cut into batches, with pulls in between. */
export const genHistory = fc
  .record({
    lines: fc.array(genLine, { maxLength: 40 }),
    cuts: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
    pullAfter: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  })
  .map(({ lines, cuts, pullAfter }) => {
    const sorted = [...lines].sort(
      (a, b) => b.dayOffset - a.dayOffset || (a.time ?? '00:00:00').localeCompare(b.time ?? '00:00:00'),
    )
    const points = [...new Set(cuts.map((c) => Math.min(c, sorted.length)))].sort((a, b) => a - b)
    const batches: GenLine[][] = []
    let from = 0
    for (const p of [...points, sorted.length]) {
      if (p > from) batches.push(sorted.slice(from, p))
      from = Math.max(from, p)
    }
    return { batches, pullAfter }
  })

export type BadKind =
  | 'Q3'
  | 'Q4'
  | 'Q5'
  | 'Q7'
  | 'Q9-description'
  | 'Q9-type'
  | 'http-accountId'
  | 'http-amount'
  | 'http-1001'
export const genBadKind: fc.Arbitrary<BadKind> = fc.constantFrom(
  'Q3',
  'Q4',
  'Q5',
  'Q7',
  'Q9-description',
  'Q9-type',
  'http-accountId',
  'http-amount',
  'http-1001',
)

/** Random API usage for replay-determinism checks. */
export type Command =
  | { kind: 'company'; name: string }
  | { kind: 'connection'; company: number }
  | { kind: 'account'; company: number; id: string }
  | { kind: 'credentials'; company: number }
  | { kind: 'link'; company: number }
  | { kind: 'push'; company: number; lines: GenLine[] }
  | { kind: 'advance'; minutes: number }
  | { kind: 'list'; company: number }
  | { kind: 'pull'; company: number }

export const genCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('company' as const), name: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('connection' as const), company: fc.nat(5) }),
  fc.record({
    kind: fc.constant('account' as const),
    company: fc.nat(5),
    id: fc.constantFrom('a', 'b', 'c'),
  }),
  fc.record({ kind: fc.constant('credentials' as const), company: fc.nat(5) }),
  fc.record({ kind: fc.constant('link' as const), company: fc.nat(5) }),
  fc.record({
    kind: fc.constant('push' as const),
    company: fc.nat(5),
    lines: fc.array(genLine, { maxLength: 5 }),
  }),
  fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ kind: fc.constant('list' as const), company: fc.nat(5) }),
  fc.record({ kind: fc.constant('pull' as const), company: fc.nat(5) }),
)

/** Cents as an exact decimal string, trailing zeros trimmed (`1050` → `10.5`). */
export function centsText(cents: number): string {
  const neg = cents < 0
  const abs = Math.abs(cents)
  const int = Math.floor(abs / 100)
  const frac = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  const body = frac ? `${int}.${frac}` : String(int)
  return body === '0' ? '0' : (neg ? '-' : '') + body
}
