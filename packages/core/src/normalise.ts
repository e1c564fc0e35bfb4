import type { TransactionInput } from './commands.js'
import { parseLocalDateTime } from './dates.js'
import type { Destination } from './destinations/destination.js'
import { qbo } from './destinations/qbo.js'
import { type FeedError, feedError } from './errors.js'
import type { RecordedTransaction, TransactionType } from './events.js'
import { formatMinor, parseDecimal } from './money.js'

/** Longest account or transaction id. */
export const MAX_ID = 200
const MAX_DESCRIPTION = 1000

/**
 * Validates and normalises a transaction for an account in `currency` feeding `destination` (QBO
 * by default); the result is what would be recorded.
 *
 * @example
 * normaliseTransaction({ id: 't1', date: '2026-11-19', description: 'Coffee', amount: -3.5, status: 'cleared' }, 'USD', 2)
 * // => { ok: true, data: { transactionId: 't1', date: '2026-11-19', description: 'Coffee', amount: '-3.50', status: 'cleared' } }
 */
export function normaliseTransaction(
  input: TransactionInput,
  currency: string,
  decimals: number,
  destination: Destination = qbo,
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
      `description is required (${destination.name} shows it), at most ${MAX_DESCRIPTION} characters.`,
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
  const types = destination.transactionTypes
  let transactionType: TransactionType | undefined
  if (input.type !== undefined) {
    if (!(types.accepted as readonly string[]).includes(input.type)) {
      return bad(
        'invalid_transaction_type',
        `type must be one of ${types.accepted.join(', ')} (${destination.name} accepts no others).`,
      )
    }
    transactionType = input.type as TransactionType
  } else if (types.required && types.whenMissing === 'refuse') {
    return bad(
      'invalid_transaction_type',
      `type is required by ${destination.name}: one of ${types.accepted.join(', ')}.`,
    )
  }
  const replaces = input.replacesPendingId
  if (replaces !== undefined) {
    if (typeof replaces !== 'string' || replaces.length === 0 || replaces.length > MAX_ID) {
      return bad(
        'invalid_transaction',
        `replacesPendingId must be a transaction id of 1 to ${MAX_ID} characters.`,
      )
    }
    if (input.status !== 'cleared' || replaces === input.id) {
      return bad(
        'invalid_transaction',
        'replacesPendingId goes on a cleared transaction and names another, pending one.',
      )
    }
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
  if (replaces !== undefined) data.replacesPendingId = replaces
  return { ok: true, data }
}
