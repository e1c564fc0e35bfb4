/**
 * One transaction and one batch as the fold keeps them, and how a recorded transaction enters the
 * state. `state.ts` re-exports the types.
 */
import { type Day, parseLocalDateTime } from './dates.js'
import type {
  LatePostings,
  LineRejection,
  OperatorNote,
  PlannedLine,
  RecordedTransaction,
  TransactionType,
} from './events.js'
import { parseDecimal } from './money.js'

/** One transaction as the feed knows it. */
export interface Txn {
  readonly id: string
  /** The bank's date (the cleared date once known); a redated line is pushed on another day. */
  date: string
  day: Day
  /** Local date-time used to order transactions of one day. */
  local: string
  /** Order of recording, to break ties between equal dates. */
  readonly seq: number
  readonly description: string
  readonly amount: bigint
  /** Bank-supplied balance after this transaction, in minor units. */
  readonly balance: bigint | undefined
  readonly type: TransactionType | undefined
  /** The `TransactionRecorded` data as first recorded, to tell replays from conflicts. */
  readonly recordedDate: string
  readonly recordedStatus: 'pending' | 'cleared'
  /** The pending transaction this cleared one replaces, as recorded. */
  readonly replacesPendingId: string | undefined
  cleared: boolean
  voided: boolean
  pushed: boolean
  /** The batch this transaction is in flight in, if any. */
  batchId: string | undefined
  /** Final refusal by the destination: quarantined for good. */
  rejection: { code: string; message: string } | undefined
  /** The cleared transaction that replaced this pending one: closed, never pushed nor counted. */
  replacedBy: string | undefined
  /** The operator dismissed it: closed, never pushed, shown as `dismissed`. */
  dismissed: OperatorNote | undefined
  /** The operator asked for it to be pushed redated. */
  redated: OperatorNote | undefined
  /** The reason a date rule first quarantined it with (`TransactionsQuarantined`). */
  quarantine: { code: string; message: string } | undefined
  /** The date the destination holds it under, once pushed (differs from `date` when redated). */
  pushedDate: string | undefined
}

/** Where a batch is between intent and outcome. */
export type BatchStatus = 'planned' | 'submitted' | 'succeeded' | 'failed' | 'timed_out'

/** One planned push and what became of it. */
export interface Batch {
  readonly id: string
  /** Empty once a folding state settled it (`lineCount`, `lineDays` keep what is needed). */
  lines: readonly PlannedLine[]
  /** A settled batch of a folding state: how many lines it had, and per bank day. */
  lineCount?: number
  lineDays?: ReadonlyArray<readonly [Day, number]>
  readonly plannedAt: string
  status: BatchStatus
  pushOperationKey: string | undefined
  completedAt: string | undefined
  message: string | undefined
  rejections: readonly LineRejection[]
}

/** The account's settings (`AccountSettingsChanged`). */
export interface AccountSettings {
  /** What to do with a line whose date the destination refuses: quarantine it (default) or redate it. */
  latePostings: LatePostings
}

/** One accepted bank balance (`BankBalanceAccepted`): the gap the balance check adds from that line on. */
export interface BalanceAcceptance {
  readonly transactionId: string
  /** The bank's balance minus the expected one, in minor units. */
  readonly offset: bigint
  readonly note: string
  readonly by: string
  readonly at: string
}

/** Parses a decimal that `decide` already validated; 0 if it somehow is not one (evolve never throws). */
export function minorOf(text: string, decimals: number): bigint {
  const p = parseDecimal(text, decimals)
  return p.ok ? p.minor : 0n
}

/**
 * A new transaction from its recorded data, `seq` its recording order. A cleared one that
 * replaces a pending one closes that one in `txns` (when it is there and still pending).
 */
export function newTxn(
  d: RecordedTransaction,
  seq: number,
  decimals: number,
  txns: ReadonlyMap<string, Txn>,
): Txn {
  const when = parseLocalDateTime(d.date)
  const replaced = d.replacesPendingId === undefined ? undefined : txns.get(d.replacesPendingId)
  if (replaced !== undefined && !replaced.cleared && replaced.replacedBy === undefined) {
    replaced.replacedBy = d.transactionId
  }
  return {
    id: d.transactionId,
    date: d.date,
    day: when?.day ?? d.date.slice(0, 10),
    local: when?.local ?? d.date,
    seq,
    description: d.description,
    amount: minorOf(d.amount, decimals),
    balance: d.balance === undefined ? undefined : minorOf(d.balance, decimals),
    type: d.transactionType,
    recordedDate: d.date,
    recordedStatus: d.status,
    replacesPendingId: d.replacesPendingId,
    cleared: d.status === 'cleared',
    voided: false,
    pushed: false,
    batchId: undefined,
    rejection: undefined,
    replacedBy: undefined,
    dismissed: undefined,
    redated: undefined,
    quarantine: undefined,
    pushedDate: undefined,
  }
}

/**
 * True when the transaction is part of the bank's ledger: cleared, not voided, not replaced. These
 * are the lines the reconciliation counts on the bank's side.
 */
export function inBankLedger(t: Txn): boolean {
  return t.cleared && !t.voided && t.replacedBy === undefined
}

/** The bank's order: by local date-time, then by recording order. */
export function bankOrder(a: Txn, b: Txn): number {
  if (a.local !== b.local) return a.local < b.local ? -1 : 1
  return a.seq - b.seq
}
