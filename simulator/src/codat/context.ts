import type { Prng } from '../kernel/prng.js'
import type { ResolvedOptions } from '../options.js'
import type {
  ConnectionRec,
  CredentialRec,
  ParsedLine,
  SimState,
  SourceAccountRec,
  ValidationItem,
} from './state.js'

/**
 * What every model function works on: the state, the settings, the PRNG, the current simulated time and
 * the ledger platforms (one `Platform` per Codat integration key).
 */
export interface Ctx {
  state: SimState
  opts: ResolvedOptions
  rng: Prng
  now: number
  platforms: Readonly<Record<string, Platform>>
}

/** A response from the model: what an HTTP adapter writes back. `drop` = destroy the connection. */
export interface SimResponse {
  status: number
  body?: unknown
  headers: Record<string, string>
  drop?: boolean
}

/**
 * A success answer.
 *
 * @example ok(200, renderCompany(ctx, company)); ok(204)
 */
export function ok(status: number, body?: unknown): SimResponse {
  return body === undefined ? { status, headers: {} } : { status, body, headers: {} }
}

/** What a ledger's rules make of one push operation's lines: errors refuse it, warnings do not. */
export interface RuleOutcome {
  errors: ValidationItem[]
  warnings: ValidationItem[]
}

/** A time-driven effect: due `at` (epoch ms); at equal times a lower `rank` runs first. */
export interface DueEffect {
  at: number
  rank: number
  run: () => void
}

/**
 * The seam between Codat's API and one ledger behind it (QBO today; Xero and Sage later), in the manner
 * of a kysely dialect: Codat's side asks the connection's platform, never names a ledger. Each platform is
 * one folder under `src/platforms/`, listed in `src/platforms/index.ts`.
 *
 * @example
 * const platform = platformOf(ctx, conn) // ctx.platforms[conn.platformKey]
 * const outcome = platform.checkRules(ctx, conn, account, lines)
 */
export interface Platform {
  /** Codat's integration key (`platformKey` of a connection), e.g. `hcws`. */
  readonly key: string
  /** Codat's `platformName`, e.g. `QuickBooks Online Bank Feeds`. */
  readonly name: string
  readonly integrationId: string
  readonly sourceId: string
  /** Why `POST .../bankFeedAccounts/mapping` is refused for this platform. */
  readonly mappingRefusal: string
  /** The ledger's rules for one create-bank-transactions request, judged at `ctx.now`. */
  checkRules(ctx: Ctx, conn: ConnectionRec, account: SourceAccountRec, lines: ParsedLine[]): RuleOutcome
  /** Mints the one-time credentials the SMB enters in the ledger to link accounts. */
  issueCredentials(ctx: Ctx, conn: ConnectionRec): CredentialRec
  /** Time-driven effects of this ledger on one connection (pulls, disconnects), in the order to consider. */
  dueEffects(ctx: Ctx, conn: ConnectionRec): DueEffect[]
  /** The ledger's side of an account that Codat disconnects (its feed stops). */
  accountDisconnected(account: SourceAccountRec): void
  /** The ledger account a source account feeds, as the mapping shows it (`''` when unknown). */
  targetAccountName(account: SourceAccountRec): string
  /** Codat's PushOption model of a bank-transactions write to this ledger. */
  bankTransactionsModel(): unknown
}
