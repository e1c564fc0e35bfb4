/**
 * The bank's own ledger as the feed knows it: every cleared, not voided, not replaced transaction,
 * in the bank's order (date-time, then arrival). The balance check (QBO rule Q10) compares a
 * bank-supplied balance with this ledger's running balance (plus the gaps an operator accepted),
 * so a line the feed knows but parks (quarantined, dismissed, redated later) never makes the next
 * bank balance look wrong; only a transaction the bank never sent does.
 */
import { foldedBefore, settledRunning } from './settled.js'
import type { AccountState } from './state.js'
import { bankOrder, inBankLedger, type Txn } from './txn.js'

/** The bank's ledger in the bank's order (of a folding state: the lines still in `txns`). */
export function bankLedger(state: AccountState): Txn[] {
  const out: Txn[] = []
  for (const t of state.txns.values()) if (inBankLedger(t)) out.push(t)
  return out.sort(bankOrder)
}

/**
 * For every line of the bank's ledger, the balance the bank should report after it: the opening
 * balance plus every ledger amount up to and including it, plus every accepted gap
 * (`BankBalanceAccepted`) on a ledger line up to and including it. Minor units, by transaction id.
 *
 * @example
 * expectedBankBalances(state).get('t2') // => 10250n
 */
export function expectedBankBalances(state: AccountState): Map<string, bigint> {
  const offsets = new Map<string, bigint>()
  for (const a of state.balanceAcceptances) {
    offsets.set(a.transactionId, (offsets.get(a.transactionId) ?? 0n) + a.offset)
  }
  const out = new Map<string, bigint>()
  const opening = state.account?.openingBalance ?? 0n
  let running = 0n
  // Folded days (a folding state): every folded day before a line's day counts, and its own as `foldedBefore` says.
  const folded = settledRunning(state.settled)
  let i = 0
  for (const t of bankLedger(state)) {
    running += t.amount + (offsets.get(t.id) ?? 0n)
    while (i < folded.length && (folded[i]?.day ?? '') < t.day) i++
    const f = folded[i]
    let before = 0n
    if (f !== undefined) {
      before = f.sumBefore + f.offsetsBefore
      if (f.day === t.day) {
        const part = foldedBefore(f.v, t)
        before += part.sum + part.offsets
      }
    } else if (folded.length > 0) {
      const last = folded[folded.length - 1]
      if (last !== undefined) before = last.sumBefore + last.offsetsBefore + last.v.sum + last.v.offsets
    }
    out.set(t.id, opening + running + before)
  }
  return out
}
