import type { ListQuery } from '../kernel/paging.js'
import type { Prng } from '../kernel/prng.js'
import type { ResolvedOptions } from '../options.js'
import type {
  ConnectionRec,
  CredentialRec,
  ParsedLine,
  PushOpRec,
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

/** What a platform's hook answers for one mapping request (`POST .../bankFeedAccounts/mapping`). */
export type MappingCreate = (ctx: Ctx, conn: ConnectionRec, body: unknown) => SimResponse

/**
 * The seam between Codat's API and one ledger behind it (QBO, Xero, Sage), in the manner of a kysely
 * dialect: Codat's side asks the connection's platform, never names a ledger. Each platform is one folder
 * under `src/platforms/`, listed in `src/platforms/index.ts`.
 *
 * The required members every ledger has; the optional ones are capabilities (PLATFORMS.md §1): when a
 * platform lacks one, Codat's side answers as PLATFORMS.md says for such a platform (400 for
 * `bankFeeds/info`, `bankFeeds/otp`, credentials and POST mapping; 409 for `data/bankAccounts`; the
 * source accounts as GET mapping with `targetAccountOptions: null`).
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
  /** Codat's `sourceType` of the connection (PLATFORMS.md §1): `BankFeed` (QBO, Sage) or `Accounting` (Xero). */
  readonly sourceType: 'BankFeed' | 'Accounting'
  /** The ledger's rules for one create-bank-transactions request, judged at `ctx.now`. */
  checkRules(ctx: Ctx, conn: ConnectionRec, account: SourceAccountRec, lines: ParsedLine[]): RuleOutcome
  /** Time-driven effects of this ledger on one connection (pulls, disconnects), in the order to consider. */
  dueEffects(ctx: Ctx, conn: ConnectionRec): DueEffect[]
  /** Codat's PushOption model of a bank-transactions write to this ledger. */
  bankTransactionsModel(): unknown

  // --- optional capabilities -------------------------------------------------------------------------

  /** The connection's `linkUrl` (default `<linkBaseUrl>/companies/{c}/connections/{k}/start?otp=`). */
  linkUrl?(ctx: Ctx, conn: ConnectionRec): string
  /** Hand-off by one-time credentials (QBO): `generate-credentials` and the 2023 proxy; absent → 400. */
  issueCredentials?(ctx: Ctx, conn: ConnectionRec): CredentialRec
  /** Hand-off by one-time password (Sage): `POST .../bankFeeds/otp`; absent → 400. */
  generateOtp?(ctx: Ctx, conn: ConnectionRec): SimResponse
  /** `GET .../bankFeedAccounts/mapping` rows; absent → each source account, `targetAccountOptions: null`. */
  listMapping?(ctx: Ctx, conn: ConnectionRec): unknown[]
  /** `POST .../bankFeedAccounts/mapping` (Xero); absent → 400 with `mappingRefusal`. */
  createMapping?: MappingCreate
  /** Why `POST .../bankFeedAccounts/mapping` is refused when the platform maps elsewhere. */
  readonly mappingRefusal?: string
  /** The ledger account a source account feeds, as the default mapping rows show it (`''` when unknown). */
  targetAccountName?(account: SourceAccountRec): string
  /** `GET .../bankFeeds/info` (Xero); absent → 400. */
  companyInfo?(ctx: Ctx, conn: ConnectionRec): SimResponse
  /** `GET .../data/bankAccounts` (Xero); absent → 409 (the data set has not been requested). */
  dataBankAccounts?(ctx: Ctx, conn: ConnectionRec, query: ListQuery): SimResponse
  /** Simulated ms a push operation stays Pending (default `pushLatencyMs`). */
  pushLatencyMs?(ctx: Ctx): number
  /** Line fields whose absence is a malformed request (HTTP 400), e.g. Xero's `transactionType` (X24). */
  readonly requiredLineFields?: readonly (keyof ParsedLine)[]
  /** The rule number prefixed to the message of a missing required field (`X24`, `S19`). */
  readonly requiredLineFieldsRule?: string
  /**
   * A push operation was just created Pending (Sage's one statement in flight, S23): the platform may fail
   * it at once or move its `dueAt`.
   */
  pushCreated?(ctx: Ctx, conn: ConnectionRec, account: SourceAccountRec, op: PushOpRec): void
  /**
   * A push operation was judged: `stored` (Codat now holds its lines; the ledger takes delivery) or
   * `refused` (rules broken). `lines` are the operation's lines (the op's own are cleared afterwards).
   */
  pushSettled?(
    ctx: Ctx,
    conn: ConnectionRec,
    account: SourceAccountRec,
    op: PushOpRec,
    lines: ParsedLine[],
    outcome: 'stored' | 'refused',
  ): void
  /** The ledger's side of an account that Codat disconnects (its feed stops). */
  accountDisconnected?(ctx: Ctx, conn: ConnectionRec, account: SourceAccountRec): void
  /** The ledger's side of a source account deleted through Codat (X31: the mapping goes). */
  accountDeleted?(ctx: Ctx, conn: ConnectionRec, account: SourceAccountRec): void
  /** The connection turns `Unlinked` once every account is `disconnected` (QBO, PLATFORMS.md §5). */
  readonly unlinksWhenAllDisconnected?: boolean
}
