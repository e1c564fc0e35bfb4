import { type DestinationId, LEGACY_DESTINATION } from './destinations/destination-id.js'
import type { LatePostings, LineRejection, OperatorNote, PlannedLine, TransactionType } from './events.js'
import type { AccountState, BatchStatus, FeedLink, Txn } from './state.js'

/** A JSON-safe copy of an `AccountState` (bigints as decimal strings). */
export interface Snapshot {
  /** 1: a state that keeps every transaction; 2: a folding one (`foldSettled`, with `settled`). */
  readonly schema: 1 | 2
  readonly version: number
  readonly account: {
    accountId: string
    currency: string
    decimals: number
    openingBalance: string
    timeZone: string
    registeredAt: string
    /** Absent from snapshots taken before destinations existed: those load as QBO. */
    destination?: DestinationId
  } | null
  readonly feed: FeedLink
  readonly txns: Array<{
    id: string
    date: string
    day: string
    local: string
    seq: number
    description: string
    amount: string
    balance: string | null
    type: TransactionType | null
    recordedDate: string
    recordedStatus: 'pending' | 'cleared'
    cleared: boolean
    voided: boolean
    pushed: boolean
    batchId: string | null
    rejection: { code: string; message: string } | null
    // Reconciliation fields: absent from snapshots taken before them (they load as unset).
    replacesPendingId?: string | null
    replacedBy?: string | null
    dismissed?: OperatorNote | null
    redated?: OperatorNote | null
    quarantine?: { code: string; message: string } | null
    pushedDate?: string | null
  }>
  readonly batches: Array<{
    id: string
    lines: PlannedLine[]
    plannedAt: string
    status: BatchStatus
    pushOperationKey: string | null
    completedAt: string | null
    message: string | null
    rejections: LineRejection[]
    lineCount?: number
    lineDays?: Array<[string, number]>
  }>
  /** Schema 2: the folded days (sums and offsets as decimal strings of minor units). */
  readonly settled?: {
    days: Array<{
      day: string
      sum: string
      count: number
      offsets: string
      points: Array<{ local: string; sum: string; offsets: string; minSeq: number; maxSeq: number }>
      lastBalance: { local: string; seq: number; balance: string } | null
    }>
    acceptedDays: Array<[string, string]>
  }
  /** A folding state that drops ended batches (absent: it keeps them; older snapshots). */
  readonly foldBatches?: boolean
  readonly inFlight: string | null
  readonly destinationNewestDay: string | null
  readonly pushedBalance: string
  readonly pushedCount: number
  readonly nextSeq: number
  /** Absent from snapshots taken before settings existed: `latePostings` loads as `'quarantine'`. */
  readonly settings?: { latePostings: LatePostings }
  /** Absent from older snapshots: none accepted. Offsets as decimal strings of minor units. */
  readonly balanceAcceptances?: Array<{
    transactionId: string
    offset: string
    note: string
    by: string
    at: string
  }>
}

/** One transaction as snapshots (and the server's projection of settled lines) keep it. */
export type TxnJson = Snapshot['txns'][number]

/** A JSON-safe copy of one transaction (bigints as decimal strings, absent fields as null). */
export function txnToJson(t: Txn): TxnJson {
  return {
    id: t.id,
    date: t.date,
    day: t.day,
    local: t.local,
    seq: t.seq,
    description: t.description,
    amount: t.amount.toString(),
    balance: t.balance === undefined ? null : t.balance.toString(),
    type: t.type ?? null,
    recordedDate: t.recordedDate,
    recordedStatus: t.recordedStatus,
    cleared: t.cleared,
    voided: t.voided,
    pushed: t.pushed,
    batchId: t.batchId ?? null,
    rejection: t.rejection ?? null,
    replacesPendingId: t.replacesPendingId ?? null,
    replacedBy: t.replacedBy ?? null,
    dismissed: t.dismissed ?? null,
    redated: t.redated ?? null,
    quarantine: t.quarantine ?? null,
    pushedDate: t.pushedDate ?? null,
  }
}

/** The transaction `txnToJson` wrote (also after a JSON round trip). */
export function txnFromJson(t: TxnJson): Txn {
  return {
    ...t,
    amount: BigInt(t.amount),
    balance: t.balance === null ? undefined : BigInt(t.balance),
    type: t.type ?? undefined,
    batchId: t.batchId ?? undefined,
    rejection: t.rejection ?? undefined,
    replacesPendingId: t.replacesPendingId ?? undefined,
    replacedBy: t.replacedBy ?? undefined,
    dismissed: t.dismissed ?? undefined,
    redated: t.redated ?? undefined,
    quarantine: t.quarantine ?? undefined,
    pushedDate: t.pushedDate ?? undefined,
  }
}

/** Serialises a state; `JSON.stringify` of the result is stable for equal states. */
export function toSnapshot(state: AccountState): Snapshot {
  const a = state.account
  return {
    schema: state.foldSettled ? 2 : 1,
    version: state.version,
    account: a === undefined ? null : { ...a, openingBalance: a.openingBalance.toString() },
    feed: state.feed,
    txns: [...state.txns.values()].map(txnToJson),
    batches: [...state.batches.values()].map((b) => ({
      id: b.id,
      lines: [...b.lines],
      plannedAt: b.plannedAt,
      status: b.status,
      pushOperationKey: b.pushOperationKey ?? null,
      completedAt: b.completedAt ?? null,
      message: b.message ?? null,
      rejections: [...b.rejections],
      ...(b.lineCount === undefined ? {} : { lineCount: b.lineCount }),
      ...(b.lineDays === undefined
        ? {}
        : { lineDays: b.lineDays.map(([d, n]) => [d, n] as [string, number]) }),
    })),
    ...(state.foldBatches ? { foldBatches: true } : {}),
    inFlight: state.inFlight ?? null,
    destinationNewestDay: state.destinationNewestDay ?? null,
    pushedBalance: state.pushedBalance.toString(),
    pushedCount: state.pushedCount,
    nextSeq: state.nextSeq,
    settings: { ...state.settings },
    balanceAcceptances: state.balanceAcceptances.map((a) => ({ ...a, offset: a.offset.toString() })),
    ...(state.foldSettled
      ? {
          settled: {
            days: [...state.settled.days].map(([day, f]) => ({
              day,
              sum: f.sum.toString(),
              count: f.count,
              offsets: f.offsets.toString(),
              points: f.points.map((p) => ({ ...p, sum: p.sum.toString(), offsets: p.offsets.toString() })),
              lastBalance:
                f.lastBalance === undefined
                  ? null
                  : { ...f.lastBalance, balance: f.lastBalance.balance.toString() },
            })),
            acceptedDays: [...state.settled.acceptedDays],
          },
        }
      : {}),
  }
}

/**
 * Restores a state from `toSnapshot` output (also after a JSON round trip). A snapshot taken before
 * destinations existed (its account has no `destination`) loads as a QBO account.
 */
export function fromSnapshot(s: Snapshot): AccountState {
  return {
    version: s.version,
    account:
      s.account === null
        ? undefined
        : {
            ...s.account,
            openingBalance: BigInt(s.account.openingBalance),
            destination: s.account.destination ?? LEGACY_DESTINATION,
          },
    feed: s.feed,
    txns: new Map(s.txns.map((t) => [t.id, txnFromJson(t)])),
    batches: new Map(
      s.batches.map((b) => [
        b.id,
        {
          ...b,
          pushOperationKey: b.pushOperationKey ?? undefined,
          completedAt: b.completedAt ?? undefined,
          message: b.message ?? undefined,
          lineCount: b.lineCount,
          lineDays: b.lineDays,
        },
      ]),
    ),
    foldSettled: s.schema === 2,
    foldBatches: s.schema === 2 && s.foldBatches === true,
    settled: {
      days: new Map(
        (s.settled?.days ?? []).map((f) => [
          f.day,
          {
            sum: BigInt(f.sum),
            count: f.count,
            offsets: BigInt(f.offsets),
            points: f.points.map((p) => ({ ...p, sum: BigInt(p.sum), offsets: BigInt(p.offsets) })),
            lastBalance:
              f.lastBalance === null
                ? undefined
                : { ...f.lastBalance, balance: BigInt(f.lastBalance.balance) },
          },
        ]),
      ),
      acceptedDays: new Map(s.settled?.acceptedDays ?? []),
    },
    inFlight: s.inFlight ?? undefined,
    destinationNewestDay: s.destinationNewestDay ?? undefined,
    pushedBalance: BigInt(s.pushedBalance),
    pushedCount: s.pushedCount,
    nextSeq: s.nextSeq,
    settings: { latePostings: s.settings?.latePostings ?? 'quarantine' },
    balanceAcceptances: (s.balanceAcceptances ?? []).map((a) => ({ ...a, offset: BigInt(a.offset) })),
  }
}
