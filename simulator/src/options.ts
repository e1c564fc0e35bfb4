import { isValidTimeZone } from './kernel/dates.js'
import { parseDuration } from './kernel/duration.js'

/** How a simulator behaves where Codat's and QBO's sources are silent (BEHAVIOUR.md §14). */
export interface SimulatorOptions {
  /** Raw Codat API keys; each is one tenant. Requests send `Authorization: Basic base64(key)`. */
  apiKeys: string[]
  /** Key for `/_sim`; when absent, any API key is accepted there (as Basic or Bearer). */
  controlKey?: string
  /** Seed of the one PRNG that draws every id, otp, credential, correlation id and random choice. */
  seed?: number
  /** Start of simulated time (ISO string, epoch ms or Date); defaults to the wall clock. */
  now?: string | number | Date
  /** `running` follows wall time plus an offset; `frozen` moves only through the control API. */
  clock?: 'running' | 'frozen'
  /** How far back a line may be dated (QBO: 7 days). */
  historicDays?: number
  /** After the first accepted write, lines must be dated today or yesterday (Q6 strict reading). */
  requireTodayOrYesterday?: boolean
  /** IANA zone in which "today" is measured, per company unless overridden in `companyTimeZones`. */
  timeZone?: string
  companyTimeZones?: Record<string, string>
  /** Simulated milliseconds from Pending to the terminal state of a push operation. */
  pushLatencyMs?: number
  /** QBO's daily pull, `HH:mm` in the company's zone. */
  dailyPullTime?: string
  /** Test lines QBO shows on first link of an account (0-2). */
  testLines?: number
  /** Days after a feed is switched off before the source account reads `disconnected`. */
  disconnectAfterDays?: number
  /** A line whose id is already stored for the account: stored again, or refused. */
  duplicateLineIds?: 'accept' | 'refuse'
  /** `dailyQuota` defaults to 1000 x (1 + linked companies); `perMinute` to 1000. */
  rateLimit?: { dailyQuota?: number; perMinute?: number }
  /** Source-account webhooks carry the deprecated `companyId` (PLATFORMS.md W2); default false. */
  webhookIncludeCompanyId?: boolean
  /** Shape of source accounts: v1, v2, or per request (`auto`: v2 when the body is a valid v2 account). */
  sourceAccountSchema?: 'v1' | 'v2' | 'auto'
  /** Whether a TimedOut operation still stores its lines when its processing time arrives. */
  landAfterTimeout?: boolean
  /** Minutes an Idempotency-Key response is replayed (90). */
  idempotencyMinutes?: number
  /** Minutes a linkUrl otp stays valid (60). */
  otpMinutes?: number
  /**
   * Origin of every connection's `linkUrl` (`<linkBaseUrl>/companies/{c}/connections/{k}/start?otp=`).
   * Default `https://link-api.codat.io`, as Codat; the CLI defaults it to its own origin
   * (`http://127.0.0.1:<port>`) so the link opens the simulator's own QBO link page.
   */
  linkBaseUrl?: string
  /** Sage (PLATFORMS.md §6, S4): how long a `bankFeeds/otp` stays valid, an ISO-8601 duration (PT10M). */
  sageOtpTtl?: string
  /** Sage (S5): the connect-bank page requires a valid OTP (true). */
  sageOtpRequired?: boolean
  /** Sage (S11): the product needs Confirm after OK; the account reads `connecting` until then (true). */
  sageRequiresConfirm?: boolean
  /** Sage (S22): simulated time a write stays Pending in Sage's Banking Service, ISO-8601 (PT60S). */
  sageLatency?: string
  /** Sage (S23): a write while one is Pending on the account fails at once, or waits its turn (fail). */
  sageInFlight?: 'fail' | 'queue'
  /** Sage (S17): no line before the connect day (true). */
  sageEnforceFeedStart?: boolean
  /** Xero X25 / Sage S20: running balance per line (strict), last line only (endOnly), or none (off). */
  balanceCheck?: 'strict' | 'endOnly' | 'off'
  /** How long a linkUrl otp stays valid (X4), an ISO-8601 duration; default `PT<otpMinutes>M` (PT1H). */
  linkUrlOtpTtl?: string
  /** Xero (X13): from POST mapping to the source account `connected`, an ISO-8601 duration (PT5S). */
  xeroMappingLatency?: string
  /** Xero (X27): how long a push operation stays Pending, an ISO-8601 duration (PT5S). */
  xeroLatency?: string
  /** Xero (X29): a line id already delivered to the target: Xero's dedupe, stored again, or refused (xero). */
  xeroDuplicates?: 'xero' | 'store' | 'refuse'
  /** Xero (X34): from the SMB deleting the feed in Xero to the source `disconnected`, ISO-8601 (P1D). */
  xeroFeedRemovalLag?: string
  /** Xero (X2): the client's app is approved for Xero's Bank Feeds API; false fails every write (true). */
  xeroBankFeedsApproved?: boolean
}

/** The settings with every default filled in. */
export type ResolvedOptions = Required<Omit<SimulatorOptions, 'controlKey' | 'now' | 'rateLimit'>> & {
  controlKey: string | undefined
  now: number
  rateLimit: { dailyQuota: number | undefined; perMinute: number }
}

/** Milliseconds of a setting holding an ISO-8601 duration (validated at start). */
export function durationMs(iso: string): number {
  return parseDuration(iso) ?? 0
}

/** Bad configuration, thrown at start. */
export class SimulatorConfigError extends Error {}

function toMs(now: SimulatorOptions['now']): number {
  if (now === undefined) return Date.now()
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now)
  if (!Number.isFinite(ms)) throw new SimulatorConfigError(`now: not a date: ${String(now)}`)
  return ms
}

/** An absolute http(s) URL with no query or fragment (a path prefix is allowed). */
export function isHttpBaseUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') &&
      u.search === '' &&
      u.hash === '' &&
      !s.includes('#')
    )
  } catch {
    return false
  }
}

/** Fills defaults and rejects bad configuration at start rather than at the first request. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    apiKeys: options.apiKeys,
    controlKey: options.controlKey,
    seed: options.seed ?? 1,
    now: toMs(options.now),
    clock: options.clock ?? 'running',
    historicDays: options.historicDays ?? 7,
    requireTodayOrYesterday: options.requireTodayOrYesterday ?? false,
    timeZone: options.timeZone ?? 'UTC',
    companyTimeZones: options.companyTimeZones ?? {},
    pushLatencyMs: options.pushLatencyMs ?? 2000,
    dailyPullTime: options.dailyPullTime ?? '06:00',
    testLines: options.testLines ?? 2,
    disconnectAfterDays: options.disconnectAfterDays ?? 10,
    duplicateLineIds: options.duplicateLineIds ?? 'accept',
    rateLimit: { dailyQuota: options.rateLimit?.dailyQuota, perMinute: options.rateLimit?.perMinute ?? 1000 },
    sourceAccountSchema: options.sourceAccountSchema ?? 'v1',
    webhookIncludeCompanyId: options.webhookIncludeCompanyId ?? false,
    landAfterTimeout: options.landAfterTimeout ?? false,
    idempotencyMinutes: options.idempotencyMinutes ?? 90,
    otpMinutes: options.otpMinutes ?? 60,
    linkBaseUrl: (options.linkBaseUrl ?? 'https://link-api.codat.io').replace(/\/+$/, ''),
    sageOtpTtl: options.sageOtpTtl ?? 'PT10M',
    sageOtpRequired: options.sageOtpRequired ?? true,
    sageRequiresConfirm: options.sageRequiresConfirm ?? true,
    sageLatency: options.sageLatency ?? 'PT60S',
    sageInFlight: options.sageInFlight ?? 'fail',
    sageEnforceFeedStart: options.sageEnforceFeedStart ?? true,
    linkUrlOtpTtl: options.linkUrlOtpTtl ?? `PT${options.otpMinutes ?? 60}M`,
    xeroMappingLatency: options.xeroMappingLatency ?? 'PT5S',
    xeroLatency: options.xeroLatency ?? 'PT5S',
    xeroDuplicates: options.xeroDuplicates ?? 'xero',
    xeroFeedRemovalLag: options.xeroFeedRemovalLag ?? 'P1D',
    xeroBankFeedsApproved: options.xeroBankFeedsApproved ?? true,
    balanceCheck: options.balanceCheck ?? 'strict',
  }
  const fail = (m: string): never => {
    throw new SimulatorConfigError(m)
  }
  if (!Array.isArray(o.apiKeys) || o.apiKeys.length === 0) fail('apiKeys: at least one key is required')
  if (o.apiKeys.some((k) => typeof k !== 'string' || k.length === 0)) fail('apiKeys: keys must be non-empty')
  if (!Number.isInteger(o.seed)) fail('seed: must be an integer')
  if (o.clock !== 'running' && o.clock !== 'frozen') fail('clock: running or frozen')
  if (!Number.isInteger(o.historicDays) || o.historicDays < 0) fail('historicDays: a non-negative integer')
  for (const tz of [o.timeZone, ...Object.values(o.companyTimeZones)]) {
    if (!isValidTimeZone(tz)) fail(`timeZone: unknown IANA zone ${tz}`)
  }
  if (!(o.pushLatencyMs >= 0)) fail('pushLatencyMs: must be >= 0')
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(o.dailyPullTime)) fail('dailyPullTime: HH:mm')
  if (!Number.isInteger(o.testLines) || o.testLines < 0 || o.testLines > 2) fail('testLines: 0, 1 or 2')
  if (!(o.disconnectAfterDays >= 0)) fail('disconnectAfterDays: must be >= 0')
  if (o.duplicateLineIds !== 'accept' && o.duplicateLineIds !== 'refuse')
    fail('duplicateLineIds: accept|refuse')
  if (!['v1', 'v2', 'auto'].includes(o.sourceAccountSchema)) fail('sourceAccountSchema: v1, v2 or auto')
  if (o.rateLimit.dailyQuota !== undefined && !(o.rateLimit.dailyQuota > 0)) fail('rateLimit.dailyQuota: > 0')
  if (!(o.rateLimit.perMinute > 0)) fail('rateLimit.perMinute: > 0')
  if (!isHttpBaseUrl(o.linkBaseUrl))
    fail(`linkBaseUrl: an http(s) URL without query or fragment: ${o.linkBaseUrl}`)
  for (const k of ['sageOtpTtl', 'sageLatency'] as const) {
    if (parseDuration(o[k]) === undefined) fail(`${k}: an ISO-8601 duration like PT10M`)
  }
  if (o.sageInFlight !== 'fail' && o.sageInFlight !== 'queue') fail('sageInFlight: fail|queue')
  if (!['strict', 'endOnly', 'off'].includes(o.balanceCheck)) fail('balanceCheck: strict, endOnly or off')
  for (const k of ['linkUrlOtpTtl', 'xeroMappingLatency', 'xeroLatency', 'xeroFeedRemovalLag'] as const) {
    if (parseDuration(o[k]) === undefined) fail(`${k}: an ISO-8601 duration like PT5S`)
  }
  if (!['xero', 'store', 'refuse'].includes(o.xeroDuplicates)) fail('xeroDuplicates: xero, store or refuse')
  if (typeof o.xeroBankFeedsApproved !== 'boolean') fail('xeroBankFeedsApproved: true or false')
  return o
}
