import type { CodatBankFeedsPort, SourceAccount, SourceAccountV2 } from '@feedsync/codat-client'
import { type AccountState, destinationOf } from '@feedsync/core'
import type { Clock } from '../clock.js'
import type { Company } from '../companies/repository.js'
import { accountStream } from '../streams.js'

/** Codat's source accounts of one connection, by id (either schema version). */
export type Sources = ReadonlyMap<string, SourceAccountV2 | SourceAccount>

/**
 * What the account's source says about its link: the core command to decide, without its `at`.
 * `feedStartDate` absent: the day of the sync's `at` (the caller fills it in).
 */
export type LinkChange =
  | { readonly type: 'LinkFeed'; readonly feedStartDate?: string }
  | { readonly type: 'DisconnectFeed' }

/** An account still not linked is checked every cycle during its company's first week. */
export const NEW_COMPANY_MS = 7 * 86_400_000

/**
 * What Codat's source account says, read per the account's platform (its registration):
 * - QBO (BEHAVIOUR §8.5): linked when `connected` with the feed start date the SMB picked in QBO;
 * - Xero (X13, X14): `connecting` after mapping until Xero saved the feed, linked once `connected`;
 *   the feed start date is advisory (X23): Codat's when given, else the day the link was seen;
 * - Sage (S6, S7, S11): `connecting` between OK and Confirm, linked once `connected`; the feed start
 *   is the connect time Codat reports, else the day the link was seen.
 * `disconnected` → `DisconnectFeed` on every platform; anything else (pending, connecting, unknown
 * account) → nothing. A date-less link already recorded is left as it is (no moving feed start).
 *
 * @example
 * linkChange({ id: 'acc-1', status: 'connected', feedStartDate: '2026-11-20T00:00:00', ... }, state)
 * // => { type: 'LinkFeed', feedStartDate: '2026-11-20' }
 */
export function linkChange(
  source: SourceAccountV2 | SourceAccount | undefined,
  state: AccountState,
): LinkChange | undefined {
  if (source === undefined) return undefined
  if (source.status === 'disconnected') return { type: 'DisconnectFeed' }
  if (source.status !== 'connected') return undefined
  const given = typeof source.feedStartDate === 'string' ? source.feedStartDate.slice(0, 10) : ''
  if (given !== '') return { type: 'LinkFeed', feedStartDate: given }
  // No feed start date from Codat: QBO always reports the SMB's; Xero and Sage link without one.
  const platform = destinationOf(state).id
  if (platform === 'qbo' || state.feed.status === 'linked') return undefined
  return { type: 'LinkFeed' }
}

/**
 * Watches the link of every account (FeedLinked / FeedDisconnected are learnt from Codat's
 * source-account list) while keeping to Codat's quota: the list is read at most every
 * `refreshMs` (FEEDSYNC_LINK_REFRESH_MS) per company once its accounts are linked; every cycle while
 * one is not, during the company's first week. Freshness is wall-clock time (a quota matter); the
 * company's age is the clock's.
 *
 * A push's outcome is link evidence too: a push Codat answered `Success` proves the account's source
 * account and the connection were linked then (`proved`), so a stale list is not re-read for that
 * account's sake for `evidenceMs` (FEEDSYNC_LINK_RECHECK_MAX_MS, the widest re-check gap). The list
 * is due once some account of the company lacks fresh evidence (no list read within `refreshMs`, no
 * push success within `evidenceMs`) or is not known linked. A disconnect of a pushing account shows
 * in its next push's answer (Failed → `lost` reads the list); one of an account that pushes nothing
 * is found by its re-check as before (it has no push evidence); a Failed push proves nothing.
 */
export class LinkWatch {
  /** Wall-clock ms of the last source-account list read, per company. */
  private readonly lastRead = new Map<string, number>()
  /** Whether each account stream was linked when last synced by this process. */
  private readonly linked = new Map<string, boolean>()
  /** Wall-clock ms of the last push Codat answered `Success`, per account stream (link evidence). */
  private readonly pushed = new Map<string, number>()
  /** Companies a webhook hinted about (`stale`) since their last list read. */
  private readonly hinted = new Set<string>()
  /** The list read in progress per company: concurrent syncs of one company share it. */
  private readonly reading = new Map<string, Promise<Sources>>()

  constructor(
    private readonly deps: {
      readonly codat: Pick<CodatBankFeedsPort, 'sourceAccounts' | 'connections'>
      readonly clock: Clock
      readonly refreshMs: number
      /** How long a push success vouches for the account's link (default `refreshMs`). */
      readonly evidenceMs?: number
    },
  ) {}

  /** Whether the company's source-account list was read less than `refreshMs` ago. */
  private fresh(company: Company): boolean {
    const last = this.lastRead.get(company.companyId)
    return last !== undefined && Date.now() - last < this.deps.refreshMs
  }

  /** Whether this process last saw the account linked (after its sync). */
  private isLinked(company: Company, accountId: string): boolean {
    return this.linked.get(accountStream(company.companyId, accountId)) === true
  }

  /** Whether the account is known linked with a push success younger than `evidenceMs`. */
  private vouched(company: Company, accountId: string): boolean {
    const at = this.pushed.get(accountStream(company.companyId, accountId))
    const ms = this.deps.evidenceMs ?? this.deps.refreshMs
    return this.isLinked(company, accountId) && at !== undefined && Date.now() - at < ms
  }

  /**
   * Whether a worker cycle reads the company's list: when stale and some account lacks fresh push
   * evidence, or while a young company has an unlinked account.
   */
  async dueInCycle(company: Company): Promise<boolean> {
    if (!this.fresh(company) && !company.accounts.every((a) => this.vouched(company, a.accountId)))
      return true
    const unlinked = company.accounts.some((a) => !this.isLinked(company, a.accountId))
    if (!unlinked) return false
    const age = Date.parse(await this.deps.clock.now()) - Date.parse(company.onboardedAt)
    return age < NEW_COMPANY_MS
  }

  /**
   * Whether "sync now" reads the list. Not for a linked account (`linkedInState`: the account's
   * state records the feed linked, or this process saw it linked within `refreshMs`, or a push
   * success vouches for it): it is pushed at once, and a lost link shows in the push's answer
   * (Failed → `lost` reads the list); the worker's re-checks find the disconnect of an account with
   * nothing to push. Read while the account is not linked (to learn the link the SMB just made) and
   * after a webhook hinted about the company (`stale`), until the list is read.
   */
  dueForSyncNow(company: Company, accountId: string, linkedInState = false): boolean {
    if (this.vouched(company, accountId)) return false
    if (this.fresh(company) && this.isLinked(company, accountId)) return false
    return !(linkedInState && !this.hinted.has(company.companyId))
  }

  /** A push of the account Codat answered `Success`: its link held now (see the class comment). */
  proved(company: Company, accountId: string): void {
    this.pushed.set(accountStream(company.companyId, accountId), Date.now())
  }

  /**
   * Reads Codat's source-account list of the company's connection; a read already in progress for
   * the company is shared (a restart's first cycle and a "sync now" of the same company ask once).
   */
  read(company: Company): Promise<Sources> {
    const running = this.reading.get(company.companyId)
    if (running !== undefined) return running
    const read = this.readNow(company).finally(() => this.reading.delete(company.companyId))
    this.reading.set(company.companyId, read)
    return read
  }

  /** A list read of its own (not shared: `lost` asks after a Failed push, not before it). */
  private async readNow(company: Company): Promise<Sources> {
    this.lastRead.set(company.companyId, Date.now())
    const list = await this.deps.codat.sourceAccounts.list({
      companyId: company.codatCompanyId,
      connectionId: company.connectionId,
    })
    this.hinted.delete(company.companyId)
    return new Map(list.map((a) => [a.id, a]))
  }

  /** A webhook's hint (source account or connection changed): the company's list is due at its next sync. */
  stale(company: Company): void {
    this.lastRead.delete(company.companyId)
    this.hinted.add(company.companyId)
    for (const a of company.accounts) this.pushed.delete(accountStream(company.companyId, a.accountId))
  }

  /** Notes whether the account stream is linked after its sync (what `dueInCycle` / `dueForSyncNow` go by). */
  remember(company: Company, accountId: string, linked: boolean): void {
    this.linked.set(accountStream(company.companyId, accountId), linked)
  }

  /**
   * After a Failed push: whether the source account or the connection is no longer linked (then the
   * failure is about the link, not the lines). `undefined` when Codat could not be asked.
   */
  async lost(company: Company, accountId: string): Promise<boolean | undefined> {
    this.pushed.delete(accountStream(company.companyId, accountId))
    try {
      const sources = await this.readNow(company)
      const connection = await this.deps.codat.connections.get({
        companyId: company.codatCompanyId,
        connectionId: company.connectionId,
      })
      return sources.get(accountId)?.status !== 'connected' || connection.status !== 'Linked'
    } catch {
      return undefined
    }
  }
}
