// Test and preview support: rich fake data for the pages (two tenants, companies in every state).
import { emptyFeed, type FakeCompany, type FakeData } from './fake-ports.js'
import type { CompanyDetail, OperationRow, SyncStatus, TransactionRow } from './ports.js'

/** Keys of the sample tenants (tests and the preview sign in with these). */
export const SAMPLE_KEY_A = 'sample-tenant-a-key-0123456789'
export const SAMPLE_KEY_B = 'sample-tenant-b-key-9876543210'
export const TENANT_A = 't_sample_a'
export const TENANT_B = 't_sample_b'
export const BAKERY = 'c0ffee00-0000-4000-a000-000000000001'
export const EVENTS = 'c0ffee00-0000-4000-a000-000000000002'
export const SCRIPTY = 'c0ffee00-0000-4000-a000-000000000003'
export const HARBOR = 'c0ffee00-0000-4000-a000-000000000004'
export const OTHER = 'c0ffee00-0000-4000-a000-0000000000b1'

const cents = (v: bigint): string => {
  const neg = v < 0n
  const s = (neg ? -v : v).toString().padStart(3, '0')
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`
}

const day = (offset: number): string => new Date(Date.UTC(2026, 10, 25 + offset)).toISOString().slice(0, 10)

const DESCRIPTIONS = [
  'Flour Mill Co',
  'Card sales 2291',
  'ACH PAYROLL',
  'Electric & Gas',
  'Coffee beans — Roastery',
  'Rent Nov',
  'Stripe payout',
  'Ovens repair',
]

function transactions(n: number, opening: bigint): { rows: TransactionRow[]; balance: bigint } {
  let seed = 7
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
  }
  const rows: TransactionRow[] = []
  let balance = opening
  for (let i = 0; i < n; i++) {
    const amount = BigInt((next() % 90000) - 40000)
    balance += amount
    const age = Math.floor(((n - i) * 20) / n)
    const status: SyncStatus = age > 4 ? 'pushed' : age > 3 ? 'in_flight' : i % 7 === 0 ? 'held' : 'ready'
    const reason =
      status === 'held'
        ? { code: 'day_not_over', message: 'Sent once the day is over in the account’s time zone.' }
        : null
    rows.push({
      id: `txn-${i + 1}`,
      date: day(-age),
      description: DESCRIPTIONS[i % DESCRIPTIONS.length] ?? 'Card purchase',
      amount: cents(amount),
      balance: cents(balance),
      status: 'cleared',
      sync: { status, reason },
    })
  }
  rows.push(
    {
      id: 'late-1',
      date: day(-26),
      description: 'Late posting: deposit',
      amount: '826.80',
      balance: null,
      status: 'cleared',
      sync: {
        status: 'quarantined',
        reason: {
          code: 'older_than_destination',
          message: 'Dated Oct 30, older than Nov 4, the newest line QuickBooks already holds.',
        },
      },
    },
    {
      id: 'pend-1',
      date: day(0),
      description: 'Pending card hold <b>not bold</b>',
      amount: '-12.00',
      balance: null,
      status: 'pending',
      sync: { status: 'held', reason: { code: 'pending', message: 'Not yet cleared by the bank.' } },
    },
  )
  return { rows, balance }
}

function company(tenant: string, detail: CompanyDetail, over: Partial<FakeCompany> = {}): FakeCompany {
  return {
    tenant,
    detail,
    feeds: new Map(
      detail.accounts.map((a) => [a.accountId, emptyFeed({ link: a.link, feedStartDate: a.feedStartDate })]),
    ),
    transactions: new Map(),
    operations: [],
    reports: new Map(),
    ...over,
  }
}

function operations(): OperationRow[] {
  return [
    {
      accountId: 'chk',
      batchId: 'b-3',
      pushOperationKey: '7d1f0c2a-9f0e-4a57-8c11-3b2f6c0e9a41',
      status: 'submitted',
      lines: 18,
      plannedAt: '2026-11-25T08:00:00.000Z',
      completedAt: null,
      message: null,
      rejections: [],
    },
    {
      accountId: 'chk',
      batchId: 'b-2',
      pushOperationKey: '1c6e7a10-2b9d-4f3e-9a8c-5d4e3f2a1b0c',
      status: 'failed',
      lines: 3,
      plannedAt: '2026-11-24T08:00:00.000Z',
      completedAt: '2026-11-24T08:00:09.000Z',
      message: 'One line was refused by QuickBooks.',
      rejections: [
        {
          transactionId: 'txn-40',
          message: 'Q4: the transaction is older than the newest one QuickBooks holds.',
        },
      ],
    },
    {
      accountId: 'chk',
      batchId: 'b-1',
      pushOperationKey: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      status: 'succeeded',
      lines: 96,
      plannedAt: '2026-11-20T08:00:00.000Z',
      completedAt: '2026-11-20T08:00:04.000Z',
      message: null,
      rejections: [],
    },
    {
      accountId: 'sav',
      batchId: 'b-s1',
      pushOperationKey: null,
      status: 'timed_out',
      lines: 2,
      plannedAt: '2026-11-23T08:00:00.000Z',
      completedAt: null,
      message: 'Codat did not answer in time; checked again on the next cycle.',
      rejections: [],
    },
  ]
}

/** The sample data: a linked bakery with history, a pending events firm, a hostile name, a disconnected one. */
export function sampleData(): FakeData {
  const data: FakeData = {
    keys: new Map([
      [SAMPLE_KEY_A, TENANT_A],
      [SAMPLE_KEY_B, TENANT_B],
    ]),
    companies: new Map(),
    calls: [],
    credentialsIssued: 0,
  }
  const { rows, balance } = transactions(120, 1_000_000n)
  const pushed = rows.filter((r) => r.sync.status === 'pushed')
  const bakery = company(TENANT_A, {
    companyId: BAKERY,
    name: 'Northwind Bakery LLC',
    description: 'Two ovens, one storefront',
    onboardedAt: '2026-11-01T10:12:00.000Z',
    connection: { status: 'Linked', linkUrl: null },
    accounts: [
      {
        accountId: 'chk',
        accountName: 'Business Checking',
        currency: 'USD',
        codatStatus: 'connected',
        feedStartDate: '2026-11-04',
        link: 'linked',
      },
      {
        accountId: 'sav',
        accountName: 'Reserve Savings',
        currency: 'USD',
        codatStatus: 'connected',
        feedStartDate: '2026-11-04',
        link: 'linked',
      },
    ],
  })
  bakery.transactions.set('chk', rows)
  bakery.operations = operations()
  bakery.feeds.set(
    'chk',
    emptyFeed({
      link: 'linked',
      feedStartDate: '2026-11-04',
      destinationNewestDate: '2026-11-20',
      pushedBalance: pushed.at(-1)?.balance ?? null,
      counts: { pushed: pushed.length, inFlight: 18, ready: 12, held: 4, quarantined: 1, pending: 1 },
      holdReasons: { day_not_over: 3, pending: 1 },
      quarantineReasons: { older_than_destination: 1 },
      batchInFlight: { batchId: 'b-3', status: 'submitted', lines: 18 },
      lastPush: {
        batchId: 'b-2',
        status: 'failed',
        lines: 3,
        plannedAt: '2026-11-24T08:00:00.000Z',
        completedAt: '2026-11-24T08:00:09.000Z',
      },
    }),
  )
  const bank = cents(balance)
  const dest = pushed.at(-1)?.balance ?? '0.00'
  bakery.reports.set('chk', {
    bank: { balance: bank, reportedBalance: cents(balance + 5000n) },
    destination: { balance: dest, pushedCount: pushed.length, awaitingPull: 18 },
    difference: '4867.45',
    unexplained: '0.00',
    canAcceptBalance: true,
    items: [
      {
        transactionId: 'early-1',
        date: '2026-11-02',
        description: 'Deposit before the feed start',
        amount: '1200.00',
        state: 'quarantined',
        code: 'before_feed_start',
        message: 'Dated Nov 2, before the feed start date Nov 4.',
        canRedate: true,
      },
      {
        transactionId: 'late-1',
        date: '2026-10-30',
        description: 'Late posting: deposit',
        amount: '826.80',
        state: 'quarantined',
        code: 'older_than_destination',
        message: 'Arrived Dec 2, dated Oct 30: older than the newest line in QuickBooks.',
        canRedate: true,
      },
      {
        transactionId: 'held-1',
        date: '2026-11-24',
        description: 'Card sales <script>alert(1)</script>',
        amount: '2840.65',
        state: 'held',
        code: 'balance_mismatch',
        message: "The bank's balance disagrees with the computed one.",
      },
      {
        transactionId: 'dis-1',
        date: '2026-11-10',
        description: 'Duplicate fee reversal',
        amount: '0.00',
        state: 'dismissed',
        code: 'voided',
        message: 'Dismissed by an operator: “duplicate”.',
      },
    ],
    history: Array.from({ length: 14 }, (_, i) => {
      const b = 900_000n + BigInt(i) * 61_250n
      const d = i < 8 ? b : b - 486_745n
      return { date: day(i - 13), bank: cents(b), destination: cents(d) }
    }),
  })
  data.companies.set(BAKERY, bakery)
  data.companies.set(
    EVENTS,
    company(TENANT_A, {
      companyId: EVENTS,
      name: 'Elaborate Events, Inc',
      description: 'Requested early access to the new bank reconciliation scheme.',
      onboardedAt: '2026-11-24T15:40:00.000Z',
      connection: { status: 'PendingAuth', linkUrl: 'https://link.example.test/qbo/elaborate' },
      accounts: [
        {
          accountId: 'ops',
          accountName: 'Operating Account',
          currency: 'USD',
          codatStatus: 'pending',
          feedStartDate: null,
          link: 'not_linked',
        },
      ],
    }),
  )
  data.companies.set(
    SCRIPTY,
    company(TENANT_A, {
      companyId: SCRIPTY,
      name: 'Café <script>alert("x")</script> & Co',
      description: null,
      onboardedAt: '2026-11-20T09:00:00.000Z',
      connection: { status: 'PendingAuth', linkUrl: 'javascript:alert(1)' },
      accounts: [
        {
          accountId: 'gbp',
          accountName: 'Sterling <i>Account</i>',
          currency: 'GBP',
          codatStatus: 'pending',
          feedStartDate: null,
          link: 'not_linked',
        },
      ],
    }),
  )
  data.companies.set(
    HARBOR,
    company(TENANT_A, {
      companyId: HARBOR,
      name: 'Harbor Marine Repairs',
      description: null,
      onboardedAt: '2026-10-02T11:00:00.000Z',
      connection: { status: 'Deauthorized', linkUrl: 'https://link.example.test/qbo/harbor' },
      accounts: [
        {
          accountId: 'h1',
          accountName: 'Main Checking',
          currency: 'USD',
          codatStatus: 'disconnected',
          feedStartDate: '2026-10-05',
          link: 'disconnected',
        },
      ],
    }),
  )
  data.companies.set(
    OTHER,
    company(TENANT_B, {
      companyId: OTHER,
      name: 'Other Tenant Co',
      description: null,
      onboardedAt: '2026-11-01T00:00:00.000Z',
      connection: { status: 'Linked', linkUrl: null },
      accounts: [
        {
          accountId: 'x',
          accountName: 'Hidden Account',
          currency: 'USD',
          codatStatus: 'connected',
          feedStartDate: '2026-11-01',
          link: 'linked',
        },
      ],
    }),
  )
  return data
}
