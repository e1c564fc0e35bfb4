/** QBO rule Q10 (and the same rule for any ledger whose last line's balance becomes the account's). */
import { expectedBankBalances } from '../bank-ledger.js'
import { formatMinor } from '../money.js'
import type { Txn } from '../state.js'
import type { HoldLine, PlanContext } from './destination.js'

/** The first `n` transactions of the batches, in their batches. */
function keepFirst(batches: Txn[][], n: number): Txn[][] {
  const out: Txn[][] = []
  for (const batch of batches) {
    if (n <= 0) break
    out.push(batch.length <= n ? batch : batch.slice(0, n))
    n -= batch.length
  }
  return out
}

/**
 * Q10: the last line's balance becomes the account's balance in QuickBooks, so every pushed line
 * carries the running balance of the lines pushed before it. A line whose bank-supplied balance
 * disagrees with the bank's ledger as recorded up to it (`expectedBankBalances`: every cleared,
 * not voided, not replaced transaction, parked ones included, plus accepted gaps) is held: a
 * transaction may be missing. Every later one waits for it; `AcceptBankBalance` moves them on.
 */
export function balancesFollowOn(batches: Txn[][], ctx: PlanContext, hold: HoldLine): Txn[][] {
  const all = batches.flat()
  if (!all.some((t) => t.balance !== undefined)) return batches
  const expected = expectedBankBalances(ctx.state)
  for (let i = 0; i < all.length; i++) {
    const t = all[i] as Txn
    const want = expected.get(t.id)
    if (t.balance === undefined || want === undefined || t.balance === want) continue
    const bank = formatMinor(t.balance, ctx.decimals)
    const ours = formatMinor(want, ctx.decimals)
    hold(
      t,
      'balance_mismatch',
      `The bank reports a balance of ${bank} after this transaction, but the bank's transactions recorded up to it give ${ours}; a transaction may be missing (accept the bank's balance to go on).`,
    )
    const waiting = `Waiting for transaction ${t.id}, dated earlier, whose balance does not match.`
    for (const later of all.slice(i + 1)) hold(later, 'waiting_for_earlier_transaction', waiting)
    return keepFirst(batches, i)
  }
  return batches
}
