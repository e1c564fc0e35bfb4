/**
 * Every fast-check arbitrary of the core's tests, in one place (property files only combine them).
 */
import fc from 'fast-check'
import type { TransactionInput } from '../commands.js'
import type { FeedEvent } from '../events.js'
import { dayOffset } from './days.js'
import {
  Advance,
  Clear,
  type Cmd,
  Disconnect,
  Fail,
  Link,
  Plan,
  Record,
  Restart,
  Submit,
  Succeed,
  Timeout,
  Void,
} from './feed-commands.js'
import { drain, newWorld } from './feed-model.js'
import {
  AcceptBalance,
  Check,
  Dismiss,
  RecordQuarantines,
  RecordWithBalance,
  Redate,
  ReplacePending,
  SetLatePostings,
} from './feed-recon.js'

export { BASE_DAY, dayOffset } from './days.js'

/** A decimal string with up to `decimals` places, as a bank would send it. */
export const decimalString = (decimals = 2, maxUnits = 1_000_000_000n): fc.Arbitrary<string> =>
  fc.bigInt({ min: -maxUnits, max: maxUnits }).map((minor) => {
    const neg = minor < 0n
    const abs = (neg ? -minor : minor).toString().padStart(decimals + 1, '0')
    const s =
      decimals === 0 ? abs : `${abs.slice(0, abs.length - decimals)}.${abs.slice(abs.length - decimals)}`
    return (neg ? '-' : '') + s
  })

/** No type, or one of the types QBO takes. */
export const transactionType = fc.constantFrom<TransactionInput['type']>(
  undefined,
  'Credit',
  'Debit',
  'Unknown',
)

/** A valid transaction as a bank sends it, dated `days` around the base day (date or date-time). */
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

/** A replay of `t`: identical, reported cleared, or with another amount (a conflict). */
export const replayOf = (t: TransactionInput): fc.Arbitrary<TransactionInput> =>
  fc.constantFrom<TransactionInput>(t, { ...t, status: 'cleared' }, { ...t, amount: `${t.amount}1` })

/**
 * A request: new transactions, replays of earlier requests' ones, invalid ones, then replays of its
 * own earlier transactions (a pending one reported cleared later in the same request, conflicts).
 */
export const requestOf = (earlier: readonly TransactionInput[]): fc.Arbitrary<TransactionInput[]> =>
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

/** Transactions recorded before a request, and the request (for the bulk-record property). */
export const historyThenRequest: fc.Arbitrary<[TransactionInput[], TransactionInput[]]> = fc
  .array(transactionInput(smallId), { maxLength: 20 })
  .chain((before) => fc.tuple(fc.constant(before), requestOf(before)))

/** A change of content under the same id: another amount, description, date or balance. */
export const contentChange: fc.Arbitrary<Partial<TransactionInput>> = fc.oneof(
  decimalString().map((amount) => ({ amount })),
  fc.string({ minLength: 1, maxLength: 8 }).map((description) => ({ description: `x${description}` })),
  fc.constantFrom('2025-01-01', '2026-01-02T10:00:00').map((date) => ({ date })),
  decimalString().map((balance) => ({ balance })),
)

/** A currency with its minor-unit decimals: none, two and three. */
export const currencyWithDecimals = fc.constantFrom(
  ['JPY', 0] as const,
  ['USD', 2] as const,
  ['KWD', 3] as const,
)

/** A long history of amounts in minor units, each dated one to six days before the base day. */
export const datedAmounts = fc.array(
  fc.tuple(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.integer({ min: -6, max: -1 })),
  { minLength: 50, maxLength: 600 },
)

/** One step of the planner property's history: record, clear, void, or push everything planned. */
export type PlannerStep =
  | { kind: 'record'; t: TransactionInput }
  | { kind: 'clear'; id: string }
  | { kind: 'void'; id: string }
  | { kind: 'pushAll'; hour: number }

/** A planner step with transactions dated `days` around the base day, records the most frequent. */
export const plannerStepDated = (days: { min: number; max: number }): fc.Arbitrary<PlannerStep> =>
  fc.oneof(
    { weight: 6, arbitrary: transactionInput(smallId, days).map((t) => ({ kind: 'record' as const, t })) },
    { weight: 2, arbitrary: smallId.map((id) => ({ kind: 'clear' as const, id })) },
    { weight: 1, arbitrary: smallId.map((id) => ({ kind: 'void' as const, id })) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: -6, max: 0 }).map((hour) => ({ kind: 'pushAll' as const, hour })),
    },
  )

/** A planner step, records the most frequent. */
export const plannerStep: fc.Arbitrary<PlannerStep> = fc.oneof(
  { weight: 6, arbitrary: transactionInput(smallId).map((t) => ({ kind: 'record' as const, t })) },
  { weight: 2, arbitrary: smallId.map((id) => ({ kind: 'clear' as const, id })) },
  { weight: 1, arbitrary: smallId.map((id) => ({ kind: 'void' as const, id })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: -6, max: 0 }).map((hour) => ({ kind: 'pushAll' as const, hour })),
  },
)

/** The push policies. */
export const pushPolicy = fc.constantFrom<'end_of_day' | 'immediate'>('end_of_day', 'immediate')

const record = transactionInput(smallId, { min: -9, max: 2 }).map((t) => new Record(t))
const plan = fc.constant(new Plan())
const succeed = fc.constant(new Succeed())

/** The model-based test's command sequences: ingest, clearing, voiding, linking, time, pushes, restarts. */
export const feedCommands: fc.Arbitrary<Iterable<Cmd>> = fc.commands(
  [
    record,
    record,
    record,
    record,
    fc
      .tuple(smallId, fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }))
      .map(([id, d]) => new Clear(id, d)),
    smallId.map((id) => new Void(id)),
    fc.integer({ min: -10, max: 2 }).map((o) => new Link(o)),
    fc.constant(new Disconnect()),
    fc.integer({ min: 1, max: 30 }).map((h) => new Advance(h)),
    plan,
    plan,
    fc.constant(new Submit()),
    succeed,
    succeed,
    fc.integer({ min: 0, max: 255 }).map((mask) => new Fail(mask)),
    fc.constant(new Timeout()),
    fc.constant(new Restart()),
  ],
  { maxCommands: 120, size: '+1' },
)

/**
 * The reconciliation property's command sequences: everything `feedCommands` does (ingest,
 * clearing, voiding, linking, time, pushes, failures, timeouts, restarts from snapshots) plus bank
 * balances (right or off), pending lines posted under new ids, dismissals, redates, accepted bank
 * balances, the late-postings setting, recorded quarantines and mid-run checks of the report.
 */
export const reconciliationCommands: fc.Arbitrary<Iterable<Cmd>> = fc.commands(
  [
    record,
    record,
    record,
    fc
      .tuple(smallId, fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }))
      .map(([id, d]) => new Clear(id, d)),
    smallId.map((id) => new Void(id)),
    fc.integer({ min: -10, max: 2 }).map((o) => new Link(o)),
    fc.constant(new Disconnect()),
    fc.integer({ min: 1, max: 30 }).map((h) => new Advance(h)),
    plan,
    plan,
    fc.constant(new Submit()),
    succeed,
    succeed,
    fc.integer({ min: 0, max: 255 }).map((mask) => new Fail(mask)),
    fc.constant(new Timeout()),
    fc.constant(new Restart()),
    fc
      .tuple(transactionInput(smallId, { min: -9, max: 2 }), fc.constantFrom(0n, 0n, 0n, 1n, -250n, 10_000n))
      .map(([t, e]) => new RecordWithBalance(t, e)),
    fc
      .tuple(transactionInput(smallId, { min: -9, max: 2 }), smallId)
      .map(([t, p]) => new ReplacePending(t, p)),
    fc
      .tuple(transactionInput(smallId, { min: -9, max: 2 }), smallId)
      .map(([t, p]) => new ReplacePending(t, p)),
    fc
      .tuple(transactionInput(smallId, { min: -9, max: 2 }), smallId)
      .map(([t, p]) => new ReplacePending(t, p)),
    smallId.map((id) => new Dismiss(id)),
    smallId.map((id) => new Redate(id)),
    smallId.map((id) => new AcceptBalance(id)),
    fc.constantFrom<'quarantine' | 'redate'>('quarantine', 'redate').map((l) => new SetLatePostings(l)),
    fc.constant(new RecordQuarantines()),
    fc.constant(new Check()),
  ],
  { maxCommands: 150, size: '+1' },
)

/** Days from the base day the feed is linked at, or undefined for a feed never linked. */
export const linkOffset = fc.option(fc.integer({ min: -9, max: 0 }), { nil: undefined })

/** Event logs the decider really produces: run random commands, settle, and keep what was appended. */
export const decidedHistory: fc.Arbitrary<FeedEvent[]> = fc
  .tuple(fc.integer({ min: 1, max: 5 }), linkOffset, feedCommands)
  .map(([max, link, commands]) => {
    const { model, real } = newWorld(max, link)
    fc.modelRun(() => ({ model, real }), commands)
    drain(model, real)
    return real.log
  })
