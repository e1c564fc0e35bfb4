import { Type } from 'typebox'
import { DateString, DecimalInput, IdString, TextString } from './input-policy.js'

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
  },
  { additionalProperties: true, description: 'application/problem+json (RFC 9457) with a stable `code`.' },
)

export const ErrorResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
  502: ProblemSchema,
  503: ProblemSchema,
}

/** An id (company, account, transaction): the input policy's (`input-policy.ts`). */
export const Id = IdString()

export const CompanyParams = Type.Object({ companyId: Id })
export const AccountParams = Type.Object({ companyId: Id, accountId: Id })
export const TransactionParams = Type.Object({ companyId: Id, accountId: Id, transactionId: Id })

export const SourceAccountInput = Type.Object({
  id: Id,
  accountName: TextString({ minLength: 1, maxLength: 200 }),
  accountType: Type.Union([
    Type.Literal('checking'),
    Type.Literal('savings'),
    Type.Literal('loan'),
    Type.Literal('creditCard'),
    Type.Literal('prepaidCard'),
  ]),
  accountNumber: TextString({ minLength: 1, maxLength: 64 }),
  sortCode: Type.Optional(TextString({ maxLength: 32 })),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  balance: DecimalInput('balance', "The feed's opening balance"),
  timeZone: Type.Optional(TextString({ minLength: 1, maxLength: 64 })),
})

/** The ledger a company feeds: QuickBooks Online, Xero or Sage (Codat keys hcws, gbol, olpr). */
export const Platform = Type.Union([Type.Literal('qbo'), Type.Literal('xero'), Type.Literal('sage')], {
  description: 'The ledger the SMB keeps its books in: `qbo` (QuickBooks Online), `xero` or `sage`.',
})

export const OnboardBody = Type.Object({
  name: TextString({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(TextString({ maxLength: 1000 })),
  platform: Type.Optional(Platform),
  accounts: Type.Array(SourceAccountInput, { minItems: 1, maxItems: 50 }),
})

export const OnboardHeaders = Type.Object({
  'idempotency-key': Type.Optional(TextString({ minLength: 1, maxLength: 200 })),
})

export const OnboardReply = Type.Object({
  companyId: Type.String(),
  connectionId: Type.String(),
  platform: Platform,
  linkUrl: Type.Union([Type.String(), Type.Null()], {
    description:
      'Where the SMB starts linking (QBO, Xero); null for Sage (linked from inside Sage: POST …/link).',
  }),
  accounts: Type.Array(
    Type.Object({ accountId: Type.String(), accountName: Type.String(), currency: Type.String() }),
  ),
})

export const CredentialsReply = Type.Object({
  username: Type.String(),
  password: Type.String(),
  notice: Type.String(),
})

const FeedLinkStatus = Type.Union([
  Type.Literal('not_linked'),
  Type.Literal('linked'),
  Type.Literal('disconnected'),
])

export const CompanyReply = Type.Object({
  companyId: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  onboardedAt: Type.String(),
  platform: Platform,
  connection: Type.Object({
    connectionId: Type.String(),
    status: Type.String(),
    linkUrl: Type.Union([Type.String(), Type.Null()]),
  }),
  accounts: Type.Array(
    Type.Object({
      accountId: Type.String(),
      accountName: Type.String(),
      currency: Type.String(),
      codatStatus: Type.Union([Type.String(), Type.Null()]),
      feedStartDate: Type.Union([Type.String(), Type.Null()]),
      link: FeedLinkStatus,
    }),
  ),
})

export const TransactionInput = Type.Object({
  id: Id,
  date: DateString(),
  description: TextString({ maxLength: 1000 }),
  amount: DecimalInput('amount'),
  balance: Type.Optional(DecimalInput('balance')),
  type: Type.Optional(TextString({ maxLength: 20 })),
  status: Type.Union([Type.Literal('pending'), Type.Literal('cleared')]),
  currency: Type.Optional(Type.String({ maxLength: 3 })),
  replacesPendingId: Type.Optional(
    IdString({
      description:
        'On a cleared transaction: the id of the pending one the bank now posts under this new id (its amount ' +
        'or date may differ). The pending one is closed as `replaced`: never pushed, never counted.',
      examples: ['pend-2026-11-28-017'],
    }),
  ),
})

export const MAX_TRANSACTIONS = 1000

export const IngestBody = Type.Object({
  transactions: Type.Array(TransactionInput, { minItems: 1, maxItems: MAX_TRANSACTIONS }),
})

export const IngestQuery = Type.Object({
  partial: Type.Optional(
    Type.Boolean({ description: 'Record the valid transactions even if some are rejected.' }),
  ),
})

export const IngestReply = Type.Object({
  recorded: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      result: Type.Union([Type.Literal('recorded'), Type.Literal('duplicate'), Type.Literal('rejected')]),
      code: Type.Optional(Type.String()),
      message: Type.Optional(Type.String()),
      warning: Type.Optional(
        Type.Object(
          {
            code: Type.String({ examples: ['before_feed_start'] }),
            message: Type.String({
              examples: [
                'Dated 2026-11-26, before the feed start date 2026-11-28 the customer chose in QuickBooks; QuickBooks ' +
                  'takes nothing dated before the feed start date (today it takes 2026-11-28 to 2026-12-02).',
              ],
            }),
          },
          {
            description:
              'Recorded, but it will not go as sent: a date QuickBooks refuses (a quarantine code), `redated` ' +
              '(the account redates late postings) or `future_dated` (held until its day).',
          },
        ),
      ),
    }),
  ),
})

export const ClearBody = Type.Union([
  Type.Object({ date: Type.Optional(DateString({ description: 'The day it cleared, if not its own' })) }),
  Type.Null(),
])

const SyncStatus = Type.Union([
  Type.Literal('pushed'),
  Type.Literal('in_flight'),
  Type.Literal('ready'),
  Type.Literal('held'),
  Type.Literal('quarantined'),
  Type.Literal('dismissed'),
  Type.Literal('replaced'),
])

export const TransactionView = Type.Object({
  id: Type.String(),
  date: Type.String(),
  description: Type.String(),
  amount: Type.String(),
  balance: Type.Union([Type.String(), Type.Null()]),
  type: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('cleared'), Type.Literal('voided')]),
  sync: Type.Object({
    status: SyncStatus,
    reason: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
    redatedTo: Type.Optional(
      Type.String({
        description: 'A redated line: the day QuickBooks holds it under.',
        examples: ['2026-12-01'],
      }),
    ),
  }),
})

export const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  orderBy: Type.Optional(
    Type.Union([Type.Literal('date'), Type.Literal('-date'), Type.Literal('id'), Type.Literal('-id')], {
      default: 'date',
    }),
  ),
  syncStatus: Type.Optional(SyncStatus),
})

export const ListReply = Type.Object({
  page: Type.Integer(),
  pageSize: Type.Integer(),
  totalResults: Type.Integer(),
  results: Type.Array(TransactionView),
})

const Counts = Type.Object({
  pushed: Type.Integer(),
  inFlight: Type.Integer(),
  ready: Type.Integer(),
  held: Type.Integer(),
  quarantined: Type.Integer(),
  pending: Type.Integer(),
  dismissed: Type.Integer(),
  replaced: Type.Integer(),
  redated: Type.Integer(),
})

export const FeedReply = Type.Object({
  link: FeedLinkStatus,
  feedStartDate: Type.Union([Type.String(), Type.Null()]),
  today: Type.String(),
  destinationNewestDate: Type.Union([Type.String(), Type.Null()]),
  pushedBalance: Type.Union([Type.String(), Type.Null()]),
  counts: Counts,
  holdReasons: Type.Record(Type.String(), Type.Integer()),
  quarantineReasons: Type.Record(Type.String(), Type.Integer()),
  batchInFlight: Type.Union([
    Type.Object({
      batchId: Type.String(),
      pushOperationKey: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      lines: Type.Integer(),
    }),
    Type.Null(),
  ]),
})

export const SyncReply = Type.Object({
  status: Type.Union([Type.Literal('done'), Type.Literal('stuck')]),
  batchesPushed: Type.Integer(),
  reconciled: Type.Integer(),
  feed: FeedReply,
})

export const OperationsReply = Type.Object({
  results: Type.Array(
    Type.Object({
      accountId: Type.String(),
      batchId: Type.String(),
      pushOperationKey: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      lines: Type.Integer(),
      plannedAt: Type.String(),
      completedAt: Type.Union([Type.String(), Type.Null()]),
      message: Type.Union([Type.String(), Type.Null()]),
      rejections: Type.Array(
        Type.Object({
          transactionId: Type.String(),
          code: Type.String(),
          message: Type.String(),
          final: Type.Boolean(),
        }),
      ),
    }),
  ),
})
