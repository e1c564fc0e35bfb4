import type { Command, TransactionInput } from './commands.js'
import { isDay, isTimeZone, parseLocalDateTime } from './dates.js'
import { type FeedError, feedError } from './errors.js'
import {
  type FeedEvent,
  type RecordedTransaction,
  TRANSACTION_TYPES,
  type TransactionCleared,
  type TransactionType,
} from './events.js'
import { currencyDecimals, formatMinor, isCurrencyCode, parseDecimal } from './money.js'
import { planBatches } from './planner.js'
import type { AccountState, Batch, Txn } from './state.js'

/** The events a command produces (none when it changes nothing, such as a replay), or why it was refused. */
export type Decision =
  | { readonly ok: true; readonly events: FeedEvent[] }
  | { readonly ok: false; readonly error: FeedError }

const ok = (...events: FeedEvent[]): Decision => ({ ok: true, events })
const fail = (...args: Parameters<typeof feedError>): Decision => ({ ok: false, error: feedError(...args) })

const MAX_ID = 200
const MAX_DESCRIPTION = 1000

const notRegistered = () =>
  feedError(
    'account_not_registered',
    'Register the account (currency and opening balance) before anything else.',
  )

/**
 * Decides what a command means for one account. Pure: never throws, never reads a clock.
 *
 * @example
 * const d = decide({ type: 'VoidTransaction', transactionId: 't1', at }, state)
 * if (!d.ok) d.error.code // => 'transaction_already_pushed'
 */
export function decide(command: Command, state: AccountState): Decision {
  const account = state.account
  if (command.type === 'RegisterAccount') return registerAccount(command, state)
  if (account === undefined) return { ok: false, error: notRegistered() }
  switch (command.type) {
    case 'LinkFeed': {
      if (!isDay(command.feedStartDate)) {
        return fail(
          'invalid_feed_start_date',
          `feedStartDate must be a date as YYYY-MM-DD, got "${command.feedStartDate}".`,
        )
      }
      const f = state.feed
      if (f.status === 'linked' && f.feedStartDate === command.feedStartDate) return ok()
      return ok({ type: 'FeedLinked', data: { feedStartDate: command.feedStartDate, at: command.at } })
    }
    case 'DisconnectFeed':
      return state.feed.status === 'linked'
        ? ok({ type: 'FeedDisconnected', data: { at: command.at } })
        : ok()
    case 'RecordTransaction':
      return recordTransaction(command.transaction, command.at, state, account.currency, account.decimals)
    case 'ClearTransaction': {
      const t = state.txns.get(command.transactionId)
      if (t === undefined)
        return fail('unknown_transaction', `No transaction "${command.transactionId}" on this account.`)
      if (t.voided)
        return fail('transaction_voided', `Transaction "${t.id}" was voided and cannot be cleared.`)
      if (command.date !== undefined && parseLocalDateTime(command.date) === undefined) {
        return fail('invalid_date', `date must be YYYY-MM-DD or an ISO date-time, got "${command.date}".`)
      }
      if (t.cleared) return ok()
      const data =
        command.date === undefined
          ? { transactionId: t.id, at: command.at }
          : { transactionId: t.id, date: command.date, at: command.at }
      return ok({ type: 'TransactionCleared', data })
    }
    case 'VoidTransaction': {
      const t = state.txns.get(command.transactionId)
      if (t === undefined)
        return fail('unknown_transaction', `No transaction "${command.transactionId}" on this account.`)
      if (t.pushed) {
        return fail(
          'transaction_already_pushed',
          `Transaction "${t.id}" is already in QuickBooks; it can no longer be voided.`,
        )
      }
      if (t.batchId !== undefined) {
        return fail(
          'transaction_in_flight',
          `Transaction "${t.id}" is being sent to QuickBooks right now; try again after the push ends.`,
        )
      }
      if (t.voided) return ok()
      return ok({ type: 'TransactionVoided', data: { transactionId: t.id, at: command.at } })
    }
    case 'PlanBatch': {
      if (state.inFlight !== undefined) {
        return fail(
          'batch_in_flight',
          `Batch ${state.inFlight} is still in flight; record its outcome first.`,
        )
      }
      if (state.batches.has(command.batchId))
        return fail('invalid_batch_outcome', `Batch id ${command.batchId} is already used.`)
      const first = planBatches(state, command.now, command.limits).batches[0]
      if (first === undefined) return ok()
      return ok({
        type: 'BatchPlanned',
        data: { batchId: command.batchId, lines: [...first.lines], at: command.now },
      })
    }
    case 'SubmitBatch': {
      const b = state.batches.get(command.batchId)
      if (b === undefined) return fail('unknown_batch', `No batch ${command.batchId} on this account.`)
      if (b.status === 'submitted' && b.pushOperationKey === command.pushOperationKey) return ok()
      if (b.status !== 'planned')
        return fail('batch_not_in_flight', `Batch ${b.id} is ${b.status}, not waiting to be submitted.`)
      return ok({
        type: 'BatchSubmitted',
        data: { batchId: b.id, pushOperationKey: command.pushOperationKey, at: command.at },
      })
    }
    case 'RecordBatchSucceeded':
    case 'RecordBatchFailed':
    case 'RecordBatchTimedOut': {
      const b = state.batches.get(command.batchId)
      if (b === undefined) return fail('unknown_batch', `No batch ${command.batchId} on this account.`)
      const terminal = {
        RecordBatchSucceeded: 'succeeded',
        RecordBatchFailed: 'failed',
        RecordBatchTimedOut: 'timed_out',
      }[command.type]
      if (b.status === terminal) return ok()
      if (b.status !== 'planned' && b.status !== 'submitted') {
        return fail('batch_not_in_flight', `Batch ${b.id} already ended as ${b.status}.`)
      }
      if (command.type === 'RecordBatchSucceeded')
        return ok({ type: 'BatchSucceeded', data: { batchId: b.id, at: command.at } })
      if (command.type === 'RecordBatchTimedOut')
        return ok({ type: 'BatchTimedOut', data: { batchId: b.id, at: command.at } })
      const strangers = command.rejections.filter((r) => !inBatch(b, r.transactionId))
      if (strangers.length > 0) {
        return fail(
          'invalid_batch_outcome',
          `Rejected transaction ${strangers[0]?.transactionId} is not in batch ${b.id}.`,
        )
      }
      return ok({
        type: 'BatchFailed',
        data: { batchId: b.id, rejections: command.rejections, message: command.message, at: command.at },
      })
    }
    default: {
      const unknown: never = command
      return fail('invalid_transaction', `Unknown command ${JSON.stringify(unknown)}.`)
    }
  }
}

function inBatch(b: Batch, transactionId: string): boolean {
  return b.lines.some((l) => l.transactionId === transactionId)
}

function registerAccount(
  command: Extract<Command, { type: 'RegisterAccount' }>,
  state: AccountState,
): Decision {
  if (
    typeof command.accountId !== 'string' ||
    command.accountId.length === 0 ||
    command.accountId.length > MAX_ID
  ) {
    return fail('invalid_account_id', `accountId must be a non-empty string of at most ${MAX_ID} characters.`)
  }
  if (!isCurrencyCode(command.currency)) {
    return fail(
      'invalid_currency',
      `currency must be a three-letter ISO 4217 code such as USD, got "${command.currency}".`,
    )
  }
  const timeZone = command.timeZone ?? 'UTC'
  if (!isTimeZone(timeZone))
    return fail(
      'invalid_time_zone',
      `timeZone must be an IANA zone such as America/New_York, got "${timeZone}".`,
    )
  const decimals = currencyDecimals(command.currency)
  const opening = parseDecimal(command.openingBalance, decimals)
  if (!opening.ok) {
    return opening.problem === 'too_precise'
      ? fail(
          'balance_too_precise',
          `openingBalance has more than ${decimals} decimals, which ${command.currency} allows.`,
        )
      : fail('invalid_balance', 'openingBalance must be a finite decimal such as "1250.00".')
  }
  const data = {
    accountId: command.accountId,
    currency: command.currency,
    openingBalance: formatMinor(opening.minor, decimals),
    timeZone,
    at: command.at,
  }
  const existing = state.account
  if (existing !== undefined) {
    const same =
      existing.accountId === data.accountId &&
      existing.currency === data.currency &&
      existing.openingBalance === opening.minor &&
      existing.timeZone === data.timeZone
    return same
      ? ok()
      : fail(
          'account_already_registered',
          `Account ${existing.accountId} is already registered with other details.`,
        )
  }
  return ok({ type: 'AccountRegistered', data })
}

/** Validates and normalises a transaction; the result is what would be recorded. */
export function normaliseTransaction(
  input: TransactionInput,
  currency: string,
  decimals: number,
): { ok: true; data: RecordedTransaction } | { ok: false; error: FeedError } {
  const bad = (...args: Parameters<typeof feedError>) => ({ ok: false as const, error: feedError(...args) })
  if (typeof input.id !== 'string' || input.id.length === 0 || input.id.length > MAX_ID) {
    return bad('invalid_transaction', `id must be a non-empty string of at most ${MAX_ID} characters.`)
  }
  if (
    typeof input.description !== 'string' ||
    input.description.trim().length === 0 ||
    input.description.length > MAX_DESCRIPTION
  ) {
    return bad(
      'invalid_transaction',
      `description is required (QuickBooks shows it), at most ${MAX_DESCRIPTION} characters.`,
    )
  }
  if (input.status !== 'pending' && input.status !== 'cleared') {
    return bad('invalid_transaction', 'status must be "pending" or "cleared".')
  }
  if (typeof input.date !== 'string' || parseLocalDateTime(input.date) === undefined) {
    return bad(
      'invalid_date',
      `date must be YYYY-MM-DD or an ISO date-time such as 2026-11-20T10:21:00, got "${String(input.date)}".`,
    )
  }
  if (input.currency !== undefined && input.currency !== currency) {
    return bad(
      'currency_mismatch',
      `This account is in ${currency}; the transaction is in ${String(input.currency)}.`,
    )
  }
  let transactionType: TransactionType | undefined
  if (input.type !== undefined) {
    if (!(TRANSACTION_TYPES as readonly string[]).includes(input.type)) {
      return bad(
        'invalid_transaction_type',
        `type must be one of ${TRANSACTION_TYPES.join(', ')} (QuickBooks accepts no others).`,
      )
    }
    transactionType = input.type as TransactionType
  }
  const amount = parseDecimal(input.amount, decimals)
  if (!amount.ok) {
    return amount.problem === 'too_precise'
      ? bad('amount_too_precise', `amount has more than ${decimals} decimals, which ${currency} allows.`)
      : bad('invalid_amount', 'amount must be a finite decimal such as "-12.30".')
  }
  let balance: string | undefined
  if (input.balance !== undefined) {
    const b = parseDecimal(input.balance, decimals)
    if (!b.ok) {
      return b.problem === 'too_precise'
        ? bad('balance_too_precise', `balance has more than ${decimals} decimals, which ${currency} allows.`)
        : bad('invalid_balance', 'balance must be a finite decimal such as "1250.00".')
    }
    balance = formatMinor(b.minor, decimals)
  }
  const data: RecordedTransaction = {
    transactionId: input.id,
    date: input.date,
    description: input.description,
    amount: formatMinor(amount.minor, decimals),
    status: input.status,
  }
  if (balance !== undefined) data.balance = balance
  if (transactionType !== undefined) data.transactionType = transactionType
  return { ok: true, data }
}

/** The content a replay must repeat: what was first recorded, from the state. */
function recordedContent(t: Txn, decimals: number): Omit<RecordedTransaction, 'transactionId' | 'status'> {
  const content: Omit<RecordedTransaction, 'transactionId' | 'status'> = {
    date: t.recordedDate,
    description: t.description,
    amount: formatMinor(t.amount, decimals),
  }
  if (t.balance !== undefined) content.balance = formatMinor(t.balance, decimals)
  if (t.type !== undefined) content.transactionType = t.type
  return content
}

function sameContent(
  a: Omit<RecordedTransaction, 'transactionId' | 'status'>,
  b: RecordedTransaction,
): boolean {
  return (
    a.date === b.date &&
    a.description === b.description &&
    a.amount === b.amount &&
    a.balance === b.balance &&
    a.transactionType === b.transactionType
  )
}

const conflict = (id: string) =>
  feedError('duplicate_conflict', `Transaction "${id}" was already recorded with different content.`)

function recordTransaction(
  input: TransactionInput,
  at: string,
  state: AccountState,
  currency: string,
  decimals: number,
): Decision {
  const n = normaliseTransaction(input, currency, decimals)
  if (!n.ok) return { ok: false, error: n.error }
  const d = n.data
  const existing = state.txns.get(d.transactionId)
  if (existing === undefined) return ok({ type: 'TransactionRecorded', data: { ...d, at } })
  if (!sameContent(recordedContent(existing, decimals), d))
    return { ok: false, error: conflict(d.transactionId) }
  // An identical replay changes nothing; a replay that reports the pending transaction as cleared clears it.
  if (d.status === 'cleared' && !existing.cleared && !existing.voided) {
    return ok({ type: 'TransactionCleared', data: { transactionId: d.transactionId, at } })
  }
  return ok()
}

/** What one transaction of a bulk record came to. */
export type RecordOutcome =
  | { readonly result: 'recorded' }
  /** Already recorded with the same content (a replay; it may clear a pending one). */
  | { readonly result: 'duplicate' }
  | { readonly result: 'rejected'; readonly error: FeedError }

/**
 * Decides a bulk record (one request of up to 1000 transactions): each transaction as a
 * `RecordTransaction` against the state with the request's earlier ones already recorded. Pure.
 * The events: ONE `TransactionsRecorded` with every new transaction (when there is one), then a
 * `TransactionCleared` per replay that reports a pending transaction as cleared. Applying them gives
 * the transactions that deciding and applying the commands one at a time gives (the version counts
 * events, so it differs).
 *
 * @example
 * const { outcomes, events } = decideRecordTransactions(state, [t1, t1, t2], at)
 * outcomes.map((o) => o.result) // => ['recorded', 'duplicate', 'recorded']
 * events.map((e) => e.type) // => ['TransactionsRecorded']
 */
export function decideRecordTransactions(
  state: AccountState,
  transactions: readonly TransactionInput[],
  at: string,
): { outcomes: RecordOutcome[]; events: FeedEvent[] } {
  const account = state.account
  if (account === undefined) {
    const error = notRegistered()
    return { outcomes: transactions.map(() => ({ result: 'rejected', error })), events: [] }
  }
  const recorded = new Map<string, RecordedTransaction>()
  const clears: TransactionCleared[] = []
  const clearing = new Set<string>()
  const outcomes: RecordOutcome[] = []
  for (const input of transactions) {
    const n = normaliseTransaction(input, account.currency, account.decimals)
    if (!n.ok) {
      outcomes.push({ result: 'rejected', error: n.error })
      continue
    }
    const d = n.data
    const id = d.transactionId
    // Recorded earlier in this request, or before it (never both: the request records only new ids).
    const earlier = recorded.get(id)
    const existing = earlier === undefined ? state.txns.get(id) : undefined
    const content = earlier ?? (existing && recordedContent(existing, account.decimals))
    if (content === undefined) {
      recorded.set(id, d)
      outcomes.push({ result: 'recorded' })
      continue
    }
    if (!sameContent(content, d)) {
      outcomes.push({ result: 'rejected', error: conflict(id) })
      continue
    }
    const pending =
      earlier !== undefined ? earlier.status === 'pending' : existing?.cleared === false && !existing.voided
    if (d.status === 'cleared' && pending && !clearing.has(id)) {
      clearing.add(id)
      clears.push({ type: 'TransactionCleared', data: { transactionId: id, at } })
    }
    outcomes.push({ result: 'duplicate' })
  }
  const events: FeedEvent[] =
    recorded.size === 0
      ? []
      : [{ type: 'TransactionsRecorded', data: { transactions: [...recorded.values()], at } }]
  return { outcomes, events: events.concat(clears) }
}
