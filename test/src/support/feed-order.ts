import type { BankTransaction } from './feed-scenario.js'

/** The transactions in the order one batch carries them: by local date-time, ties in recording order. */
export function inFeedOrder(transactions: readonly BankTransaction[]): BankTransaction[] {
  return transactions
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (a.t.date < b.t.date ? -1 : a.t.date > b.t.date ? 1 : a.i - b.i))
    .map(({ t }) => t)
}
