/**
 * How the reconciliation events change the state: recorded quarantine reasons and the operator's
 * ways out of a stuck line (dismiss, redate, settings, an accepted bank balance). Part of `evolve`:
 * total, never throws; an event that does not fit the state is ignored.
 */
import type {
  AccountSettingsChanged,
  BankBalanceAccepted,
  TransactionDismissed,
  TransactionRedated,
  TransactionsQuarantined,
} from './events.js'
import { type AccountSettings, type BalanceAcceptance, minorOf, type Txn } from './txn.js'

/** The part of `AccountState` these events change (structural: `state.ts` imports this file). */
export interface OperatorTarget {
  readonly account: { readonly decimals: number } | undefined
  readonly txns: Map<string, Txn>
  settings: AccountSettings
  readonly balanceAcceptances: BalanceAcceptance[]
}

/** The events this file applies. */
export type OperatorEvent =
  | TransactionsQuarantined
  | TransactionDismissed
  | TransactionRedated
  | AccountSettingsChanged
  | BankBalanceAccepted

/** Applies one reconciliation event to the state (in place). */
export function applyOperatorEvent(state: OperatorTarget, event: OperatorEvent): void {
  switch (event.type) {
    case 'TransactionsQuarantined':
      for (const q of event.data.transactions) {
        const t = state.txns.get(q.transactionId)
        // The first reason stays: a later record of the same line changes nothing.
        if (t !== undefined && t.quarantine === undefined) t.quarantine = { code: q.code, message: q.message }
      }
      return
    case 'TransactionDismissed': {
      const { transactionId, note, by, at } = event.data
      const t = state.txns.get(transactionId)
      if (t === undefined || t.pushed || t.batchId !== undefined || t.dismissed !== undefined) return
      t.dismissed = { note, by, at }
      return
    }
    case 'TransactionRedated': {
      const { transactionId, note, by, at } = event.data
      const t = state.txns.get(transactionId)
      if (t === undefined || t.pushed || t.redated !== undefined) return
      t.redated = { note, by, at }
      return
    }
    case 'AccountSettingsChanged':
      if (event.data.latePostings !== undefined) state.settings.latePostings = event.data.latePostings
      return
    case 'BankBalanceAccepted': {
      const { transactionId, offset, note, by, at } = event.data
      if (!state.txns.has(transactionId)) return
      state.balanceAcceptances.push({
        transactionId,
        offset: minorOf(offset, state.account?.decimals ?? 2),
        note,
        by,
        at,
      })
      return
    }
    default: {
      const unknown: never = event
      void unknown
    }
  }
}
