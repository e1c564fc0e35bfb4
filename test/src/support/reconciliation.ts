import type { BankTransaction, FeedScenario } from './feed-scenario.js'
import { fromUnits, toUnits } from './money.js'
import type { LedgerView } from './platforms.js'

/** One line behind the difference, as `GET …/reconciliation` answers it. */
export interface ReportItem {
  transactionId: string
  date: string
  amount: string
  description: string
  state: 'ready' | 'held' | 'quarantined' | 'dismissed' | 'in_flight'
  code: string
  message: string
  actions: string[]
  redatedTo?: string
}

/** The account's reconciliation report. */
export interface Report {
  asOf: string | null
  currency: string
  bank: { balance: string; reportedBalance: string | null; acceptedGap: string }
  destination: { balance: string; pushedCount: number; awaitingPull: number }
  difference: string
  items: ReportItem[]
  unexplained: string
}

/** A bank transaction that may carry the bank's balance after it, or replace a pending one. */
export type BankLine = BankTransaction & { balance?: string; replacesPendingId?: string }

/** One ingest result (with the warning the server gives). */
export interface IngestResult {
  id: string
  result: string
  warning?: { code: string; message: string }
}

const path = (s: FeedScenario, accountId: string) =>
  `/v1/companies/${s.companyId}/accounts/${encodeURIComponent(accountId)}`

function ok<T>(what: string, r: { status: number; body: T }): T {
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** Records `lines` in one request; answers each one's result. */
export async function ingest(
  s: FeedScenario,
  accountId: string,
  lines: readonly BankLine[],
): Promise<IngestResult[]> {
  const body = ok(
    'ingest',
    await s.api.call<{ rejected: number; results: IngestResult[] }>(
      'POST',
      `${path(s, accountId)}/transactions`,
      {
        transactions: lines,
      },
    ),
  )
  if (body.rejected > 0) throw new Error(`ingest: rejected ${JSON.stringify(body.results)}`)
  return body.results
}

/** `GET …/reconciliation`. */
export async function report(s: FeedScenario, accountId: string): Promise<Report> {
  return ok('report', await s.api.call<Report>('GET', `${path(s, accountId)}/reconciliation`))
}

/** `POST …/transactions/{id}/{redate|dismiss|accept-balance}` with a note; answers the report after it. */
export async function act(
  s: FeedScenario,
  accountId: string,
  transactionId: string,
  action: 'redate' | 'dismiss' | 'accept-balance',
  note: string,
): Promise<Report> {
  return ok(
    action,
    await s.api.call<Report>(
      'POST',
      `${path(s, accountId)}/transactions/${transactionId}/${action}`,
      { note },
      {
        'x-operator': 'ops@bank.example',
      },
    ),
  )
}

/** Σ amounts, exact. */
export function sum(amounts: readonly string[]): string {
  return fromUnits(amounts.reduce((a, x) => a + toUnits(x), 0n))
}

/** How many times each id is in QBO's view (test lines left out). */
export function qboCounts(view: LedgerView | undefined): Map<string, number> {
  const counts = new Map<string, number>()
  for (const l of view?.lines ?? []) if (!l.isTest) counts.set(l.id, (counts.get(l.id) ?? 0) + 1)
  return counts
}
