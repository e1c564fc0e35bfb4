import type { Decimal } from './decimal.js'

/** `#/components/schemas/BankTransactions/items/properties/transactionType`. QBO accepts Credit, Debit, Unknown. */
export type BankTransactionType =
  | 'Unknown'
  | 'Credit'
  | 'Debit'
  | 'Int'
  | 'Div'
  | 'Fee'
  | 'SerChg'
  | 'Dep'
  | 'Atm'
  | 'Pos'
  | 'Xfer'
  | 'Check'
  | 'Payment'
  | 'Cash'
  | 'DirectDep'
  | 'DirectDebit'
  | 'RepeatPmt'
  | 'Other'

/**
 * One line of `CreateBankTransactions.transactions`. `amount` and `balance` are exact decimal strings
 * (positive amount = money in); they go on the wire as JSON numbers without passing through a float.
 *
 * @example
 * { id: 'tx-1', date: '2026-11-24', description: 'Coffee', amount: '-3.10', balance: '96.90', transactionType: 'Debit' }
 */
export interface BankTransaction {
  id?: string
  /** ISO-8601 local date or date-time; any offset is ignored by Codat. */
  date?: string
  description?: string | null
  counterparty?: string | null
  reference?: string | null
  reconciled?: boolean | null
  amount?: Decimal
  balance?: Decimal
  transactionType?: BankTransactionType | null
}

/** Body of create-bank-transactions (`#/components/schemas/CreateBankTransactions`); at most 1000 lines. */
export interface CreateBankTransactions {
  /** The source account id (also in the path). */
  accountId: string
  transactions: BankTransaction[]
}
