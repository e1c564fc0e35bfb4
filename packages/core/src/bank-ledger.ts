/**
 * The bank's own ledger as the feed knows it: every cleared, not voided, not replaced transaction,
 * in the bank's order (date-time, then arrival). The balance check (QBO rule Q10) compares a
 * bank-supplied balance with this ledger's running balance (plus the gaps an operator accepted),
 * so a line the feed knows but parks (quarantined, dismissed, redated later) never makes the next
 * bank balance look wrong; only a transaction the bank never sent does.
 */
import type { AccountState } from './state.js'
import { bankOrder, inBankLedger, type Txn } from './txn.js'

/** The bank's ledger in the bank's order. */
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
  let running = state.account?.openingBalance ?? 0n
  for (const t of bankLedger(state)) {
    running += t.amount + (offsets.get(t.id) ?? 0n)
    out.set(t.id, running)
  }
  return out
}
