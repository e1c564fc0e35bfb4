// Test and preview support: PagesPorts over plain in-memory data. Not used by the server.
import { memoryPortalClaims } from './portal-tokens.js'
import type {
  AccountFeed,
  CompanyDetail,
  OperationRow,
  PagesPorts,
  ReconciliationReport,
  TransactionRow,
} from './ports.js'
import { PageError } from './ports.js'

/** One company as the fake holds it. */
export interface FakeCompany {
  readonly tenant: string
  detail: CompanyDetail
  feeds: Map<string, AccountFeed>
  transactions: Map<string, TransactionRow[]>
  operations: OperationRow[]
  reports: Map<string, ReconciliationReport>
}

/** The fake's data and a log of the calls that change something. */
export interface FakeData {
  readonly keys: Map<string, string>
  readonly companies: Map<string, FakeCompany>
  readonly calls: string[]
  credentialsIssued: number
}

/** A feed with nothing in it. */
export function emptyFeed(over: Partial<AccountFeed> = {}): AccountFeed {
  return {
    link: 'not_linked',
    feedStartDate: null,
    today: '2026-11-25',
    destinationNewestDate: null,
    pushedBalance: null,
    counts: { pushed: 0, inFlight: 0, ready: 0, held: 0, quarantined: 0, pending: 0 },
    holdReasons: {},
    quarantineReasons: {},
    batchInFlight: null,
    lastPush: null,
    ...over,
  }
}

/**
 * In-memory {@link PagesPorts}. `withReconciliation: false` leaves the reconciliation ports out
 * (the page is then not registered).
 */
export function fakePorts(
  data: FakeData,
  options: { withReconciliation?: boolean; now?: () => number } = {},
): PagesPorts {
  const own = (tenant: string, companyId: string): FakeCompany | undefined => {
    const c = data.companies.get(companyId)
    return c !== undefined && c.tenant === tenant ? c : undefined
  }
  const ports: PagesPorts = {
    async authenticate(apiKey) {
      return data.keys.get(apiKey)
    },
    claimPortalToken: memoryPortalClaims(options.now),
    async listCompanies(tenant, search) {
      const s = search.toLowerCase()
      return [...data.companies.values()]
        .filter((c) => c.tenant === tenant && c.detail.name.toLowerCase().includes(s))
        .map(({ detail: d, reports }) => ({
          companyId: d.companyId,
          name: d.name,
          ...(d.platform === undefined ? {} : { platform: d.platform }),
          connection: d.connection.status,
          accounts: d.accounts.length,
          linkedAccounts: d.accounts.filter((a) => a.link === 'linked').length,
          exceptions: [...reports.values()].filter((r) => r.items.length > 0).length,
          onboardedAt: d.onboardedAt,
        }))
    },
    async getCompany(tenant, companyId) {
      return own(tenant, companyId)?.detail
    },
    async onboard(tenant, input, idempotencyKey) {
      data.calls.push(`onboard:${idempotencyKey}`)
      if (input.name === 'Refused Ltd') throw new PageError('invalid', 'Codat refused the company name.')
      const companyId = `co-${idempotencyKey.slice(0, 8)}`
      if (!data.companies.has(companyId)) {
        data.companies.set(companyId, {
          tenant,
          detail: {
            companyId,
            name: input.name,
            description: null,
            onboardedAt: '2026-11-25T09:00:00.000Z',
            ...(input.platform === undefined ? {} : { platform: input.platform }),
            connection: {
              status: 'PendingAuth',
              linkUrl: `https://link.example.test/${input.platform ?? 'qbo'}`,
            },
            accounts: input.accounts.map((a) => ({
              accountId: a.id,
              accountName: a.accountName,
              currency: a.currency,
              codatStatus: 'pending',
              feedStartDate: null,
              link: 'not_linked' as const,
            })),
          },
          feeds: new Map(input.accounts.map((a) => [a.id, emptyFeed()])),
          transactions: new Map(),
          operations: [],
          reports: new Map(),
        })
      }
      return { companyId }
    },
    async ledgerName(tenant, companyId) {
      const c = own(tenant, companyId)
      return c?.detail.platform === 'xero' ? `${c.detail.name} (Xero)` : null
    },
    async issueCredentials(tenant, companyId) {
      const c = own(tenant, companyId)
      if (c === undefined) return undefined
      data.credentialsIssued++
      return {
        username: `USER-${data.credentialsIssued}-ABCD`,
        password: `pw${data.credentialsIssued}Secret1234567`,
        linkUrl: c.detail.connection.linkUrl,
      }
    },
    async revokeCredentials(tenant, companyId) {
      data.calls.push(`revoke:${companyId}`)
      return own(tenant, companyId) !== undefined
    },
    async accountFeed(tenant, companyId, accountId) {
      return own(tenant, companyId)?.feeds.get(accountId)
    },
    async listTransactions(tenant, companyId, accountId, q) {
      const c = own(tenant, companyId)
      if (c === undefined || !c.feeds.has(accountId)) return undefined
      let rows = [...(c.transactions.get(accountId) ?? [])]
      if (q.syncStatus !== undefined) rows = rows.filter((t) => t.sync.status === q.syncStatus)
      rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) * (q.orderBy === 'date' ? 1 : -1))
      return { total: rows.length, items: rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize) }
    },
    async syncNow(tenant, companyId, accountId) {
      data.calls.push(`sync:${companyId}:${accountId}`)
      const c = own(tenant, companyId)
      if (c === undefined || !c.feeds.has(accountId)) return undefined
      return { status: 'done', batchesPushed: 1 }
    },
    async listOperations(tenant, companyId) {
      return own(tenant, companyId)?.operations
    },
  }
  if (options.withReconciliation === false) return ports
  return {
    ...ports,
    async reconciliation(tenant, companyId, accountId) {
      return own(tenant, companyId)?.reports.get(accountId)
    },
    async redate(tenant, companyId, accountId, transactionId, note) {
      data.calls.push(`redate:${companyId}:${accountId}:${transactionId}:${note}`)
      if (own(tenant, companyId) === undefined) throw new PageError('not_found', 'No company.')
    },
    async dismiss(tenant, companyId, accountId, transactionId, note) {
      data.calls.push(`dismiss:${companyId}:${accountId}:${transactionId}:${note}`)
      if (own(tenant, companyId) === undefined) throw new PageError('not_found', 'No company.')
    },
    async acceptBalance(tenant, companyId, accountId, transactionId, note) {
      data.calls.push(`accept:${companyId}:${accountId}:${transactionId}:${note}`)
      if (own(tenant, companyId) === undefined) throw new PageError('not_found', 'No company.')
    },
  }
}
