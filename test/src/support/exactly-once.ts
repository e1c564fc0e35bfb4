import { expect } from 'vitest'
import type { BankTransaction, FeedScenario, QboAccountView } from './feed-scenario.js'
import { fromUnits, sameAmount, toUnits } from './money.js'

/** The transactions in the order QBO must show them: by date (local date-time), ties in recording order. */
export function inFeedOrder(transactions: readonly BankTransaction[]): BankTransaction[] {
  return transactions
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (a.t.date < b.t.date ? -1 : a.t.date > b.t.date ? 1 : a.i - b.i))
    .map(({ t }) => t)
}

/** Ids that appear more than once. */
export function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const id of ids) (seen.has(id) ? dup : seen).add(id)
  return [...dup]
}

/**
 * QBO's view of one account holds the test lines, then every transaction of `pushable` exactly once
 * (zero lost, zero duplicated), in date order, with the exact amounts, each line's balance the running
 * balance from `openingBalance`, and the account balance that of the last line.
 */
export function expectQboHoldsExactlyOnce(
  view: QboAccountView | undefined,
  pushable: readonly BankTransaction[],
  openingBalance: string,
  options: { testLines?: number } = {},
): void {
  expect(view, 'QBO shows the account').toBeDefined()
  if (view === undefined) return
  const testLines = options.testLines ?? 2
  expect(view.lines.slice(0, testLines).map((l) => l.isTest)).toEqual(Array(testLines).fill(true))
  const lines = view.lines.filter((l) => !l.isTest)
  const ids = lines.map((l) => l.id)
  const expected = inFeedOrder(pushable)
  const expectedIds = new Set(expected.map((t) => t.id))
  expect(duplicatesOf(ids), 'duplicated in QBO').toEqual([])
  expect(
    expected.filter((t) => !ids.includes(t.id)).map((t) => t.id),
    'lost (pushable but not in QBO)',
  ).toEqual([])
  expect(
    ids.filter((id) => !expectedIds.has(id)),
    'in QBO but never pushable',
  ).toEqual([])
  expect(ids, 'in date order').toEqual(expected.map((t) => t.id))
  let balance = toUnits(openingBalance)
  lines.forEach((line, i) => {
    const t = expected[i]
    if (t === undefined) return
    expect(sameAmount(line.amount, t.amount), `amount of ${t.id}: ${line.amount} vs ${t.amount}`).toBe(true)
    balance += toUnits(t.amount)
    expect(line.balance === null ? null : toUnits(line.balance), `running balance at ${t.id}`).toBe(balance)
  })
  if (lines.length > 0) {
    expect(view.balance === null ? null : fromUnits(toUnits(view.balance)), 'QBO balance').toBe(
      fromUnits(balance),
    )
  }
  expect(view.expired, 'no line expired before QBO pulled it').toEqual([])
}

/** The server's feed and transaction list agree with QBO: the same lines pushed, the same balance. */
export async function expectServerAgrees(
  scenario: FeedScenario,
  accountId: string,
  view: QboAccountView | undefined,
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
