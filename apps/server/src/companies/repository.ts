import { type DestinationId, isDestinationId } from '@feedsync/core'
import type { EventStore } from '@feedsync/store'
import { ServiceError } from '../errors.js'
import { companyStream } from '../streams.js'

/** A source account as registered at onboarding. */
export interface CompanyAccount {
  readonly accountId: string
  readonly accountName: string
  readonly currency: string
  readonly timeZone: string
}

/** Server-level events of a company stream (`company:<companyId>`). No secrets in them. */
export type CompanyEvent =
  | {
      type: 'CompanyOnboarded'
      data: {
        tenant: string
        name: string
        description: string | null
        /** The ledger the company's connection feeds; absent in events written before Xero and Sage (QBO). */
        platform?: DestinationId
        codatCompanyId: string
        connectionId: string
        linkUrl: string
        accounts: CompanyAccount[]
        at: string
      }
    }
  | { type: 'CredentialsIssued'; data: { at: string } }
  /** A Sage one-time password was handed out (the password itself is never stored). */
  | { type: 'SageOtpIssued'; data: { at: string; expiry: string } }

/** The folded company. */
export interface Company {
  readonly companyId: string
  readonly tenant: string
  readonly name: string
  readonly description: string | null
  /** The ledger the company's one connection feeds (`qbo`, `xero`, `sage`). */
  readonly platform: DestinationId
  readonly codatCompanyId: string
  readonly connectionId: string
  readonly linkUrl: string
  readonly accounts: readonly CompanyAccount[]
  readonly onboardedAt: string
  readonly credentialsIssued: number
}

export function foldCompany(companyId: string, events: readonly CompanyEvent[]): Company | undefined {
  let company: Company | undefined
  for (const e of events) {
    switch (e.type) {
      case 'CompanyOnboarded':
        if (company === undefined) {
          const d = e.data
          company = {
            companyId,
            tenant: d.tenant,
            name: d.name,
            description: d.description,
            platform: isDestinationId(d.platform) ? d.platform : 'qbo',
            codatCompanyId: d.codatCompanyId,
            connectionId: d.connectionId,
            linkUrl: d.linkUrl,
            accounts: d.accounts,
            onboardedAt: d.at,
            credentialsIssued: 0,
          }
        }
        break
      case 'CredentialsIssued':
        if (company !== undefined) company = { ...company, credentialsIssued: company.credentialsIssued + 1 }
        break
      case 'SageOtpIssued':
        break
      default: {
        const unknown: never = e
        void unknown
      }
    }
  }
  return company
}

/** Reads company streams; tenant checks answer 404 for another tenant's company, as if absent. */
export class CompanyRepository {
  /** Onboarded companies never change what the routes need (tenant, ids, accounts): cached once seen. */
  private readonly known = new Map<string, Company>()

  constructor(private readonly store: EventStore) {}

  /** The company for tenant checks and routing (cached; `credentialsIssued` may be stale). */
  async get(companyId: string): Promise<Company | undefined> {
    const cached = this.known.get(companyId)
    if (cached !== undefined) return cached
    const company = await this.load(companyId)
    if (company !== undefined && this.known.size < 100_000) this.known.set(companyId, company)
    return company
  }

  async load(companyId: string): Promise<Company | undefined> {
    const rows = await this.store.readStream(companyStream(companyId))
    // The company stream only ever holds `CompanyEvent`s written by this module.
    return foldCompany(
      companyId,
      rows.map((r) => ({ type: r.type, data: r.data }) as CompanyEvent),
    )
  }

  async forTenant(tenant: string, companyId: string): Promise<Company> {
    const company = await this.get(companyId)
    if (company === undefined || company.tenant !== tenant) {
      throw new ServiceError('not_found', `No company ${companyId}.`)
    }
    return company
  }

  async accountForTenant(
    tenant: string,
    companyId: string,
    accountId: string,
  ): Promise<{ company: Company; account: CompanyAccount }> {
    const company = await this.forTenant(tenant, companyId)
    const account = company.accounts.find((a) => a.accountId === accountId)
    if (account === undefined)
      throw new ServiceError('not_found', `No account ${accountId} in company ${companyId}.`)
    return { company, account }
  }

  async append(
    companyId: string,
    event: CompanyEvent,
    expected: number | 'no_stream' | 'any',
  ): Promise<void> {
    await this.store.appendToStream(companyStream(companyId), expected, [event])
  }
}
