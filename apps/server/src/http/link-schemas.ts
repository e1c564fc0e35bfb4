import { Type } from 'typebox'
import { Id } from './schemas.js'

/** `POST /v1/companies/{companyId}/link`: what the SMB needs for its platform (never stored). */
export const LinkReply = Type.Union(
  [
    Type.Object(
      {
        platform: Type.Literal('qbo'),
        linkUrl: Type.String({ description: 'Where the SMB starts linking in QuickBooks.' }),
        username: Type.String(),
        password: Type.String(),
        notice: Type.String(),
      },
      { title: 'QuickBooks: one-time credentials' },
    ),
    Type.Object(
      {
        platform: Type.Literal('xero'),
        linkUrl: Type.String({
          description: 'A fresh link to Xero sign-in and consent: single use, valid about an hour.',
        }),
        notice: Type.String(),
      },
      { title: 'Xero: a fresh link' },
    ),
    Type.Object(
      {
        platform: Type.Literal('sage'),
        connectionId: Type.String({ description: 'The data connection ID the SMB types in Sage.' }),
        otp: Type.String({ description: 'One-time password, typed once in Sage before `expiry`.' }),
        expiry: Type.String({ description: 'UTC instant after which the password no longer works.' }),
        notice: Type.String(),
      },
      { title: 'Sage: connection id and one-time password' },
    ),
  ],
  { description: 'Shown once; each call mints a new one. Never stored by feedsync.' },
)

const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A calendar day, YYYY-MM-DD.',
  examples: ['2026-11-01'],
})

export const MappingReply = Type.Object({
  accountId: Type.String(),
  status: Type.String({
    description:
      '`pending` (not mapped), `connecting` (mapped, Xero saving it), `connected` (linked), `disconnected`.',
  }),
  targetAccountId: Type.Union([Type.String(), Type.Null()]),
  targetAccountName: Type.Union([Type.String(), Type.Null()]),
  feedStartDate: Type.Union([Type.String(), Type.Null()], {
    description: 'The day Xero shows the feed from; advisory (Xero does not refuse older lines for it).',
  }),
  targetAccountOptions: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      balance: Type.Union([Type.String(), Type.Null()]),
      sortCode: Type.Union([Type.String(), Type.Null()]),
      accountNumber: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})

export const MapAccountBody = Type.Object(
  {
    /** One of `targetAccountOptions[].id`; left out, Xero creates a new account. */
    targetAccountId: Type.Optional(Id),
    feedStartDate: Type.Optional(Day),
  },
  { additionalProperties: false },
)

export const MapAccountReply = Type.Object({
  accountId: Type.String(),
  status: Type.String({ description: 'Normally `connecting` until Xero has saved the feed.' }),
  targetAccountId: Type.Union([Type.String(), Type.Null()], {
    description: 'null when Xero creates a new account.',
  }),
})
