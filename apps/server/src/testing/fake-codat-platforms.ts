// Test support for `FakeCodat`: what differs per platform (PLATFORMS.md): the connection a platform
// key creates, Xero's account mapping and company information, Sage's one-time passwords. Calls a
// platform does not support answer Codat's 400, as the document lists.
import type {
  BankFeedAccountMappingResponse,
  BankFeedMapping,
  CompanyInformation,
  Connection,
  GenerateOtpResponse,
  SourceAccountV2,
  TargetAccountOption,
} from '@feedsync/codat-client'
import { CodatApiError } from '@feedsync/codat-client'

/** `platformName` and `sourceType` of a new connection, by platform key (PLATFORMS.md §1). */
export function connectionKind(platformKey: string): Pick<Connection, 'platformName' | 'sourceType'> {
  switch (platformKey) {
    case 'gbol':
      return { platformName: 'Xero', sourceType: 'Accounting' }
    case 'olpr':
      return { platformName: 'SageBankFeed', sourceType: 'BankFeed' }
    default:
      return { platformName: 'QuickBooks Online Bank Feeds', sourceType: 'BankFeed' }
  }
}

/** Codat's 400 for a call the connection's platform does not support (or a refused request). */
export function badRequest(operation: string, method: string, path: string, error: string): CodatApiError {
  return new CodatApiError({ operation, method, path, attempts: 1 }, 400, {
    statusCode: 400,
    service: 'PublicApi',
    error,
  })
}

/** Xero's target accounts offered to every source account unless a test replaces them. */
export const DEFAULT_TARGETS: readonly TargetAccountOption[] = [
  { id: '044096a7-1478-4554-8820-f478caad1b00', name: 'Business Account', balance: '100.99' },
  { id: '5b3a9f6e-2f0c-4d35-9b1e-7c0e3f2a8d11', name: 'Savings Account', balance: '0.00' },
]

/** The platform side of the fake: one per FakeCodat. */
export class FakePlatforms {
  /** Target options Xero offers (the same to every source account here). */
  targets: TargetAccountOption[] = [...DEFAULT_TARGETS]
  /** The next mapping POST answers HTTP 200 `Failed` with this error (then clears). */
  refuseNextMapping: string | undefined
  /** Every mapping POST body seen, in order. */
  readonly mappingRequests: {
    sourceAccountId: string
    targetAccountId?: string | null
    feedStartDate?: string | null
  }[] = []
  /** Target and feed start date mapped per `connectionId/accountId`. */
  readonly mapped = new Map<string, { targetAccountId: string; feedStartDate: string }>()
  /** Every one-time password issued, in order (a test checks none reaches a log). */
  readonly otpsIssued: GenerateOtpResponse[] = []
  private created = 0

  constructor(
    private readonly deps: {
      readonly connection: (connectionId: string) => Connection | undefined
      readonly account: (connectionId: string, accountId: string) => SourceAccountV2 | undefined
      readonly accounts: (connectionId: string) => SourceAccountV2[]
      readonly now: () => number
    },
  ) {}

  private platformOf(connectionId: string): string | undefined {
    return this.deps.connection(connectionId)?.integrationKey
  }

  getMapping(companyId: string, connectionId: string): BankFeedMapping[] {
    const path = `/companies/${companyId}/connections/${connectionId}/bankFeedAccounts/mapping`
    const key = this.platformOf(connectionId)
    if (key === undefined) throw badRequest('accountMapping.get', 'GET', path, 'Connection not found')
    if (key === 'hcws')
      throw badRequest('accountMapping.get', 'GET', path, 'Not supported for this integration')
    return this.deps.accounts(connectionId).map((a) => {
      const m = this.mapped.get(`${connectionId}/${a.id}`)
      return {
        sourceAccountId: a.id,
        sourceAccountName: a.accountName,
        sourceAccountNumber: a.accountNumber,
        sourceBalance: a.balance,
        sourceCurrency: a.currency,
        status: a.status ?? 'pending',
        targetAccountOptions: key === 'gbol' ? this.targets.map((t) => ({ ...t })) : null,
        ...(m === undefined
          ? {}
          : {
              targetAccountId: m.targetAccountId,
              targetAccountName: this.targets.find((t) => t.id === m.targetAccountId)?.name ?? a.accountName,
              ...(a.status === 'connected' ? { feedStartDate: m.feedStartDate } : {}),
            }),
      }
    })
  }

  createMapping(
    companyId: string,
    connectionId: string,
    body: { sourceAccountId: string; targetAccountId?: string | null; feedStartDate?: string | null },
  ): BankFeedAccountMappingResponse {
    const path = `/companies/${companyId}/connections/${connectionId}/bankFeedAccounts/mapping`
    this.mappingRequests.push({ ...body })
    if (this.platformOf(connectionId) !== 'gbol')
      throw badRequest('accountMapping.create', 'POST', path, 'Mapping is not supported for this integration')
    const a = this.deps.account(connectionId, body.sourceAccountId)
    if (a === undefined) throw badRequest('accountMapping.create', 'POST', path, 'Source account not found')
    const refusal = this.refuseNextMapping
    this.refuseNextMapping = undefined
    const target = body.targetAccountId ?? null
    if (refusal !== undefined)
      return { sourceAccountId: a.id, targetAccountId: target, status: 'Failed', error: refusal }
    if (target !== null && !this.targets.some((t) => t.id === target))
      return {
        sourceAccountId: a.id,
        targetAccountId: target,
        status: 'Failed',
        error: 'Target account is not a valid option',
      }
    const targetAccountId = target ?? `new-target-${++this.created}`
    const day = new Date(this.deps.now()).toISOString().slice(0, 10)
    this.mapped.set(`${connectionId}/${a.id}`, {
      targetAccountId,
      feedStartDate: body.feedStartDate ?? `${day}T00:00:00`,
    })
    a.status = 'connecting'
    return { sourceAccountId: a.id, targetAccountId: target, status: 'connecting', error: null }
  }

  /** Xero has saved the feed connection: the mapped account reads `connected` with its feed start date. */
  completeMapping(connectionId: string, accountId: string): void {
    const a = this.deps.account(connectionId, accountId)
    const m = this.mapped.get(`${connectionId}/${accountId}`)
    if (a === undefined || m === undefined) return
    a.status = 'connected'
    a.feedStartDate = m.feedStartDate
  }

  generateOtp(companyId: string, connectionId: string): GenerateOtpResponse {
    const path = `/companies/${companyId}/connections/${connectionId}/bankFeeds/otp`
    if (this.platformOf(connectionId) !== 'olpr')
      throw badRequest('sourceAccounts.generateOtp', 'POST', path, 'One-time passwords are for Sage only')
    const n = this.otpsIssued.length + 1
    const otp = {
      otp: `Q${n.toString(36).toUpperCase().padStart(5, '7')}`,
      expiry: new Date(this.deps.now() + 10 * 60_000).toISOString().replace('.000Z', 'Z'),
    }
    this.otpsIssued.push(otp)
    return { ...otp }
  }

  info(companyId: string, connectionId: string): CompanyInformation {
    const path = `/companies/${companyId}/connections/${connectionId}/bankFeeds/info`
    const c = this.deps.connection(connectionId)
    if (c?.integrationKey !== 'gbol' || c.status !== 'Linked')
      throw badRequest('companyInformation.get', 'GET', path, 'Company information is not available')
    return {
      companyName: 'Demo Company (UK)',
      baseCurrency: 'GBP',
      planType: null,
      multicurrencyEnabled: false,
      currencies: null,
    }
  }
}
