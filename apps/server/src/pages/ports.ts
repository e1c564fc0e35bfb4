import type { LinkingPorts, Platform } from './linking-ports.js'

export type { LinkingPorts, Platform, SageHandOff, XeroMapping } from './linking-ports.js'

/**
 * What the web app needs from the rest of the server: the smallest shape, nothing more (kysely's
 * habit). Every method is scoped by `tenant` (the hash `tenantOf(apiKey)`, never the key) and answers
 * `undefined` for an unknown id AND for another tenant's id, so the pages cannot tell them apart.
 * Amounts are exact decimal strings (`"-12.30"`); days are `YYYY-MM-DD`; instants are ISO strings.
 * A refusal the person can act on is thrown as a {@link PageError}; anything else is a 500, logged.
 *
 * @example
 * const ports: PagesPorts = createServiceAdapters(app.services) // see adapters.ts
 * await app.register(pagesPlugin, { ports, tokens })
 */

/** QBO connection status as Codat reports it. */
export type ConnectionStatus = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized'

/** The feed link as feedsync recorded it (the core's `FeedLink.status`). */
export type FeedLinkStatus = 'not_linked' | 'linked' | 'disconnected'

/** One transaction's sync status (the core's `SyncStatus`). */
export type SyncStatus = 'pushed' | 'in_flight' | 'ready' | 'held' | 'quarantined' | 'dismissed' | 'replaced'

/** The account types Codat accepts for a source account. */
export type AccountType = 'checking' | 'savings' | 'loan' | 'creditCard' | 'prepaidCard'

/** A line of the operator's company list. */
export interface CompanySummary {
  readonly companyId: string
  readonly name: string
  /** The ledger it feeds; absent: QuickBooks (a company set up before Xero and Sage). */
  readonly platform?: Platform
  readonly connection: ConnectionStatus | null
  readonly accounts: number
  readonly linkedAccounts: number
  /** Accounts with a difference or a stuck line. */
  readonly exceptions: number
  readonly onboardedAt: string
}

/** One account of a company with its link. */
export interface AccountLink {
  readonly accountId: string
  readonly accountName: string
  readonly currency: string
  /** Codat's source-account status (`pending`, `connected`, `disconnected`, ...), null when unknown. */
  readonly codatStatus: string | null
  readonly feedStartDate: string | null
  readonly link: FeedLinkStatus
}

/** A company with its connection and accounts. */
export interface CompanyDetail {
  readonly companyId: string
  readonly name: string
  readonly description: string | null
  readonly onboardedAt: string
  /** Absent: QuickBooks (a company set up before Xero and Sage). */
  readonly platform?: Platform
  readonly connection: { readonly status: ConnectionStatus | null; readonly linkUrl: string | null }
  readonly accounts: readonly AccountLink[]
}

/** One account to create at onboarding ("Connect account to QuickBooks"). */
export interface OnboardAccount {
  readonly id: string
  readonly accountName: string
  readonly accountType: AccountType
  readonly accountNumber: string
  readonly currency: string
  /** The balance before the first transaction fed (exact decimal). */
  readonly balance: string
  readonly timeZone: string
}

/** The onboarding form, validated. */
export interface OnboardRequest {
  readonly name: string
  /** Default QuickBooks. */
  readonly platform?: Platform
  readonly accounts: readonly OnboardAccount[]
}

/** A fresh one-time QBO credential pair: shown once, never stored. */
export interface IssuedCredentials {
  readonly username: string
  readonly password: string
  /** Where the SMB links the feed (null once linked). */
  readonly linkUrl: string | null
}

/** A push (batch) as the feed remembers it. */
export interface PushSummary {
  readonly batchId: string
  readonly status: 'planned' | 'submitted' | 'succeeded' | 'failed' | 'timed_out'
  readonly lines: number
  readonly plannedAt: string
  readonly completedAt: string | null
}

/** One account's feed: counts by status, the batch in flight, the last push. */
export interface AccountFeed {
  readonly link: FeedLinkStatus
  readonly feedStartDate: string | null
  readonly today: string
  readonly destinationNewestDate: string | null
  /** Balance QuickBooks will show once every pushed line is pulled. */
  readonly pushedBalance: string | null
  readonly counts: {
    readonly pushed: number
    readonly inFlight: number
    readonly ready: number
    readonly held: number
    readonly quarantined: number
    readonly pending: number
  }
  /** Reason code → number of lines (`future_dated: 2`). */
  readonly holdReasons: Readonly<Record<string, number>>
  readonly quarantineReasons: Readonly<Record<string, number>>
  readonly batchInFlight: { readonly batchId: string; readonly status: string; readonly lines: number } | null
  readonly lastPush: PushSummary | null
}

/** How the transactions table is asked for. */
export interface TransactionQuery {
  readonly page: number
  readonly pageSize: number
  readonly orderBy: 'date' | '-date'
  readonly syncStatus?: SyncStatus
}

/** One line of the transactions table (the `/v1` list's item). */
export interface TransactionRow {
  readonly id: string
  readonly date: string
  readonly description: string
  readonly amount: string
  readonly balance: string | null
  readonly status: 'pending' | 'cleared' | 'voided'
  readonly sync: {
    readonly status: SyncStatus
    readonly reason: { readonly code: string; readonly message: string } | null
  }
}

/** What "Sync now" did. */
export interface SyncOutcome {
  readonly status: 'done' | 'busy' | 'stuck'
  readonly batchesPushed: number
}

/** A push operation of any account of the company, newest first. */
export interface OperationRow extends PushSummary {
  readonly accountId: string
  readonly pushOperationKey: string | null
  readonly message: string | null
  readonly rejections: readonly { readonly transactionId: string; readonly message: string }[]
}

/** One line behind a reconciliation difference (issue 9). */
export interface ReconciliationItem {
  readonly transactionId: string
  readonly date: string
  readonly description?: string
  readonly amount: string
  readonly state: 'ready' | 'held' | 'quarantined' | 'dismissed' | 'in_flight'
  readonly code: string
  readonly message: string
  /** Whether `redate` applies (a quarantined line that can never go with its own date). */
  readonly canRedate?: boolean
  /** Whether `dismiss` applies (default: any line not dismissed nor being sent). */
  readonly canDismiss?: boolean
  /** Whether `acceptBalance` applies (a line held because the bank's balance disagrees). */
  readonly canAcceptBalance?: boolean
  /** The day the next push sends it on, when it was redated. */
  readonly redatedTo?: string
}

/** The reconciliation report of one account (issue 9's `GET .../reconciliation`). */
export interface ReconciliationReport {
  readonly bank: { readonly balance: string; readonly reportedBalance: string | null }
  readonly destination: {
    readonly balance: string
    readonly pushedCount: number
    readonly awaitingPull: number
  }
  readonly difference: string
  readonly unexplained: string
  readonly items: readonly ReconciliationItem[]
  /** End-of-day balances for the chart, oldest first (optional). */
  readonly history?: readonly { readonly date: string; readonly bank: string; readonly destination: string }[]
}

/** The reconciliation actions; the page renders only when `reconciliation` is given. */
export interface ReconciliationPorts {
  reconciliation(
    tenant: string,
    companyId: string,
    accountId: string,
  ): Promise<ReconciliationReport | undefined>
  redate?(
    tenant: string,
    companyId: string,
    accountId: string,
    transactionId: string,
    note: string,
  ): Promise<void>
  dismiss?(
    tenant: string,
    companyId: string,
    accountId: string,
    transactionId: string,
    note: string,
  ): Promise<void>
  /** Accepts the bank's balance after the line `transactionId`, held because it disagreed. */
  acceptBalance?(
    tenant: string,
    companyId: string,
    accountId: string,
    transactionId: string,
    note: string,
  ): Promise<void>
}

/** Everything the pages call. */
export interface PagesPorts extends Partial<ReconciliationPorts>, Partial<LinkingPorts> {
  /** The tenant of a valid API key (constant-time compare), `undefined` when the key is not valid. */
  authenticate(apiKey: string): Promise<string | undefined>
  /**
   * Marks a portal token used; `true` the first time only, across every server process (back it by
   * the event store: append to `portal:<tokenId>` with expected version `no_stream`).
   */
  claimPortalToken(tokenId: string, expiresAt: string): Promise<boolean>
  listCompanies(tenant: string, search: string): Promise<readonly CompanySummary[]>
  getCompany(tenant: string, companyId: string): Promise<CompanyDetail | undefined>
  /** Runs the whole onboarding; the same `idempotencyKey` answers the same company. */
  onboard(tenant: string, input: OnboardRequest, idempotencyKey: string): Promise<{ companyId: string }>
  issueCredentials(tenant: string, companyId: string): Promise<IssuedCredentials | undefined>
  revokeCredentials(tenant: string, companyId: string): Promise<boolean>
  accountFeed(tenant: string, companyId: string, accountId: string): Promise<AccountFeed | undefined>
  listTransactions(
    tenant: string,
    companyId: string,
    accountId: string,
    query: TransactionQuery,
  ): Promise<{ readonly total: number; readonly items: readonly TransactionRow[] } | undefined>
  syncNow(tenant: string, companyId: string, accountId: string): Promise<SyncOutcome | undefined>
  listOperations(tenant: string, companyId: string): Promise<readonly OperationRow[] | undefined>
}

/** Why a port refused: the page shows `message` to the person and answers the matching status. */
export type PageErrorKind = 'not_found' | 'invalid' | 'conflict' | 'unavailable'

/**
 * A refusal a person can act on (bad input, a sync already running, Codat down). Adapters turn the
 * services' `ServiceError` codes into these; the message is shown as text (escaped).
 *
 * @example throw new PageError('conflict', 'A sync of this account is already running.')
 */
export class PageError extends Error {
  override readonly name = 'PageError'
  constructor(
    readonly kind: PageErrorKind,
    message: string,
  ) {
    super(message)
  }
}
