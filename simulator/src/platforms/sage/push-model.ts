const prop = (type: string, displayName: string, description: string, required: boolean) => ({
  type,
  displayName,
  description,
  required,
  properties: null,
  options: null,
  validation: { warnings: [], information: [] },
})

/** Codat's PushOption model of a Sage bank-transactions write (S18, S19: every field required). */
export function sageBankTransactionsModel() {
  return {
    type: 'Object',
    displayName: 'Bank Transactions',
    description: 'Bank transactions for a Sage Bank Feeds source account.',
    required: true,
    properties: {
      accountId: prop('String', 'Account ID', 'The source account id.', true),
      transactions: {
        ...prop(
          'Array',
          'Transactions',
          'At most 1000 lines, earliest first, none older than the newest on the account.',
          true,
        ),
        properties: {
          id: prop(
            'String',
            'ID',
            'Unique transaction id; Sage refuses a statement with an id sent before.',
            true,
          ),
          date: prop('DateTime', 'Date', 'Not after today, not before the feed start date.', true),
          description: prop('String', 'Description', 'Transaction description.', true),
          amount: prop('Number', 'Amount', 'Positive = money in, negative = money out.', true),
          balance: prop('Number', 'Balance', 'Running balance after this line.', true),
          transactionType: prop(
            'String',
            'Transaction type',
            'Any transaction type; Credit/Debit should match the sign.',
            true,
          ),
          counterparty: prop('String', 'Counterparty', 'Accepted.', false),
          reference: prop('String', 'Reference', 'Accepted.', false),
        },
      },
    },
    options: null,
    validation: { warnings: [], information: [] },
  }
}
