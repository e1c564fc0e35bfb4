import { expect } from 'vitest'
import { inFeedOrder } from './feed-order.js'
import type { BankTransaction, FeedScenario } from './feed-scenario.js'
import { fromUnits, sameAmount, toUnits } from './money.js'
import type { LedgerView, PlatformCase } from './platforms.js'

/** Ids that appear more than once. */
export function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const id of ids) (seen.has(id) ? dup : seen).add(id)
  return [...dup]
}

/**
 * QBO's view of one account holds the test lines, then every transaction of `pushable` exactly once
 * (zero lost, zero duplicated), in calendar-day order, with the exact amounts, each line's balance the
 * running balance from `openingBalance` in QBO's order, and the account balance that of the last line.
 * With `strictOrder` (everything in one batch), lines must be in `inFeedOrder` exactly. `ledger` names
 * the ledger in messages (default QBO; `expectLedgerHoldsExactlyOnce` passes the platform's).
 */
export function expectQboHoldsExactlyOnce(
  view: LedgerView | undefined,
  pushable: readonly BankTransaction[],
  openingBalance: string,
  options: { testLines?: number; strictOrder?: boolean; ledger?: string } = {},
): void {
  const QBO = options.ledger ?? 'QBO'
  expect(view, `${QBO} shows the account`).toBeDefined()
  if (view === undefined) return
  const testLines = options.testLines ?? 2
  expect(view.lines.slice(0, testLines).map((l) => l.isTest)).toEqual(Array(testLines).fill(true))
  const lines = view.lines.filter((l) => !l.isTest)
  const ids = lines.map((l) => l.id)
  const expected = inFeedOrder(pushable)
  const byId = new Map(pushable.map((t) => [t.id, t]))
  expect(duplicatesOf(ids), `duplicated in ${QBO}`).toEqual([])
  expect(
    expected.filter((t) => !ids.includes(t.id)).map((t) => t.id),
    `lost (pushable but not in ${QBO})`,
  ).toEqual([])
  expect(
    ids.filter((id) => !byId.has(id)),
    `in ${QBO} but never pushable`,
  ).toEqual([])
  const days = lines.map((l) => l.date.slice(0, 10))
  expect(days, 'in calendar-day order').toEqual([...days].sort())
  if (options.strictOrder === true)
    expect(ids, 'by date-time, then recording order').toEqual(expected.map((t) => t.id))
  let balance = toUnits(openingBalance)
  for (const line of lines) {
    const t = byId.get(line.id)
    if (t === undefined) continue
    expect(sameAmount(line.amount, t.amount), `amount of ${t.id}: ${line.amount} vs ${t.amount}`).toBe(true)
    expect(line.date.slice(0, 10), `date of ${t.id}`).toBe(t.date.slice(0, 10))
    balance += toUnits(t.amount)
    expect(line.balance === null ? null : toUnits(line.balance), `running balance at ${t.id}`).toBe(balance)
  }
  if (lines.length > 0) {
    expect(view.balance === null ? null : fromUnits(toUnits(view.balance)), `${QBO} balance`).toBe(
      fromUnits(balance),
    )
  }
  expect(view.expired, `no line expired before ${QBO} pulled it`).toEqual([])
}

/** `expectQboHoldsExactlyOnce` for the ledger of `platform` (its test lines, its name in messages). */
export function expectLedgerHoldsExactlyOnce(
  platform: PlatformCase,
  view: LedgerView | undefined,
  pushable: readonly BankTransaction[],
  openingBalance: string,
  options: { strictOrder?: boolean } = {},
): void {
  expectQboHoldsExactlyOnce(view, pushable, openingBalance, {
    ...options,
    testLines: platform.testLines,
    ledger: platform.label,
  })
}

/** The server's feed and transaction list agree with the ledger: the same lines pushed, the same balance. */
export async function expectServerAgrees(
  scenario: FeedScenario,
  accountId: string,
  view: LedgerView | undefined,
  pushable: readonly BankTransaction[],
): Promise<void> {
  const feed = await scenario.feed(accountId)
  expect(feed.counts.pushed).toBe(pushable.length)
  expect(feed.counts.inFlight).toBe(0)
  expect(feed.counts.ready).toBe(0)
  expect(feed.batchInFlight).toBeNull()
  if (view?.balance != null && feed.pushedBalance !== null) {
    expect(toUnits(feed.pushedBalance)).toBe(toUnits(view.balance))
  }
  const list = await scenario.transactions(accountId)
  const pushedIds = new Set(pushable.map((t) => t.id))
  expect(
    list
      .filter((t) => t.sync.status === 'pushed')
      .map((t) => t.id)
      .sort(),
  ).toEqual([...pushedIds].sort())
}
