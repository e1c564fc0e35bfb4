// Test and preview support: rich fake data for the pages (two tenants, companies in every state).
import { emptyFeed, type FakeCompany, type FakeData } from './fake-ports.js'
import { subtractDecimals, sumDecimals } from './format.js'
import type { CompanyDetail } from './ports.js'
import { day, sampleOperations, sampleTransactions } from './sample-transactions.js'

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
  const { rows } = sampleTransactions(120, 1_000_000n)
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
  bakery.operations = sampleOperations()
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
  // Consistent figures: QuickBooks holds the last pushed balance; the bank's is that plus the open items.
  const dest = pushed.at(-1)?.balance ?? '0.00'
  const open = ['1200.00', '826.80', '2840.65']
  const bank = sumDecimals([dest, ...open])
  bakery.reports.set('chk', {
    bank: { balance: bank, reportedBalance: sumDecimals([bank, '50.00']) },
    destination: { balance: dest, pushedCount: pushed.length, awaitingPull: 18 },
    difference: subtractDecimals(bank, dest),
    unexplained: '0.00',
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
        canAcceptBalance: true,
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
      // The lines part on the day of the first parked line and stay apart by the open items.
      const d = sumDecimals([dest, i === 13 ? '0' : `-${(13 - i) * 212}.35`])
      const parked = i < 6 ? ['0'] : i < 11 ? open.slice(0, 2) : open
      return { date: day(i - 13), bank: sumDecimals([d, ...parked]), destination: d }
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
  // One business per other ledger, so the list and the company page show Xero and Sage too.
  for (const [companyId, name, platform, status] of [
    ['co-fjord', 'Fjord Design Ltd', 'xero', 'Linked'],
    ['co-bramble', 'Bramble Tea Rooms', 'sage', 'PendingAuth'],
  ] as const) {
    const linked = status === 'Linked'
    data.companies.set(
      companyId,
      company(TENANT_A, {
        companyId,
        name,
        description: null,
        onboardedAt: '2026-11-18T10:00:00.000Z',
        platform,
        connection: { status, linkUrl: linked ? null : `https://link.example.test/${platform}` },
        accounts: [
          {
            accountId: 'biz',
            accountName: 'Business Current Account',
            currency: 'GBP',
            codatStatus: linked ? 'connected' : 'pending',
            feedStartDate: linked ? '2026-11-18' : null,
            link: linked ? 'linked' : 'not_linked',
          },
        ],
      }),
    )
  }
  return data
}
