const prop = (type: string, displayName: string, description: string, required: boolean) => ({
  type,
  displayName,
  description,
  required,
  properties: null,
  options: null,
  validation: { warnings: [], information: [] },
})

/** Codat's PushOption model of a QBO bank-transactions write, mirroring the field table of BEHAVIOUR §8.3. */
export function qboBankTransactionsModel() {
  return {
    type: 'Object',
    displayName: 'Bank Transactions',
    description: 'Bank transactions for a QuickBooks Online Bank Feeds source account.',
    required: true,
    properties: {
      accountId: prop('String', 'Account ID', 'The source account id.', true),
      transactions: {
        ...prop('Array', 'Transactions', 'At most 1000 lines, earliest first.', true),
        properties: {
          id: prop('String', 'ID', 'Unique transaction id.', true),
          date: prop('DateTime', 'Date', 'Cleared-on date; today or within the historic window.', true),
          description: prop('String', 'Description', 'Transaction description.', true),
          amount: prop('Number', 'Amount', 'Positive = money in, negative = money out.', true),
          balance: prop('Number', 'Balance', 'Running balance after this line.', true),
          transactionType: {
            ...prop('String', 'Transaction type', 'Credit, Debit or Unknown.', false),
            options: ['Credit', 'Debit', 'Unknown'].map((v) => ({
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
