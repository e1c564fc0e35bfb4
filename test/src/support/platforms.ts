import type { SimulatorOptions } from '@feedsync/simulator'
import type { BankTransaction, FeedScenario, QboAccountView } from './feed-scenario.js'

/** One line of a ledger's view of an account, the same shape for every platform. */
export interface LedgerLine {
  id: string
  date: string
  description: string
  amount: string
  balance: string | null
  /** QBO's two test lines on first link; never on Xero or Sage (X28, S25). */
  isTest: boolean
}

/** What the ledger (QBO, Xero, Sage) shows of one fed account, as the simulator's view reports it. */
export interface LedgerView {
  sourceAccountId: string
  balance: string | null
  lines: LedgerLine[]
  /** Lines Codat dropped before the ledger took them (QBO: 7 days unpulled); none elsewhere. */
  expired: { id: string }[]
}

/** The rules of the platform that decide what the whole-system tests expect (PLATFORMS.md §5). */
export interface PlatformRules {
  /** "Not older than the newest line on the target": QBO Q4 and Sage S15 yes, Xero X19 no. */
  readonly olderThanNewest: boolean
  /** Days of history a first write may carry before today (QBO Q7: 7; Xero X21: a year). */
  readonly historyDays: number
  /** The feed starts on the connect day whatever the SMB picks (Sage S7, S17). */
  readonly startsOnConnectDay: boolean
  /** Writes in flight per account: Sage 1 (S23); `null` = unlimited. */
  readonly writesInFlight: number | null
}

/**
 * One ledger platform as the whole-system tests drive it: how the SMB links an account, how the
 * ledger's view is read from the simulator, how written lines become visible, and what its rules
 * make the tests expect. `PLATFORMS` is the table every whole-system suite loops over.
 */
export interface PlatformCase {
  /** The engine's `platform` on onboarding (`POST /v1/companies`). */
  readonly name: 'qbo' | 'xero' | 'sage'
  /** For test names: `QBO`, `Xero`, `Sage`. */
  readonly label: string
  /** Simulator options this platform's tests need (e.g. no processing delay on a frozen clock). */
  readonly sim: Partial<SimulatorOptions>
  /** Lines the ledger shows before any push (QBO's two test lines). */
  readonly testLines: number
  /**
   * How written lines become visible: `daily` (QBO's pull, Sage's refresh, at 06:00 or on the
   * SMB's button) or `immediate` (Xero, X27).
   */
  readonly visibility: 'daily' | 'immediate'
  readonly rules: PlatformRules
  /** The body fields onboarding adds (none for QBO: the default). */
  readonly onboarding: Record<string, unknown>
  /** The SMB links `accountIds` with `feedStartDate` (YYYY-MM-DD); resolves once writes may go. */
  link(s: FeedScenario, accountIds: readonly string[], feedStartDate: string): Promise<void>
  /** The ledger's view of the company's fed accounts, as it is now. */
  view(s: FeedScenario): Promise<LedgerView[]>
  /** The SMB's button that takes what Codat holds (QBO Update, Sage refresh), then the view. */
  refresh(s: FeedScenario): Promise<LedgerView[]>
}

/** QuickBooks Online (`hcws`): one-time credentials typed into QBO's link flow; QBO pulls daily or on Update. */
export const QBO_PLATFORM: PlatformCase = {
  name: 'qbo',
  label: 'QBO',
  sim: {},
  testLines: 2,
  visibility: 'daily',
  rules: { olderThanNewest: true, historyDays: 7, startsOnConnectDay: false, writesInFlight: null },
  onboarding: {},
  async link(s, accountIds, feedStartDate) {
    const creds = await s.expect(
      'credentials',
      s.api.call<{ username: string; password: string }>('POST', `/v1/companies/${s.companyId}/credentials`),
      201,
    )
    s.credentials = creds
    await s.expect(
      'qbo link',
      s.sim.call('POST', '/_sim/qbo/link', {
        companyId: s.companyId,
        connectionId: s.connectionId,
        username: creds.username,
        password: creds.password,
        accounts: accountIds.map((id) => ({ sourceAccountId: id, qboAccountName: `QBO ${id}` })),
        feedStartDate,
      }),
      200,
    )
  },
  async view(s) {
    return (await s.qboView()) satisfies LedgerView[]
  },
  async refresh(s) {
    const r = await s.expect(
      'qbo update',
      s.sim.call<{ accounts: QboAccountView[] }>('POST', '/_sim/qbo/update', {
        companyId: s.companyId,
        connectionId: s.connectionId,
      }),
      200,
    )
    return r.accounts
  },
}

/**
 * Every platform the whole-system suites run on, QBO first.
 * Xero: waits for the simulator's `platforms/xero/` (`/_sim/xero/orgs`, `/_sim/xero/consent`) and the
 * engine's `platform: "xero"`, `/link` and mapping API.
 * Sage: waits for the simulator's `platforms/sage/` (`/_sim/sage/businesses`, `/connect-bank`, `/select`,
 * `/confirm`, `/refresh`) and the engine's `platform: "sage"` and `/link`.
 */
export const PLATFORMS: readonly PlatformCase[] = [QBO_PLATFORM]

/**
 * The transactions the platform takes out of `transactions` when the feed starts on `feedStartDate`
 * and the account was linked on `linkedOn` (both YYYY-MM-DD): the others must be held back with a
 * reason. Only the start of history is decided here; the suites date their lines within the window.
 */
export function pushableOn(
  platform: PlatformCase,
  transactions: readonly BankTransaction[],
  feedStartDate: string,
  linkedOn: string,
): BankTransaction[] {
  const from = platform.rules.startsOnConnectDay ? linkedOn : feedStartDate
  return transactions.filter((t) => t.date.slice(0, 10) >= from)
}
