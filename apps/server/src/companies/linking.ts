import {
  type BankFeedMapping,
  CodatApiError,
  type CodatBankFeedsPort,
  type Connection,
} from '@feedsync/codat-client'
import { destinations } from '@feedsync/core'
import type { Clock } from '../clock.js'
import { ServiceError } from '../errors.js'
import type { Onboarding } from './onboarding.js'
import type { Company, CompanyRepository } from './repository.js'

/**
 * What the SMB needs to link its ledger, per platform (PLATFORMS.md §1): QBO a one-time username and
 * password typed into QuickBooks (plus where to start); Xero a fresh, single-use `linkUrl` (X4);
 * Sage the data connection id and a one-time password, typed on Codat's page from inside Sage (S3,
 * S4; never a `linkUrl`, S1). Secrets: never stored, never logged.
 */
export type LinkHandOff =
  | {
      readonly platform: 'qbo'
      readonly linkUrl: string
      readonly username: string
      readonly password: string
    }
  | { readonly platform: 'xero'; readonly linkUrl: string }
  | {
      readonly platform: 'sage'
      readonly connectionId: string
      readonly otp: string
      readonly expiry: string
    }

/** A Xero source account's mapping as the API answers it. */
export interface AccountMappingView {
  readonly accountId: string
  /** Codat's mapping status: `pending`, `connecting` (mapped, Xero saving), `connected`, `disconnected`. */
  readonly status: string
  readonly targetAccountId: string | null
  readonly targetAccountName: string | null
  /** `YYYY-MM-DD`; advisory in Xero (X23). */
  readonly feedStartDate: string | null
  /** The Xero accounts the SMB may map to (same currency and type; X10). */
  readonly targetAccountOptions: {
    readonly id: string
    readonly name: string | null
    readonly balance: string | null
    readonly sortCode: string | null
    readonly accountNumber: string | null
  }[]
}

/** A mapping request, checked by the schema: a target id (absent: create a new account) and a day. */
export interface MapAccountInput {
  readonly targetAccountId?: string
  /** `YYYY-MM-DD`. */
  readonly feedStartDate?: string
}

/** What `POST …/mapping` answers: Codat accepted it; the account reads `connecting` until Xero saves it. */
export interface MapAccountResult {
  readonly accountId: string
  readonly status: string
  /** `null` when Xero creates a new account (its id shows in GET mapping once created). */
  readonly targetAccountId: string | null
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `day` is a real calendar day (`2026-02-30` is not). */
export function isCalendarDay(day: string): boolean {
  const m = DAY.exec(day)
  if (m === null) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === day
}

/**
 * The per-platform link hand-off and Xero's account mapping. Every refusal of ours comes before any
 * call to Codat; Codat's own refusal of a mapping (HTTP 200, `status: "Failed"`, X12) is answered
 * as `mapping_refused` with Codat's reason.
 */
export class Linking {
  constructor(
    private readonly codat: Pick<
      CodatBankFeedsPort,
      'connections' | 'sourceAccounts' | 'accountMapping' | 'companyInformation'
    >,
    private readonly companies: Pick<CompanyRepository, 'forTenant' | 'accountForTenant' | 'append'>,
    private readonly onboarding: Pick<Onboarding, 'issueCredentials'>,
    private readonly clock: Clock,
  ) {}

  /** The hand-off for the company's platform; each call mints a fresh one. */
  async link(tenant: string, companyId: string): Promise<LinkHandOff> {
    const company = await this.companies.forTenant(tenant, companyId)
    const ids = { companyId: company.codatCompanyId, connectionId: company.connectionId }
    switch (company.platform) {
      case 'qbo': {
        const connection = await this.codat.connections.get(ids)
        const pair = await this.onboarding.issueCredentials(tenant, companyId)
        return { platform: 'qbo', linkUrl: connection.linkUrl, ...pair }
      }
      case 'xero': {
        // X4: single use, valid an hour: read a fresh one for every hand-off, never the stored one.
        const connection = await this.codat.connections.get(ids)
        return { platform: 'xero', linkUrl: connection.linkUrl }
      }
      case 'sage': {
        const otp = await this.codat.sourceAccounts.generateOtp(ids)
        await this.companies.append(
          company.companyId,
          { type: 'SageOtpIssued', data: { at: await this.clock.now(), expiry: otp.expiry } },
          'any',
        )
        return { platform: 'sage', connectionId: company.connectionId, otp: otp.otp, expiry: otp.expiry }
      }
      default: {
        const unknown: never = company.platform
        return unknown
      }
    }
  }

  /** Xero's mapping of one account: its status, target, feed start date and the SMB's options. */
  async mapping(tenant: string, companyId: string, accountId: string): Promise<AccountMappingView> {
    const company = await this.xeroCompany(tenant, companyId, accountId)
    await this.requireLinked(company)
    const all = await this.codat.accountMapping.get(ids(company))
    return viewOf(
      accountId,
      all.find((m) => m.sourceAccountId === accountId),
    )
  }

  /** Xero's mapping of every account of the company, in the company's order. */
  async mappings(tenant: string, companyId: string): Promise<AccountMappingView[]> {
    const company = await this.companies.forTenant(tenant, companyId)
    const first = company.accounts[0]
    if (first === undefined) return []
    await this.xeroCompany(tenant, companyId, first.accountId)
    await this.requireLinked(company)
    const all = await this.codat.accountMapping.get(ids(company))
    return company.accounts.map((a) =>
      viewOf(
        a.accountId,
        all.find((m) => m.sourceAccountId === a.accountId),
      ),
    )
  }

  /** The Xero organisation's name (`GET …/bankFeeds/info`, X8); null on QBO and Sage (Codat gives none). */
  async organisationName(tenant: string, companyId: string): Promise<string | null> {
    const company = await this.companies.forTenant(tenant, companyId)
    if (company.platform !== 'xero') return null
    const info = await this.codat.companyInformation.get(ids(company))
    return info.companyName ?? null
  }

  /** Maps one account to a Xero account (`targetAccountId`) or to a new one (absent). */
  async map(
    tenant: string,
    companyId: string,
    accountId: string,
    input: MapAccountInput,
  ): Promise<MapAccountResult> {
    if (input.feedStartDate !== undefined && !isCalendarDay(input.feedStartDate)) {
      throw new ServiceError(
        'invalid_date',
        `feedStartDate ${input.feedStartDate} is not a calendar day; send YYYY-MM-DD, e.g. 2026-11-01.`,
      )
    }
    const company = await this.xeroCompany(tenant, companyId, accountId)
    await this.requireLinked(company)
    const answer = await this.codat.accountMapping.create({
      ...ids(company),
      bankFeedAccountMapping: {
        sourceAccountId: accountId,
        ...(input.targetAccountId === undefined ? {} : { targetAccountId: input.targetAccountId }),
        ...(input.feedStartDate === undefined ? {} : { feedStartDate: `${input.feedStartDate}T00:00:00` }),
      },
    })
    if (answer.status === 'Failed' || (answer.error ?? null) !== null) {
      throw new ServiceError(
        'mapping_refused',
        `Xero refused the mapping of account ${accountId}: ${answer.error ?? 'no reason given'}. Pick another target account or create a new one.`,
      )
    }
    return {
      accountId,
      status: answer.status ?? 'connecting',
      targetAccountId: answer.targetAccountId ?? null,
    }
  }

  private async xeroCompany(tenant: string, companyId: string, accountId: string): Promise<Company> {
    const { company } = await this.companies.accountForTenant(tenant, companyId, accountId)
    if (company.platform !== 'xero') {
      const name = destinations[company.platform].name
      throw new ServiceError(
        'mapping_in_ledger',
        `Company ${companyId} feeds ${name}: its accounts are mapped by the customer inside ${name}, not over this API (only Xero accounts are mapped here).`,
      )
    }
    return company
  }

  private async requireLinked(company: Company): Promise<Connection> {
    let connection: Connection
    try {
      connection = await this.codat.connections.get(ids(company))
    } catch (error) {
      if (error instanceof CodatApiError && error.status === 404)
        throw new ServiceError('not_found', `No connection for company ${company.companyId}.`)
      throw error
    }
    if (connection.status !== 'Linked') {
      throw new ServiceError(
        'connection_not_linked',
        `The Xero connection is ${connection.status}: the customer must first sign in to Xero and allow access (POST /v1/companies/${company.companyId}/link gives a fresh link).`,
      )
    }
    return connection
  }
}

function ids(company: Company): { companyId: string; connectionId: string } {
  return { companyId: company.codatCompanyId, connectionId: company.connectionId }
}

function viewOf(accountId: string, m: BankFeedMapping | undefined): AccountMappingView {
  return {
    accountId,
    status: m?.status ?? 'pending',
    targetAccountId: m?.targetAccountId ?? null,
    targetAccountName: m?.targetAccountName ?? null,
    feedStartDate: m?.feedStartDate?.slice(0, 10) ?? null,
    targetAccountOptions: (m?.targetAccountOptions ?? []).flatMap((o) =>
      o.id === undefined
        ? []
        : [
            {
              id: o.id,
              name: o.name ?? null,
              balance: o.balance ?? null,
              sortCode: o.sortCode ?? null,
              accountNumber: o.accountNumber ?? null,
            },
          ],
    ),
  }
}
