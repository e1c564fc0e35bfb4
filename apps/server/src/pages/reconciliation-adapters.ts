import type {
  ExceptionAccount,
  ReconciliationService,
  ReconciliationReport as ServiceReport,
} from '../accounts/reconciliation.js'
import type { Company } from '../companies/repository.js'
import {
  PageError,
  type ReconciliationItem,
  type ReconciliationPorts,
  type ReconciliationReport,
} from './ports.js'

/** The reconciliation service as the pages use it (the same one `/v1/.../reconciliation` uses). */
export type PagesReconciliation = Pick<
  ReconciliationService,
  'report' | 'series' | 'redate' | 'dismiss' | 'acceptBalance' | 'exceptions'
>

/** How the adapters reach the service: the tenant's account (undefined: unknown or another tenant's), errors as pages show them. */
export interface ReconciliationAdapterDeps {
  readonly reconciliation: PagesReconciliation
  account(tenant: string, companyId: string, accountId: string): Promise<Company | undefined>
  guarded<T>(run: () => Promise<T>): Promise<T | undefined>
}

/** Who the service records as acting: the web app and the tenant (a hash of its key, never the key). */
export function actorOf(tenant: string): string {
  return `web app (${tenant.slice(0, 12)})`
}

/** The service's report as the page shows it: items with the actions that apply, the balance series as history. */
export function toPageReport(
  report: ServiceReport,
  series: readonly { day: string; bank: string; destination: string }[],
): ReconciliationReport {
  const items = report.items.map(
    (i): ReconciliationItem => ({
      transactionId: i.transactionId,
      date: i.date,
      description: i.description,
      amount: i.amount,
      state: i.state,
      code: i.code,
      message: i.message,
      canRedate: i.actions.includes('redate'),
      canDismiss: i.actions.includes('dismiss'),
      canAcceptBalance: i.actions.includes('accept_balance'),
      ...(i.redatedTo === undefined ? {} : { redatedTo: i.redatedTo }),
    }),
  )
  return {
    bank: { balance: report.bank.balance, reportedBalance: report.bank.reportedBalance },
    destination: {
      balance: report.destination.balance,
      pushedCount: report.destination.pushedCount,
      awaitingPull: report.destination.awaitingPull,
    },
    difference: report.difference,
    unexplained: report.unexplained,
    items,
    history: series.map((p) => ({ date: p.day, bank: p.bank, destination: p.destination })),
  }
}

/** A day in minutes: a held line whose bank day began longer ago than this is stuck, not merely waiting. */
const STUCK_AFTER_MINUTES = 24 * 60

/**
 * Whether an account of the tenant's exceptions list counts as an exception on the company list: a
 * line that will not be sent as it is (quarantined), or one held since before yesterday ended
 * (today's lines waiting for the day's end are normal, not exceptions).
 */
export function isException(a: ExceptionAccount): boolean {
  return a.byState.quarantined > 0 || (a.byState.held > 0 && a.stuckMinutes >= STUCK_AFTER_MINUTES)
}

/**
 * The reconciliation ports of the pages over {@link ReconciliationService}; every call checks the
 * tenant first, so another tenant's account answers `undefined` (a 404 page) as an unknown one does.
 *
 * @example
 * const ports = reconciliationAdapters({ reconciliation: services.reconciliation, account, guarded })
 */
export function reconciliationAdapters(d: ReconciliationAdapterDeps): Required<ReconciliationPorts> {
  const { reconciliation: r } = d
  const act = async (
    tenant: string,
    companyId: string,
    accountId: string,
    run: (by: string) => Promise<unknown>,
  ): Promise<void> => {
    const done =
      (await d.account(tenant, companyId, accountId)) === undefined
        ? undefined
        : await d.guarded(async () => {
            await run(actorOf(tenant))
            return true
          })
    if (done === undefined) throw new PageError('not_found', 'No such line.')
  }
  return {
    async reconciliation(tenant, companyId, accountId) {
      if ((await d.account(tenant, companyId, accountId)) === undefined) return undefined
      const both = await d.guarded(() =>
        Promise.all([r.report(companyId, accountId), r.series(companyId, accountId)]),
      )
      return both === undefined ? undefined : toPageReport(both[0], both[1])
    },
    redate: (tenant, companyId, accountId, transactionId, note) =>
      act(tenant, companyId, accountId, (by) => r.redate(companyId, accountId, transactionId, { note, by })),
    dismiss: (tenant, companyId, accountId, transactionId, note) =>
      act(tenant, companyId, accountId, (by) => r.dismiss(companyId, accountId, transactionId, { note, by })),
    acceptBalance: (tenant, companyId, accountId, transactionId, note) =>
      act(tenant, companyId, accountId, (by) =>
        r.acceptBalance(companyId, accountId, transactionId, { note, by }),
      ),
  }
}
