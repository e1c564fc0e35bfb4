import type { CodatBankFeedsPort, SourceAccountV2AccountType } from '@feedsync/codat-client'
import { type DestinationId, decide, destinations, initialState } from '@feedsync/core'
import type { EventStore } from '@feedsync/store'
import { WrongExpectedVersionError } from '@feedsync/store'
import { type CommandStore, decideCommand, handleCommand } from '../accounts/command-runner.js'
import type { Clock } from '../clock.js'
import { ServiceError } from '../errors.js'
import { accountStream, derivedUuid, idempotencyStream, sha256 } from '../streams.js'
import type { CompanyAccount, CompanyRepository } from './repository.js'

/** One source account to create, in Codat's v2 shape plus our `timeZone`. */
export interface OnboardAccountInput {
  id: string
  accountName: string
  accountType: SourceAccountV2AccountType
  accountNumber: string
  sortCode?: string
  currency: string
  /** Balance now: the opening balance of the feed. Exact decimal (string or number text). */
  balance: string | number
  /** IANA zone whose calendar days the feed uses; default UTC. */
  timeZone?: string
}

export interface OnboardInput {
  name: string
  description?: string
  /** The ledger the SMB keeps its books in; default `qbo`. */
  platform?: DestinationId
  accounts: OnboardAccountInput[]
}

/** A fresh one-time QBO credential pair (never stored). */
export interface IssuedCredentials {
  username: string
  password: string
}

export interface OnboardResult {
  companyId: string
  connectionId: string
  platform: DestinationId
  /** Where the SMB starts linking (QBO, Xero); `null` for Sage, linked from inside Sage (S1). */
  linkUrl: string | null
  accounts: { accountId: string; accountName: string; currency: string }[]
}

type IdemEvent =
  | { type: 'OnboardingStarted'; data: { requestHash: string; at: string } }
  | { type: 'OnboardingCompleted'; data: { requestHash: string; result: OnboardResult; at: string } }

/**
 * "Connect account to QuickBooks / Xero / Sage" in one call: create the Codat company, the
 * connection under the destination's Codat platform key (`hcws`, `gbol`, `olpr`) and the source
 * accounts, then record the company (with its platform) and register one core account stream per
 * account, registered with that destination.
 *
 * Under an Idempotency-Key the request is recorded first (`OnboardingStarted`, request hash). A
 * repeat with the same body answers the stored result; with another body it is refused (422). A
 * repeat after a crash half way re-runs the Codat calls with the SAME derived Codat Idempotency-Keys,
 * so Codat replays what it already did (within its 90-minute window) instead of creating twice.
 */
export class Onboarding {
  constructor(
    private readonly store: Pick<EventStore, 'readStream' | 'appendToStream'>,
    private readonly codat: Pick<CodatBankFeedsPort, 'companies' | 'connections' | 'sourceAccounts'>,
    private readonly companies: Pick<CompanyRepository, 'load' | 'append' | 'forTenant'>,
    private readonly accounts: CommandStore,
    private readonly clock: Clock,
  ) {}

  async onboard(
    tenant: string,
    input: OnboardInput,
    idempotencyKey: string | undefined,
  ): Promise<OnboardResult> {
    const at = await this.clock.now()
    const platform = input.platform ?? 'qbo'
    const destination = destinations[platform]
    // Validate every account with the core before any call to Codat, so bad input changes nothing.
    const ids = new Set<string>()
    const normalised: { input: OnboardAccountInput; openingBalance: string; timeZone: string }[] = []
    for (const a of input.accounts) {
      if (ids.has(a.id)) throw new ServiceError('validation_failed', `Account id ${a.id} appears twice.`)
      ids.add(a.id)
      const d = decide(
        {
          type: 'RegisterAccount',
          accountId: a.id,
          currency: a.currency,
          openingBalance: a.balance,
          timeZone: a.timeZone ?? 'UTC',
          destination: platform,
          at,
        },
        initialState(),
      )
      if (!d.ok) throw new ServiceError(d.error.code, `Account ${a.id}: ${d.error.message}`)
      const registered = d.events[0]
      if (registered?.type !== 'AccountRegistered')
        throw new Error('RegisterAccount decided no AccountRegistered')
      normalised.push({
        input: a,
        openingBalance: registered.data.openingBalance,
        timeZone: registered.data.timeZone,
      })
    }

    const requestHash = sha256(JSON.stringify(input))
    const seed = idempotencyKey === undefined ? crypto.randomUUID() : `${tenant}\u0000${idempotencyKey}`
    let idemVersion = 0
    const idem = idempotencyKey === undefined ? undefined : idempotencyStream(tenant, idempotencyKey)
    if (idem !== undefined) {
      const prior = await this.readIdem(idem)
      if (prior.started !== undefined && prior.started !== requestHash) {
        throw new ServiceError(
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request body.',
        )
      }
      if (prior.result !== undefined) return prior.result
      idemVersion = prior.version
      if (prior.version === 0) {
        try {
          const started: IdemEvent = { type: 'OnboardingStarted', data: { requestHash, at } }
          const r = await this.store.appendToStream(idem, 'no_stream', [started])
          idemVersion = r.nextExpectedVersion
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error
          throw new ServiceError(
            'idempotency_key_in_flight',
            'A request with this Idempotency-Key is in progress; retry shortly.',
          )
        }
      }
    }

    const company = await this.codat.companies.create({
      name: input.name,
      ...(input.description === undefined ? {} : { description: input.description }),
      idempotencyKey: derivedUuid(seed, 'company'),
    })
    const connection = await this.codat.connections.create({
      companyId: company.id,
      requestBody: { platformKey: destination.codatPlatformKey },
      idempotencyKey: derivedUuid(seed, 'connection'),
    })
    const accounts: CompanyAccount[] = []
    for (const { input: a, openingBalance, timeZone } of normalised) {
      await this.codat.sourceAccounts.create({
        companyId: company.id,
        connectionId: connection.id,
        idempotencyKey: derivedUuid(seed, 'account', a.id),
        requestBody: {
          id: a.id,
          accountName: a.accountName,
          accountType: a.accountType,
          accountNumber: a.accountNumber,
          ...(a.sortCode === undefined ? {} : { sortCode: a.sortCode }),
          currency: a.currency,
          balance: openingBalance,
        },
      })
      accounts.push({ accountId: a.id, accountName: a.accountName, currency: a.currency, timeZone })
    }

    const existing = await this.companies.load(company.id)
    if (existing === undefined) {
      try {
        await this.companies.append(
          company.id,
          {
            type: 'CompanyOnboarded',
            data: {
              tenant,
              name: input.name,
              description: input.description ?? null,
              platform,
              codatCompanyId: company.id,
              connectionId: connection.id,
              linkUrl: connection.linkUrl,
              accounts,
              at,
            },
          },
          'no_stream',
        )
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error
      }
    }
    for (const { input: a, openingBalance, timeZone } of normalised) {
      await this.register(company.id, a.id, { currency: a.currency, openingBalance, timeZone, platform }, at)
    }

    const result: OnboardResult = {
      companyId: company.id,
      connectionId: connection.id,
      platform,
      linkUrl: platform === 'sage' ? null : connection.linkUrl,
      accounts: accounts.map(({ accountId, accountName, currency }) => ({
        accountId,
        accountName,
        currency,
      })),
    }
    if (idem !== undefined) {
      const done: IdemEvent = { type: 'OnboardingCompleted', data: { requestHash, result, at } }
      await this.store.appendToStream(idem, idemVersion, [done]).catch((error: unknown) => {
        if (!(error instanceof WrongExpectedVersionError)) throw error
      })
    }
    return result
  }

  /**
   * Asks Codat for a new one-time QBO username and password for the tenant's company and records
   * that a pair was issued (`CredentialsIssued`, no secret in it). Each call issues a new pair.
   */
  async issueCredentials(tenant: string, companyId: string): Promise<IssuedCredentials> {
    const company = await this.companies.forTenant(tenant, companyId)
    if (company.platform !== 'qbo') {
      throw new ServiceError(
        'wrong_platform',
        `Company ${companyId} feeds ${destinations[company.platform].name}: one-time credentials are for QuickBooks only; use POST /v1/companies/${companyId}/link.`,
      )
    }
    const pair = await this.codat.sourceAccounts.generateCredentials({
      companyId: company.codatCompanyId,
      connectionId: company.connectionId,
    })
    await this.companies.append(
      company.companyId,
      { type: 'CredentialsIssued', data: { at: await this.clock.now() } },
      'any',
    )
    return { username: pair.username ?? '', password: pair.password ?? '' }
  }

  private async register(
    companyId: string,
    accountId: string,
    a: { currency: string; openingBalance: string; timeZone: string; platform: DestinationId },
    at: string,
  ): Promise<void> {
    const { currency, openingBalance, timeZone, platform } = a
    await handleCommand(
      this.accounts,
      accountStream(companyId, accountId),
      decideCommand({
        type: 'RegisterAccount',
        accountId,
        currency,
        openingBalance,
        timeZone,
        destination: platform,
        at,
      }),
    )
  }

  private async readIdem(
    stream: string,
  ): Promise<{ version: number; started?: string; result?: OnboardResult }> {
    const rows = await this.store.readStream(stream)
    let started: string | undefined
    let result: OnboardResult | undefined
    // This stream only ever holds `IdemEvent`s written above.
    for (const r of rows.map((x) => ({ type: x.type, data: x.data }) as IdemEvent)) {
      if (r.type === 'OnboardingStarted') started = r.data.requestHash
      // A result stored before Xero and Sage has no platform: those were QBO companies.
      else result = { ...r.data.result, platform: r.data.result.platform ?? 'qbo' }
    }
    return {
      version: rows.length,
      ...(started === undefined ? {} : { started }),
      ...(result === undefined ? {} : { result }),
    }
  }
}
