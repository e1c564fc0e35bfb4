import { Type } from 'typebox'
import { DayString, TextString } from './input-policy.js'

/** Longest operator note (the core's `MAX_NOTE`). */
const MAX_NOTE = 1000

const ItemState = Type.Union(
  [
    Type.Literal('ready'),
    Type.Literal('held'),
    Type.Literal('quarantined'),
    Type.Literal('dismissed'),
    Type.Literal('in_flight'),
  ],
  { description: 'Where a line behind the difference stands.', examples: ['quarantined'] },
)

const ItemAction = Type.Union([
  Type.Literal('wait'),
  Type.Literal('link_feed'),
  Type.Literal('redate'),
  Type.Literal('accept_balance'),
  Type.Literal('dismiss'),
])

const LatePostings = Type.Union([Type.Literal('quarantine'), Type.Literal('redate')], {
  description:
    'What to do with a line QuickBooks refuses for its date (before the feed start date, older than what ' +
    'QuickBooks holds, outside the historic window): keep it quarantined until an operator acts, or push it ' +
    'dated on the earliest day QuickBooks accepts, its bank date kept in the description.',
  examples: ['redate'],
})

const Money = (example: string, description?: string) =>
  Type.String({ examples: [example], ...(description === undefined ? {} : { description }) })

const ReportItem = Type.Object({
  transactionId: Type.String({ examples: ['txn-2026-11-29-003'] }),
  date: Type.String({ examples: ['2026-11-29'], description: "The bank's date." }),
  amount: Money('-412.50'),
  description: Type.String({ examples: ['Card payment OFFICE DEPOT'] }),
  state: ItemState,
  code: Type.String({ examples: ['older_than_destination'], description: 'The reason code.' }),
  message: Type.String({
    examples: ['QuickBooks already holds lines dated 2026-12-01; it refuses a line dated before that.'],
  }),
  actions: Type.Array(ItemAction, { examples: [['redate', 'dismiss']] }),
  redatedTo: Type.Optional(
    Type.String({ examples: ['2026-12-01'], description: 'The day it is pushed on.' }),
  ),
})

/** `GET …/accounts/{accountId}/reconciliation` and the answer of every action on a line. */
export const ReconciliationReply = Type.Object(
  {
    companyId: Type.String({ examples: ['8a210b68-6988-11ed-a1eb-0242ac120002'] }),
    accountId: Type.String({ examples: ['acc-checking-001'] }),
    accountName: Type.Optional(Type.String({ examples: ['Business Checking'] })),
    settings: Type.Object({ latePostings: LatePostings }),
    asOf: Type.Union([Type.String(), Type.Null()], { examples: [null, '2026-12-02'] }),
    currency: Type.String({ examples: ['USD'] }),
    bank: Type.Object({
      balance: Money('4867.45', 'Opening balance + every cleared, not voided, not replaced transaction.'),
      reportedBalance: Type.Union([Type.String(), Type.Null()], {
        examples: ['4867.45'],
        description: "The bank's latest per-line balance, if it sent any.",
      }),
      acceptedGap: Money('0.00'),
      acceptedGaps: Type.Array(
        Type.Object({
          transactionId: Type.String(),
          offset: Type.String(),
          note: Type.String(),
          by: Type.String(),
          at: Type.String(),
        }),
      ),
    }),
    destination: Type.Object({
      balance: Money('4040.65', 'What QuickBooks shows once it pulled: opening balance + every pushed line.'),
      pushedCount: Type.Integer({ examples: [19] }),
      awaitingPull: Type.Integer({
        examples: [4],
        description: 'Pushed lines QuickBooks has not pulled yet.',
      }),
    }),
    difference: Money('826.80', 'bank.balance − destination.balance.'),
    items: Type.Array(ReportItem),
    unexplained: Money('0.00', 'difference − Σ items.amount: always zero.'),
  },
  { description: "The bank's ledger against what QuickBooks holds, every difference explained." },
)

export const ReconciliationQuery = Type.Object({
  asOf: Type.Optional(
    DayString({
      description: 'Count only lines dated up to this day (the bank date)',
      examples: ['2026-12-02'],
    }),
  ),
})

export const SeriesReply = Type.Object({
  results: Type.Array(
    Type.Object({
      day: Type.String({ examples: ['2026-11-30'] }),
      bank: Money('4455.20'),
      destination: Money('4040.65'),
    }),
  ),
})

const Note = TextString({
  minLength: 1,
  maxLength: MAX_NOTE,
  description: 'Why (kept in the account stream with who and when)',
  examples: ['Late posting from the card processor; book it on the first open day.'],
})

/** `POST …/redate`, `…/dismiss`, `…/accept-balance`. */
export const OperatorBody = Type.Object({ note: Note })

/** Who acts: the `X-Operator` header when given (an operator's e-mail, say), else the API key's tenant. */
export const OperatorHeaders = Type.Object({
  'x-operator': Type.Optional(TextString({ minLength: 1, maxLength: 200, examples: ['ops@bank.example'] })),
})

export const SettingsBody = Type.Object({
  latePostings: LatePostings,
  note: Type.Optional(TextString({ maxLength: MAX_NOTE, examples: ['Redate late card postings.'] })),
})

export const RollupReply = Type.Object({
  companyId: Type.String({ examples: ['8a210b68-6988-11ed-a1eb-0242ac120002'] }),
  accounts: Type.Array(
    Type.Object({
      accountId: Type.String({ examples: ['acc-checking-001'] }),
      accountName: Type.String({ examples: ['Business Checking'] }),
      currency: Type.String({ examples: ['USD'] }),
      difference: Money('826.80'),
      items: Type.Integer({ examples: [3] }),
      oldestStuckSince: Type.Union([Type.String(), Type.Null()], { examples: ['2026-11-29T05:00:00.000Z'] }),
    }),
  ),
  differences: Type.Array(
    Type.Object({ currency: Type.String({ examples: ['USD'] }), difference: Money('826.80') }),
    {
      description: 'The accounts’ differences summed per currency.',
    },
  ),
})

export const ExceptionsQuery = Type.Object({
  state: Type.Optional(ItemState),
  stuckForMinutes: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 10_000_000,
      description: 'Only accounts with a held or quarantined line stuck at least this long.',
      examples: [1440],
    }),
  ),
})

const Counts = Type.Object({
  ready: Type.Integer(),
  held: Type.Integer(),
  quarantined: Type.Integer(),
  dismissed: Type.Integer(),
  in_flight: Type.Integer(),
})

export const ExceptionsReply = Type.Object({
  results: Type.Array(
    Type.Object({
      companyId: Type.String({ examples: ['8a210b68-6988-11ed-a1eb-0242ac120002'] }),
      companyName: Type.String({ examples: ['Acme Plumbing LLC'] }),
      accountId: Type.String({ examples: ['acc-checking-001'] }),
      accountName: Type.String({ examples: ['Business Checking'] }),
      currency: Type.String({ examples: ['USD'] }),
      difference: Money('826.80'),
      items: Type.Integer({ examples: [3] }),
      byState: Counts,
      oldestStuckSince: Type.Union([Type.String(), Type.Null()], { examples: ['2026-11-29T05:00:00.000Z'] }),
      stuckMinutes: Type.Integer({ examples: [4320] }),
    }),
  ),
})
