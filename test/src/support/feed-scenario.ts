import { createHash } from 'node:crypto'
import type { HttpCaller, Reply } from './api-client.js'
import { type LedgerLine, type LedgerView, type PlatformCase, QBO_PLATFORM } from './platforms.js'

/** A transaction as the bank records it over the API. */
export interface BankTransaction {
  id: string
  date: string
  description: string
  amount: string
  status: 'pending' | 'cleared'
}

/** One line of QBO's view of an account (`GET /_sim/qbo/accounts/...`). */
export type QboLine = LedgerLine

export interface QboAccountView extends LedgerView {
  lines: QboLine[]
  undelivered: number
}

export interface FeedView {
  link: string
  counts: {
    pushed: number
    inFlight: number
    ready: number
    held: number
    quarantined: number
    pending: number
  }
  pushedBalance: string | null
  batchInFlight: { batchId: string; pushOperationKey: string | null; status: string; lines: number } | null
}

export interface TransactionListItem {
  id: string
  date: string
  amount: string
  balance: string | null
  status: string
  sync: { status: string; reason: { code: string; message: string } | null }
}

function expectStatus<T>(what: string, res: Reply<T>, ...statuses: number[]): T {
  if (!statuses.includes(res.status)) {
    throw new Error(
      `${what}: expected HTTP ${statuses.join('/')}, got ${res.status} ${JSON.stringify(res.body)}`,
    )
  }
  return res.body
}

/** A checking account in the onboarding body (`balance` is the feed's opening balance). */
export const checkingAccount = (id: string, balance = '1000.00') => ({
  id,
  accountName: `Checking ${id}`,
  accountType: 'checking' as const,
  accountNumber: `0000${id.replace(/\D/g, '')}`.slice(-8).padStart(8, '1'),
  currency: 'USD',
  balance,
})

/**
 * The seed's flow driven from outside: the bank talks to feedsync (`api`), the SMB and its ledger
 * (`platform`: QBO unless told) act through the simulator's control API (`sim`). One company per scenario.
 */
export class FeedScenario {
  companyId = ''
  connectionId = ''
  /** The one-time QBO credentials issued by the last `link` (secrets: they must never reach a log). */
  credentials: { username: string; password: string } | undefined
  /** Other one-time secrets the SMB was handed (a Xero link code, a Sage OTP): never in a log either. */
  readonly oneTimeSecrets: string[] = []
  /** What the platform's link left for its view (e.g. the simulator's Xero organisation or Sage business). */
  ledgerRef: Record<string, string> = {}

  constructor(
    readonly api: HttpCaller,
    readonly sim: HttpCaller,
    readonly platform: PlatformCase = QBO_PLATFORM,
  ) {}

  /** The same company driven through another server (e.g. the process restarted after a crash). */
  through(api: HttpCaller): FeedScenario {
    const other = new FeedScenario(api, this.sim, this.platform)
    other.companyId = this.companyId
    other.connectionId = this.connectionId
    other.credentials = this.credentials
    other.oneTimeSecrets.push(...this.oneTimeSecrets)
    other.ledgerRef = { ...this.ledgerRef }
    return other
  }

  /** Awaits `reply` and answers its body, or fails naming `what` unless its status is one of `statuses`. */
  async expect<T>(what: string, reply: Promise<Reply<T>>, ...statuses: number[]): Promise<T> {
    return expectStatus(what, await reply, ...statuses)
  }

  /** "Connect account to <ledger>": company, connection and source accounts in one call. */
  async onboard(accountIds: string[], name = 'Elaborate Events, Inc'): Promise<void> {
    const body = expectStatus(
      'onboard',
      await this.api.call<{ companyId: string; connectionId: string; linkUrl: string }>(
        'POST',
        '/v1/companies',
        {
          name,
          description: 'whole-system test',
          ...this.platform.onboarding,
          accounts: accountIds.map((id) => checkingAccount(id)),
        },
        {
          'idempotency-key': `onboard-${createHash('sha256')
            .update(`${this.platform.name}\n${name}\n${accountIds.join('\n')}`)
            .digest('hex')}`,
        },
      ),
      201,
    )
    this.companyId = body.companyId
    this.connectionId = body.connectionId
  }

  /** The SMB links the accounts in its ledger with a feed start date, the platform's way. */
  async link(accountIds: string[], feedStartDate: string): Promise<void> {
    await this.platform.link(this, accountIds, feedStartDate)
  }

  private accountPath(accountId: string): string {
    return `/v1/companies/${this.companyId}/accounts/${encodeURIComponent(accountId)}`
  }

  /** Records transactions, 1000 per request at most. */
  async record(accountId: string, transactions: readonly BankTransaction[]): Promise<void> {
    for (let i = 0; i < transactions.length; i += 1000) {
      const reply = expectStatus(
        'record',
        await this.api.call<{ recorded: number; duplicates: number; rejected: number }>(
          'POST',
          `${this.accountPath(accountId)}/transactions`,
          { transactions: transactions.slice(i, i + 1000) },
        ),
        200,
      )
      if (reply.rejected > 0) throw new Error(`record: ${reply.rejected} rejected: ${JSON.stringify(reply)}`)
    }
  }

  async clear(accountId: string, transactionId: string): Promise<Reply> {
    return this.api.call('POST', `${this.accountPath(accountId)}/transactions/${transactionId}/clear`, {})
  }

  async void(accountId: string, transactionId: string): Promise<Reply> {
    return this.api.call('POST', `${this.accountPath(accountId)}/transactions/${transactionId}/void`)
  }

  /** Moves the simulator's clock (and so the server's, which follows it). */
  async advance(duration: string): Promise<string> {
    const r = expectStatus(
      'advance clock',
      await this.sim.call<{ now: string }>('POST', '/_sim/clock', { advance: duration }),
      200,
    )
    return r.now
  }

  /** The simulator's current instant (ISO). */
  async now(): Promise<string> {
    return expectStatus('read clock', await this.sim.call<{ now: string }>('GET', '/_sim/clock'), 200).now
  }

  async setClock(now: string): Promise<void> {
    expectStatus('set clock', await this.sim.call('POST', '/_sim/clock', { now }), 200)
  }

  /** "Sync now" for one account; answers the reply (200, or 409 while another sync holds it). */
  async sync(accountId: string): Promise<Reply<{ status: string; batchesPushed: number }>> {
    return this.api.call('POST', `${this.accountPath(accountId)}/sync`)
  }

  /**
   * Syncs until the account has nothing ready and nothing in flight, polling (100 ms apart) until
   * `deadlineMs` has passed: a push still being processed elsewhere (a late first attempt, another
   * process) settles only when it ends. Answers the last feed view; callers assert on it.
   */
  async syncUntilSettled(accountId: string, deadlineMs = 30_000): Promise<FeedView> {
    const end = Date.now() + deadlineMs
    for (;;) {
      const r = await this.sync(accountId)
      if (r.status !== 200 && r.status !== 409)
        throw new Error(`sync: HTTP ${r.status} ${JSON.stringify(r.body)}`)
      const feed = await this.feed(accountId)
      if (r.status === 200 && feed.counts.ready === 0 && feed.counts.inFlight === 0) return feed
      if (Date.now() > end) return feed
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  /**
   * The ledger takes what Codat holds (QBO's "Update", Sage's refresh; Xero has it already) and answers
   * its view of the company's accounts.
   */
  async pull(): Promise<LedgerView[]> {
    return this.platform.refresh(this)
  }

  /** The ledger's view of the company's accounts as it is now (nothing pulled or refreshed). */
  async ledgerView(): Promise<LedgerView[]> {
    return this.platform.view(this)
  }

  async qboView(): Promise<QboAccountView[]> {
    return expectStatus(
      'qbo view',
      await this.sim.call<{ accounts: QboAccountView[] }>(
        'GET',
        `/_sim/qbo/accounts/${this.companyId}/${this.connectionId}`,
      ),
      200,
    ).accounts
  }

  async feed(accountId: string): Promise<FeedView> {
    return expectStatus(
      'feed',
      await this.api.call<FeedView>('GET', `${this.accountPath(accountId)}/feed`),
      200,
    )
  }

  /** Every transaction of the account (all pages), oldest first. */
  async transactions(accountId: string): Promise<TransactionListItem[]> {
    const all: TransactionListItem[] = []
    for (let page = 1; ; page++) {
      const r = expectStatus(
        'transactions',
        await this.api.call<{ totalResults: number; results: TransactionListItem[] }>(
          'GET',
          `${this.accountPath(accountId)}/transactions?page=${page}&pageSize=1000&orderBy=date`,
        ),
        200,
      )
      all.push(...r.results)
      if (r.results.length === 0 || all.length >= r.totalResults) return all
    }
  }

  /** Faults on a Codat operation (`/_sim/faults`). */
  async fault(body: Record<string, unknown>): Promise<void> {
    expectStatus('add fault', await this.sim.call('POST', '/_sim/faults', body), 200)
  }

  /** Clears the faults; answers how many calls each one hit. */
  async clearFaults(): Promise<number[]> {
    const faults = expectStatus(
      'list faults',
      await this.sim.call<{ applied: number }[]>('GET', '/_sim/faults'),
      200,
    )
    expectStatus('clear faults', await this.sim.call('DELETE', '/_sim/faults'), 200)
    return faults.map((f) => f.applied)
  }
}

/**
 * `perDay` transactions a day on each of `days` (YYYY-MM-DD), cleared, with mixed signs and cents;
 * ids `<prefix>-<day>-<n>`.
 */
export function transactionsOn(days: readonly string[], perDay: number, prefix = 't'): BankTransaction[] {
  const out: BankTransaction[] = []
  days.forEach((day, d) => {
    for (let n = 0; n < perDay; n++) {
      const cents = ((d * 7919 + n * 104_729) % 50_000) + 1
      const sign = (d + n) % 3 === 0 ? '-' : ''
      out.push({
        id: `${prefix}-${day}-${n}`,
        date: `${day}T${String(9 + (n % 10)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00`,
        description: `${prefix} purchase ${n} on ${day}`,
        amount: `${sign}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
        status: 'cleared',
      })
    }
  })
  return out
}

/** The `count` calendar days ending with `last` (YYYY-MM-DD), oldest first. */
export function daysEndingOn(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`)
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  )
}
