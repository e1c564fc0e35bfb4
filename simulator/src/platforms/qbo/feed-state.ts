/** QBO's side of one linked source account, kept on the account (`SourceAccountRec.qbo`). */
export interface QboFeedRec {
  qboAccountName: string
  enabled: boolean
  disabledAt: number | null
  /** When the account turns `disconnected` after the feed was switched off. */
  disconnectAt: number | null
  testLines: QboTestLine[]
  /** Exact decimal string of the last delivered line's balance. */
  balance: string | null
  lastPulledAt: number | null
  deliveredCount: number
}

/** One of the test lines QBO shows on an account's first link. */
export interface QboTestLine {
  id: string
  date: string
  description: string
  amount: string
}
