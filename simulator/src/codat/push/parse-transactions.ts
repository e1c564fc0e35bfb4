import { parseLineDate } from '../../kernel/dates.js'
import { toDecimal } from '../../kernel/decimal.js'
import { isObject } from '../../kernel/objects.js'
import type { Ctx } from '../context.js'
import { invalidRequest, type Problem } from '../errors.js'
import type { ParsedLine } from '../state.js'

/** Codat's `transactionType` values (any ledger's rules may accept fewer). */
export const TRANSACTION_TYPES = [
  'Unknown',
  'Credit',
  'Debit',
  'Int',
  'Div',
  'Fee',
  'SerChg',
  'Dep',
  'Atm',
  'Pos',
  'Xfer',
  'Check',
  'Payment',
  'Cash',
  'DirectDep',
  'DirectDebit',
  'RepeatPmt',
  'Other',
]

/** Most lines one create-bank-transactions request may hold. */
export const MAX_LINES = 1000

// Per-line helpers live at module level (not as closures per line): a push parses up to 1000 lines.

function stringField(item: Record<string, unknown>, k: string, itemId: string, problems: Problem[]) {
  const v = item[k]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') {
    problems.push({ itemId, message: `${k} must be a string.` })
    return null
  }
  return v
}

function decimalField(item: Record<string, unknown>, k: string, itemId: string, problems: Problem[]) {
  const v = item[k]
  if (v === undefined || v === null) return null
  const d = toDecimal(v)
  if (d === undefined) {
    problems.push({ itemId, message: `${k} must be a decimal number.` })
    return null
  }
  return d
}

/** One line of the body; shape problems are appended to `problems` (the line is still returned). */
function parseLine(item: unknown, i: number, problems: Problem[]): ParsedLine | undefined {
  if (!isObject(item)) {
    const where = `transactions[${i}]`
    problems.push({ itemId: where, message: `${where} must be an object.` })
    return undefined
  }
  const itemId = typeof item.id === 'string' && item.id ? item.id : `transactions[${i}]`
  const id = stringField(item, 'id', itemId, problems)
  const date = stringField(item, 'date', itemId, problems)
  const parsed = date === null ? undefined : parseLineDate(date)
  if (date !== null && !parsed) problems.push({ itemId, message: `date ${date} is not an ISO-8601 date.` })
  const description = stringField(item, 'description', itemId, problems)
  stringField(item, 'counterparty', itemId, problems)
  stringField(item, 'reference', itemId, problems)
  if (item.reconciled !== undefined && item.reconciled !== null && typeof item.reconciled !== 'boolean') {
    problems.push({ itemId, message: 'reconciled must be a boolean.' })
  }
  const type = item.transactionType
  if (
    type !== undefined &&
    type !== null &&
    (typeof type !== 'string' || !TRANSACTION_TYPES.includes(type))
  ) {
    problems.push({ itemId, message: `transactionType ${String(type)} is not a known transaction type.` })
  }
  return {
    id,
    date,
    day: parsed?.day ?? null,
    local: parsed?.local ?? null,
    description,
    amount: decimalField(item, 'amount', itemId, problems),
    balance: decimalField(item, 'balance', itemId, problems),
    transactionType: typeof type === 'string' ? type : null,
  }
}

/**
 * Checks the shape of a create-bank-transactions body (BEHAVIOUR §8.2): anything malformed, more than 1000
 * lines, a wrong type or an unknown enum, or a body `accountId` that differs from the path, is an HTTP 400.
 * Missing fields are shape errors only where the platform says (`required`, e.g. Xero's X24); QBO's are rule
 * Q9, judged with the other rules.
 */
export function parseCreateRequest(
  ctx: Ctx,
  pathAccountId: string,
  body: unknown,
  required: readonly (keyof ParsedLine)[] = [],
  requiredRule?: string,
): ParsedLine[] {
  const problems: Problem[] = []
  const stop = (): never => {
    throw invalidRequest(ctx, 'BankTransactions', problems)
  }
  if (!isObject(body)) {
    problems.push({ itemId: null, message: 'The body must be a CreateBankTransactions object.' })
    stop()
  }
  const b = body as Record<string, unknown>
  if (typeof b.accountId !== 'string')
    problems.push({ itemId: 'accountId', message: 'accountId is required.' })
  else if (b.accountId !== pathAccountId) {
    problems.push({
      itemId: 'accountId',
      message: 'accountId in the body must equal the accountId in the path.',
    })
  }
  if (!Array.isArray(b.transactions)) {
    problems.push({ itemId: 'transactions', message: 'transactions is required and must be an array.' })
    stop()
  }
  const items = b.transactions as unknown[]
  if (items.length > MAX_LINES) {
    problems.push({
      itemId: 'transactions',
      message: `A request may hold at most ${MAX_LINES} transactions; this one holds ${items.length}.`,
    })
    stop()
  }
  const lines: ParsedLine[] = []
  for (let i = 0; i < items.length; i++) {
    const line = parseLine(items[i], i, problems)
    if (!line) continue
    lines.push(line)
    const missing = required.filter((k) => line[k] === null || line[k] === '')
    if (missing.length) {
      problems.push({
        itemId: line.id ?? `transactions[${i}]`,
        message: `${requiredRule ? `${requiredRule}: ` : ''}${missing.join(', ')} required for this platform.`,
      })
    }
  }
  if (problems.length) stop()
  return lines
}
