/** The Sage products a business may run (PLATFORMS.md §3.1, "SIM — the Sage side"). */
export const SAGE_PRODUCTS = ['Sage Accounting', 'Sage Intacct', 'Sage 50'] as const
/** One Sage product. */
export type SageProduct = (typeof SAGE_PRODUCTS)[number]

/** A Sage bank account's feed, as Sage shows it. */
export type SageFeedState = 'none' | 'PendingConfirmation' | 'Pending' | 'Active'

/** A line as the Sage product shows it in Incoming Bank Transactions (or seeded as already there). */
export interface SageLine {
  id: string
  date: string
  /** `YYYY-MM-DD` (the date part). */
  day: string
  description: string
  /** Exact decimal strings. */
  amount: string
  balance: string | null
  /** Seeded as already in the Sage account before any feed (counts for S15). */
  preExisting: boolean
  /** When Sage showed it (epoch ms); null for pre-existing lines. */
  shownAt: number | null
  pushOperationKey: string | null
}

/** A Connect Bank in progress on one Sage bank account: OTP accepted, the SMB picks an account (S6). */
export interface SageSessionRec {
  companyId: string
  connectionId: string
  startedAt: number
  /** Source accounts listed to pick from (`pending` or `disconnected` ones at submit time). */
  listed: string[]
}

/** One bank account in a Sage business, fed by at most one source account. */
export interface SageBankAccountRec {
  id: string
  name: string
  currency: string
  feedState: SageFeedState
  companyId: string | null
  connectionId: string | null
  sourceAccountId: string | null
  /** When the SMB clicked OK (epoch ms). */
  connectedAt: number | null
  /** Opening balance (exact decimal string) until a shown line sets it. */
  balance: string | null
  /** Pre-existing lines and the lines shown after each refresh, oldest first. */
  lines: SageLine[]
  /** How many of the source account's stored lines Sage has shown (reset when another account is linked). */
  cursor: number
  session: SageSessionRec | null
}

/** A Sage business (one Sage company file) with its bank accounts. */
export interface SageBusinessRec {
  id: string
  name: string
  product: SageProduct
  created: number
  bankAccounts: SageBankAccountRec[]
  lastRefreshAt: number | null
  lastManualRefreshAt: number | null
  /** Next daily refresh (06:00 in the linked company's zone), or null while nothing is linked. */
  nextRefreshAt: number | null
}

/** The one-time password of a connection (`POST .../bankFeeds/otp`); a newer one replaces it. */
export interface SageOtpRec {
  otp: string
  issuedAt: number
  expiresAt: number
  usedAt: number | null
}

/** Everything the Sage side holds, under `SimState.platforms.sage`. */
export interface SageWorld {
  businesses: Record<string, SageBusinessRec>
  /** By connection id: the newest OTP only (S4: a newer one voids older ones). */
  otps: Record<string, SageOtpRec>
  /**
   * `sageInFlight: queue`: operations waiting for the ones ahead of them on their account (by key, the
   * keys of those ahead); each is released `sageLatency` after the last of them completes.
   */
  queued?: Record<string, string[]>
}
