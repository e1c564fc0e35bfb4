import type { Day } from '../dates.js'
import type { TransactionType } from '../events.js'
import type { HoldCode, QuarantineCode } from '../reasons.js'
import type { AccountState, Txn } from '../state.js'
import type { Delivery } from './delivery.js'
import type { DestinationId } from './destination-id.js'

/**
 * The knobs of a destination's rules; each destination has its defaults (QBO: BEHAVIOUR.md §8.1
 * and §14), and a caller may override any of them.
 *
 * @example
 * const limits: PlanLimits = { maxBatchSize: 1000, historicDays: 7, policy: 'end_of_day' }
 */
export interface PlanLimits {
  /** Most lines in one push (QBO rule Q8). */
  readonly maxBatchSize: number
  /**
   * How far back a line may be dated, in days before today (QBO rule Q7). QuickBooks' knob only:
   * Xero's one year (X21) and Sage's connect day (S17) are fixed by the ledger and do not read it.
   */
  readonly historicDays: number
  /** IANA zone that defines "today"; the account's zone when absent. */
  readonly timeZone?: string
  /**
   * `end_of_day` (default): push a day's transactions once that day is over, so that a transaction
   * clearing later the same day is never older than what the destination holds.
   * `immediate`: push cleared transactions dated today as well.
   */
  readonly policy: 'end_of_day' | 'immediate'
}

/**
 * Where a rule comes from: its number in `shared/codat/` (`Q1`…`Q12` in BEHAVIOUR.md §8.1 for QBO;
 * `X…` and `S…` in PLATFORMS.md for Xero and Sage), or `'feedsync'` for a rule of our own engine
 * (BEHAVIOUR.md §14 and the push protocol), which every destination applies.
 */
export type RuleNumber = `Q${number}` | `X${number}` | `S${number}` | 'feedsync'

/** What a line rule says of a transaction it stops: held (may pass later) or quarantined (never). */
export type Verdict =
  | { readonly kind: 'hold'; readonly code: HoldCode; readonly message: string }
  | { readonly kind: 'quarantine'; readonly code: QuarantineCode; readonly message: string }

/** Everything a rule may look at while one plan is made; computed once per plan. */
export interface PlanContext {
  readonly state: AccountState
  readonly destination: Destination
  readonly limits: PlanLimits
  /** Today in the plan's time zone. */
  readonly today: Day
  /** The oldest day the historic window allows: `today` minus `limits.historicDays`. */
  readonly oldestAllowed: Day
  /** The plan's instant (ISO). */
  readonly now: string
  /** The day a line pushed now reaches the ledger (`deliveryDay` of the destination's `delivery`). */
  readonly deliveryDay: Day
  /** Minor-unit decimals of the account's currency. */
  readonly decimals: number
}

/** The name, number and sentence every rule carries, so an operator can see which rule is which. */
export interface RuleInfo {
  /** The rule function's name, e.g. `'notOlderThanDestinationNewest'`. */
  readonly name: string
  readonly rule: RuleNumber
  /** The rule in one sentence an operator understands. */
  readonly sentence: string
}

/**
 * A rule about one transaction that passed every earlier rule: a `Verdict` when it stops it,
 * `undefined` when it lets it through to the next rule.
 *
 * @example
 * const notFutureDated: LineRule = {
 *   name: 'notFutureDated', rule: 'Q5', sentence: 'Nothing dated after today is sent.',
 *   check: (t, ctx) => (t.day > ctx.today ? { kind: 'hold', code: 'future_dated', message: '…' } : undefined),
 * }
 */
export interface LineRule extends RuleInfo {
  readonly check: (t: Txn, ctx: PlanContext) => Verdict | undefined
}

/** Holds back a transaction from inside a batch rule (it keeps the order of the calls). */
export type HoldLine = (t: Txn, code: HoldCode, message: string) => void

/**
 * A rule about the batches, applied in order to the transactions that passed every line rule
 * (first as one batch): it may order them, cut them into batches, or hold some back with `hold`.
 * It answers the batches the next rule gets.
 */
export interface BatchRule extends RuleInfo {
  readonly apply: (batches: Txn[][], ctx: PlanContext, hold: HoldLine) => Txn[][]
}

/**
 * One ledger feedsync pushes to through Codat: its defaults, the transaction types it takes and its
 * rules, in the order the planner applies them (the first line rule that stops a transaction gives
 * its reason). A destination without a rule simply leaves it out of its list: Xero, for one, has no
 * "not older than the destination's newest" rule (X19) and a one-year window (X21); Sage takes one
 * statement at a time per account (S23: nothing planned while one is in flight, one batch a plan).
 *
 * @example
 * const d: Destination = destinations[state.account?.destination ?? 'qbo']
 * d.lineRules.map((r) => `${r.rule} ${r.name}`) // => ['feedsync notVoided', …, 'Q4 notOlderThanDestinationNewest', …]
 */
export interface Destination {
  readonly id: DestinationId
  /** The ledger's name as an operator knows it, used in reasons: `'QuickBooks'`. */
  readonly name: string
  /** Codat's platform key for the ledger's bank-feeds integration (`'hcws'` for QBO). */
  readonly codatPlatformKey: string
  readonly defaults: PlanLimits
  /**
   * `transactionType` values the ledger takes; whether the ledger requires the field on every line
   * (`required`: Xero X24, Sage S19); and what ingest does with a bank line that carries none
   * (`whenMissing`): `'by_sign'` records it, and it is sent with the type `lineTransactionType`
   * gives (its sign's direction), so no bank line waits on a type; `'refuse'` refuses it at ingest
   * when `required` (`invalid_transaction_type`).
   */
  readonly transactionTypes: {
    readonly accepted: readonly TransactionType[]
    readonly required: boolean
    readonly whenMissing: 'by_sign' | 'refuse'
  }
  /**
   * The `transactionType` a line of this transaction is sent with (the Codat line builder calls
   * it): the bank's type, else the direction of its sign (`typeOrSign`). `undefined` only for a
   * ledger that takes lines without one and is sent none.
   *
   * @example
   * destinationOf(state).lineTransactionType(state.txns.get(line.transactionId)) // => 'Debit'
   */
  readonly lineTransactionType: (t: Pick<Txn, 'type' | 'amount'>) => TransactionType | undefined
  readonly lineRules: readonly LineRule[]
  readonly batchRules: readonly BatchRule[]
  /**
   * How accepted lines reach the ledger: QBO pulls daily at 06:00 in the account's zone (so the
   * reconciliation shows lines "awaiting pull"); Xero is delivered at once (X27); Sage once its
   * Banking Service accepted the statement (S22), which is the push operation's `Success`.
   */
  readonly delivery: Delivery
  /**
   * How long a push operation usually stays `Pending` at Codat for this ledger (ms): a status read
   * before it is almost always answered `Pending`, so the first one is worth making only then. QBO
   * 2 s (Codat only validates and stores, QBO pulls later: BEHAVIOUR.md §7.3, its 2 s latency);
   * Xero 5 s (X27); Sage 60 s (S22, the Sage Banking Service processes the statement first).
   */
  readonly pendingMs: number
  /**
   * The earliest day a line may carry to be accepted now and still be inside the window when the
   * ledger takes it: the day a redated line is pushed on. QBO: the latest of the feed start date,
   * the destination's newest day and (delivery day − historicDays); Xero: one year before today
   * (X21); Sage: the later of the connect day and its newest day (S17, S15).
   */
  readonly earliestDay: (ctx: PlanContext) => Day
}
