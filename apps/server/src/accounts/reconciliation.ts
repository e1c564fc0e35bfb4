import {
  type AccountState,
  type BalancePoint,
  balanceSeries,
  type Command,
  isDay,
  type LatePostings,
  MAX_NOTE,
  type PlanLimits,
  planBatches,
} from '@feedsync/core'
import type { EventStore } from '@feedsync/store'
import type { Clock } from '../clock.js'
import type { Company, CompanyRepository } from '../companies/repository.js'
import { ServiceError } from '../errors.js'
import { accountStream, COMPANY_PREFIX } from '../streams.js'
import { type CommandStore, decideCommand, handleCommand } from './command-runner.js'
import {
  oldestStuckSince,
  type ReconciliationReport,
  reportOf,
  sumByCurrency,
} from './reconciliation-report.js'
import {
  type CompanyRollup,
  type ExceptionAccount,
  type ExceptionsQuery,
  exceptionRow,
  oldestFirst,
  type RollupAccount,
} from './reconciliation-rollup.js'

export type { ReconciliationReport, ReportItem } from './reconciliation-report.js'
export type {
  CompanyRollup,
  ExceptionAccount,
  ExceptionsQuery,
  RollupAccount,
} from './reconciliation-rollup.js'

/** Who acts on a line and why (`by`: 1–200 characters; `note`: at most 1000). */
export interface OperatorAction {
  readonly note: string
  readonly by: string
}

/** The ports the service uses. */
export interface ReconciliationPorts {
  readonly accounts: CommandStore
  readonly companies: Pick<CompanyRepository, 'get'>
  readonly store: Pick<EventStore, 'listStreams'>
  readonly clock: Clock
  /** The worker's planning limits (so the report plans as the worker will). */
  readonly limits: Partial<PlanLimits>
}

/**
 * The reconciliation of the bank's ledger against what the destination (QBO) holds, per account,
 * per company and per tenant, and the operator's ways out of a stuck line. Reads plan at the
 * clock's now with the worker's limits; actions go through the one command runner and answer the
 * report after them. Tenant checks are the caller's (the routes' `accountForTenant`), except
 * `exceptions`, which lists only the tenant's companies.
 *
 * @example
 * const reconciliation = new ReconciliationService({ accounts, companies, store, clock, limits })
 * const r = await reconciliation.report(companyId, 'acc-1')
 * await reconciliation.redate(companyId, 'acc-1', 't7', { note: 'late posting', by: 'ops@bank.example' })
 */
export class ReconciliationService {
  constructor(private readonly ports: ReconciliationPorts) {}

  /**
   * The account's report at the clock's now (`asOf`: count only lines dated up to that day).
   * Throws `invalid_date` for an `asOf` that is not a `YYYY-MM-DD` day, `not_found` for no account.
   */
  async report(
    companyId: string,
    accountId: string,
    options: { readonly asOf?: string | undefined } = {},
  ): Promise<ReconciliationReport> {
    const { asOf } = options
    if (asOf !== undefined && !isDay(asOf)) {
      throw new ServiceError('invalid_date', `asOf must be a day (YYYY-MM-DD), not "${asOf}".`)
    }
    const [now, company] = await Promise.all([this.ports.clock.now(), this.ports.companies.get(companyId)])
    const accountName = company?.accounts.find((a) => a.accountId === accountId)?.accountName
    return this.withState(companyId, accountId, (state) => {
      const plan = planBatches(state, now, this.ports.limits)
      return reportOf(state, plan, { companyId, accountId, accountName }, { now, asOf })
    })
  }

  /** Both balances (bank, destination) at the end of every day of the account's transactions. */
  async series(companyId: string, accountId: string): Promise<BalancePoint[]> {
    return this.withState(companyId, accountId, (state) => balanceSeries(state))
  }

  /** Pushes a line quarantined for its date on the earliest day the destination accepts (`TransactionRedated`). */
  async redate(
    companyId: string,
    accountId: string,
    transactionId: string,
    action: OperatorAction,
  ): Promise<ReconciliationReport> {
    const { limits } = this.ports
    await this.command(companyId, accountId, (at) => ({
      type: 'RedateTransaction',
      transactionId,
      ...action,
      at,
      limits,
    }))
    return this.report(companyId, accountId)
  }

  /** The operator accepts that a line will not be pushed (`TransactionDismissed`); it stays as `dismissed`. */
  async dismiss(
    companyId: string,
    accountId: string,
    transactionId: string,
    action: OperatorAction,
  ): Promise<ReconciliationReport> {
    await this.command(companyId, accountId, (at) => ({
      type: 'DismissTransaction',
      transactionId,
      ...action,
      at,
    }))
    return this.report(companyId, accountId)
  }

  /** Accepts the bank's balance after a line held as `balance_mismatch` (`BankBalanceAccepted`): later lines flow again. */
  async acceptBalance(
    companyId: string,
    accountId: string,
    transactionId: string,
    action: OperatorAction,
  ): Promise<ReconciliationReport> {
    const { limits } = this.ports
    await this.command(companyId, accountId, (at) => ({
      type: 'AcceptBankBalance',
      transactionId,
      ...action,
      at,
      limits,
    }))
    return this.report(companyId, accountId)
  }

  /**
   * Changes the account's `latePostings` (`AccountSettingsChanged`; the same value again appends
   * nothing). `note` is checked (at most 1000 characters) but not recorded: the core's event has no
   * note. Answers the report after the change.
   */
  async changeSettings(
    companyId: string,
    accountId: string,
    settings: {
      readonly latePostings: LatePostings
      readonly by: string
      readonly note?: string | undefined
    },
  ): Promise<ReconciliationReport> {
    if (settings.note !== undefined && settings.note.length > MAX_NOTE) {
      throw new ServiceError('invalid_note', `note must be text of at most ${MAX_NOTE} characters.`)
    }
    const { latePostings, by } = settings
    await this.command(companyId, accountId, (at) => ({
      type: 'ChangeAccountSettings',
      latePostings,
      by,
      at,
    }))
    return this.report(companyId, accountId)
  }

  /** Every account of the company: its difference, how many items, its oldest stuck line; differences per currency. */
  async companyRollup(companyId: string): Promise<CompanyRollup> {
    const company = await this.ports.companies.get(companyId)
    if (company === undefined) throw new ServiceError('not_found', `No company ${companyId}.`)
    const rows = await this.rollupOf(company)
    const accounts = rows.map(({ decimals: _, ...a }) => a)
    const differences = sumByCurrency(
      rows.map((a) => ({ currency: a.currency, amount: a.difference, decimals: a.decimals })),
    )
    return { companyId, accounts, differences }
  }

  /**
   * Every account of the tenant that needs looking at (see `ExceptionsQuery`), the oldest stuck
   * line first (accounts with nothing stuck last, by company and account id).
   */
  async exceptions(
    tenant: string,
    query: ExceptionsQuery = {},
  ): Promise<{ readonly accounts: ExceptionAccount[] }> {
    const now = await this.ports.clock.now()
    const nowMs = Date.parse(now)
    const out: ExceptionAccount[] = []
    for (const s of await this.ports.store.listStreams({ prefix: COMPANY_PREFIX })) {
      const company = await this.ports.companies.get(s.stream.slice(COMPANY_PREFIX.length))
      if (company === undefined || company.tenant !== tenant) continue
      for (const a of company.accounts) {
        const report = await this.reportOrUndefined(company.companyId, a.accountId, now, a.accountName)
        if (report === undefined) continue
        const row = exceptionRow(report, company, a.timeZone, nowMs, query)
        if (row !== undefined) out.push(row)
      }
    }
    out.sort(oldestFirst)
    return { accounts: out }
  }

  private async rollupOf(company: Company): Promise<(RollupAccount & { decimals: number })[]> {
    const now = await this.ports.clock.now()
    const out: (RollupAccount & { decimals: number })[] = []
    for (const a of company.accounts) {
      const stream = accountStream(company.companyId, a.accountId)
      const row = await this.ports.accounts.withAccount(stream, async ({ state }) => {
        const ids = { companyId: company.companyId, accountId: a.accountId, accountName: a.accountName }
        const report = reportOf(state, planBatches(state, now, this.ports.limits), ids, { now })
        if (report === undefined || state.account === undefined) return undefined
        return {
          accountId: a.accountId,
          accountName: a.accountName,
          currency: report.currency,
          difference: report.difference,
          items: report.items.length,
          oldestStuckSince: oldestStuckSince(report.items, state.account.timeZone),
          decimals: state.account.decimals,
        }
      })
      if (row !== undefined) out.push(row)
    }
    return out
  }

  private reportOrUndefined(
    companyId: string,
    accountId: string,
    now: string,
    accountName: string,
  ): Promise<ReconciliationReport | undefined> {
    return this.ports.accounts.withAccount(accountStream(companyId, accountId), async ({ state }) =>
      reportOf(
        state,
        planBatches(state, now, this.ports.limits),
        { companyId, accountId, accountName },
        { now },
      ),
    )
  }

  private async command(companyId: string, accountId: string, make: (at: string) => Command): Promise<void> {
    const at = await this.ports.clock.now()
    await handleCommand(this.ports.accounts, accountStream(companyId, accountId), decideCommand(make(at)))
  }

  private async withState<T>(
    companyId: string,
    accountId: string,
    fn: (state: AccountState) => T | undefined,
  ): Promise<T> {
    const result = await this.ports.accounts.withAccount(
      accountStream(companyId, accountId),
      async ({ state }) => (state.account === undefined ? undefined : fn(state)),
    )
    if (result === undefined)
      throw new ServiceError('not_found', `No account ${accountId} in company ${companyId}.`)
    return result
  }
}
