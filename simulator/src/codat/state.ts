import type { PrngState } from '../kernel/prng.js'
import type { QboFeedRec } from '../platforms/qbo/feed-state.js'

/** The whole simulator state: plain JSON, so it can be exported, imported and compared. */
export interface SimState {
  version: 1
  /** Simulated time (epoch ms) at the moment the state was last caught up / exported. */
  nowMs: number
  rng: PrngState
  eventSeq: number
  companies: Record<string, CompanyRec>
  operations: Record<string, PushOpRec>
  /** Keys of operations still Pending, in request order. */
  pendingOps: string[]
  idempotency: Record<string, IdempotencyRec>
  faults: FaultRec[]
  events: SimEvent[]
  usage: Record<string, UsageRec>
  /**
   * Each ledger platform's own state (Xero's organisations, Sage's businesses), by platform folder name;
   * plain JSON owned and typed by `src/platforms/<name>/`. Absent in states exported before it existed.
   */
  platforms?: Record<string, unknown>
}

/** A Codat company, owned by one tenant. */
export interface CompanyRec {
  id: string
  tenant: string
  name: string
  description: string | null
  tags: Record<string, string>
  created: number
  connections: Record<string, ConnectionRec>
}

/** Codat's connection statuses. */
export type ConnectionStatus = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized'

/** A data connection of a company to one platform (`platformKey`), with its source accounts. */
export interface ConnectionRec {
  id: string
  companyId: string
  platformKey: string
  status: ConnectionStatus
  created: number
  otp: string
  otpExpiresAt: number
  credentials: CredentialRec[]
  accounts: SourceAccountRec[]
  /** Next scheduled QBO daily pull (epoch ms), or null when nothing is linked. */
  nextPullAt: number | null
}

/** A one-time credential pair for the ledger's link step; `revokedAt` once deleted. */
export interface CredentialRec {
  username: string
  password: string
  issuedAt: number
  revokedAt: number | null
}

/** Codat's source-account statuses. */
export type SourceAccountStatus = 'pending' | 'connected' | 'connecting' | 'disconnected' | 'unknown'

/** A bank-feed source account, with the lines Codat holds for it and the ledger's side (`qbo`). */
export interface SourceAccountRec {
  id: string
  schema: 'v1' | 'v2'
  accountName: string | null
  accountType: string | null
  accountNumber: string | null
  sortCode: string | null
  currency: string | null
  /** Exact decimal string. */
  balance: string | null
  routingInfo: { bankCode: string | null; type: string | null } | null
  accountInfo: Record<string, unknown> | null
  modifiedDate: number
  status: SourceAccountStatus
  /** `YYYY-MM-DD`, set when connected. */
  feedStartDate: string | null
  /** Username of the credential pair the account was linked with in QBO. */
  linkedWith: string | null
  qbo: QboFeedRec | null
  lines: StoredLine[]
  /** Newest stored `day` (rule Q4), kept so a write does not scan every stored line. */
  newestDay: string | null
  /** Index of the first line QBO has neither delivered nor expired (lines are stored oldest first). */
  pullCursor: number
  /** Epoch ms of the first successful write (2023 list endpoint answers 409 before it). */
  firstWriteAt: number | null
}

/** One bank-transaction line Codat holds, with when the ledger pulled (or expired) it. */
export interface StoredLine {
  id: string
  /** As sent. */
  date: string
  day: string
  local: string
  description: string
  amount: string
  balance: string
  transactionType: string | null
  modifiedDate: number
  pushOperationKey: string
  deliveredAt: number | null
  expiredAt: number | null
}

/** Codat's push-operation statuses. */
export type PushStatus = 'Pending' | 'Failed' | 'Success' | 'TimedOut'

/** One item of Codat's `validation.errors` / `warnings`. */
export interface ValidationItem {
  itemId: string | null
  message: string | null
  validatorName: string | null
}

/** A create-bank-transactions push operation. */
export interface PushOpRec {
  key: string
  companyId: string
  connectionId: string
  accountId: string
  requestedOn: number
  dueAt: number
  timeoutInMinutes: number | null
  status: PushStatus
  statusCode: number
  completedOn: number | null
  errorMessage: string | null
  validation: { errors: ValidationItem[]; warnings: ValidationItem[] } | null
  changes: { type: string; recordRef: { id: string; dataType: string }; attachmentId: null }[] | null
  /** The parsed lines, kept only until the operation is processed. */
  lines: ParsedLine[]
  /** Processed already (lines stored or refused); a TimedOut operation may still be unprocessed. */
  processed: boolean
}

/** One line of a create request as parsed (fields null when absent); `day`/`local` from its date. */
export interface ParsedLine {
  id: string | null
  date: string | null
  day: string | null
  local: string | null
  description: string | null
  amount: string | null
  balance: string | null
  transactionType: string | null
}

/** The response kept under one tenant's Idempotency-Key. */
export interface IdempotencyRec {
  fingerprint: string
  storedAt: number
  inFlight: boolean
  response: { status: number; body: unknown; headers: Record<string, string> } | null
}

/** An injected fault (`POST /_sim/faults`), with how often it has matched and applied. */
export interface FaultRec {
  id: string
  route: string
  latencyMs: number
  status: number | null
  retryAfterSeconds: number | null
  drop: 'before' | 'after' | null
  /**
   * Answered by the edge in front of Codat (a gateway 502/503/504), before the Idempotency-Key is consulted:
   * never stored under the key. Default (false/absent): answered by Codat's service, stored like any answer.
   */
  edge?: boolean
  /** A create-bank-transactions write it applies to stays Pending (PLATFORMS.md S22 fault `stuck`). */
  stuck?: boolean
  after: number
  count: number | null
  probability: number | null
  seen: number
  applied: number
}

/** One entry of the event log. */
export interface SimEvent {
  seq: number
  at: string
  type: string
  data: Record<string, unknown>
}

/** A tenant's request counts for the rate limit (day in UTC, minute). */
export interface UsageRec {
  day: string
  dayCount: number
  minute: number
  minuteCount: number
}

/** A fresh state at `nowMs` with the PRNG at `rng`. */
export function emptyState(nowMs: number, rng: PrngState): SimState {
  return {
    version: 1,
    nowMs,
    rng,
    eventSeq: 0,
    companies: {},
    operations: {},
    pendingOps: [],
    idempotency: {},
    faults: [],
    events: [],
    usage: {},
  }
}
