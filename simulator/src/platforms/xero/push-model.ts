import { TRANSACTION_TYPES } from '../../codat/push/parse-transactions.js'

const prop = (type: string, displayName: string, description: string, required: boolean) => ({
  type,
  displayName,
  description,
  required,
  properties: null,
  options: null,
  validation: { warnings: [], information: [] },
})

/** Codat's PushOption model of a Xero bank-transactions write (X24: every field required, any type). */
export function xeroBankTransactionsModel() {
  return {
    type: 'Object',
    displayName: 'Bank Transactions',
    description: 'Bank transactions for a Xero bank feed account.',
    required: true,
    properties: {
      accountId: prop('String', 'Account ID', 'The source account id.', true),
      transactions: {
        ...prop('Array', 'Transactions', 'At most 1000 lines, chronological within the request.', true),
        properties: {
          id: prop('String', 'ID', 'Unique transaction id.', true),
          date: prop('DateTime', 'Date', 'Today or up to one year back.', true),
          description: prop('String', 'Description', 'Transaction description.', true),
          amount: prop('Number', 'Amount', 'Positive = money in, negative = money out.', true),
          balance: prop('Number', 'Balance', 'Running balance after this line.', true),
          transactionType: {
            ...prop('String', 'Transaction type', 'Any Codat transaction type.', true),
            options: TRANSACTION_TYPES.map((v) => ({
              type: 'String',
              displayName: v,
              value: v,
              required: false,
            })),
          },
        },
      },
    },
    options: null,
    validation: { warnings: [], information: [] },
  }
}
