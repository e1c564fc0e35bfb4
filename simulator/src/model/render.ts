import type { Ctx } from './context.js'
import { isoInstant } from './dates.js'
import { decimalToNumber } from './decimal.js'
import type { CompanyRec, ConnectionRec, PushOpRec, SourceAccountRec } from './state.js'

export const HCWS = {
  platformKey: 'hcws',
  platformName: 'QuickBooks Online Bank Feeds',
  integrationId: '8aa1c2c1-7a4d-4e0b-9a4f-2f2d2a6b6c01',
  sourceId: '6d5b0f3e-5c4b-4b0a-8f0e-3a1b2c3d4e5f',
}

/** `<linkBaseUrl>/companies/{c}/connections/{k}/start?otp=` (the simulator serves that path as its link page). */
export function linkUrl(linkBaseUrl: string, c: ConnectionRec): string {
  return `${linkBaseUrl}/companies/${c.companyId}/connections/${c.id}/start?otp=${c.otp}`
}

/** Refreshes the linkUrl otp when it has expired (a get returns a fresh one, BEHAVIOUR §4.3). */
export function freshOtp(ctx: Ctx, c: ConnectionRec): void {
  if (c.otpExpiresAt <= ctx.now) {
    c.otp = ctx.rng.digits(6)
    c.otpExpiresAt = ctx.now + ctx.opts.otpMinutes * 60_000
  }
}

export function renderConnection(ctx: Ctx, c: ConnectionRec) {
  return {
    id: c.id,
    integrationId: HCWS.integrationId,
    integrationKey: c.platformKey,
    sourceId: HCWS.sourceId,
    platformName: HCWS.platformName,
    linkUrl: linkUrl(ctx.opts.linkBaseUrl, c),
    status: c.status,
    created: isoInstant(c.created),
    sourceType: 'BankFeed',
    dataConnectionErrors: null,
    connectionInfo: null,
  }
}

export function renderCompany(ctx: Ctx, c: CompanyRec) {
  return {
    id: c.id,
    name: c.name,
    // Absent rather than null: @codat/platform's Company schema takes a string or no field.
    ...(c.description === null ? {} : { description: c.description }),
    platform: '',
    redirect: `https://link.codat.io/company/${c.id}`,
    created: isoInstant(c.created),
    createdByUserName: null,
    products: [],
    tags: { ...c.tags },
    referenceSubsidiaryCompanies: [],
    dataConnections: Object.values(c.connections).map((conn) => {
      freshOtp(ctx, conn)
      return renderConnection(ctx, conn)
    }),
  }
}

function num(v: string | null): number | null {
  return v === null ? null : decimalToNumber(v)
}

/** v1 `SourceAccount` or v2 `SourceAccountV2`, per the shape the account was created with. */
export function renderSourceAccount(a: SourceAccountRec) {
  if (a.schema === 'v2') {
    return {
      id: a.id,
      accountName: a.accountName,
      accountType: a.accountType,
      accountNumber: a.accountNumber,
      sortCode: a.sortCode,
      routingInfo: a.routingInfo,
      currency: a.currency,
      balance: num(a.balance),
      accountInfo: a.accountInfo,
      modifiedDate: isoInstant(a.modifiedDate),
      status: a.status,
      feedStartDate: a.feedStartDate,
    }
  }
  return {
    id: a.id,
    accountName: a.accountName,
    accountType: a.accountType,
    accountNumber: a.accountNumber,
    sortCode: a.sortCode,
    currency: a.currency,
    balance: num(a.balance),
    modifiedDate: isoInstant(a.modifiedDate),
    status: a.status,
    feedStartDate: a.feedStartDate === null ? null : `${a.feedStartDate}T00:00:00`,
  }
}

export function renderMapping(a: SourceAccountRec) {
  return {
    sourceAccountId: a.id,
    sourceAccountName: a.accountName ?? '',
    sourceAccountNumber: a.accountNumber ?? '',
    sourceBalance: num(a.balance) ?? 0,
    sourceCurrency: a.currency ?? 'XXX',
    targetAccountId: null,
    targetAccountName: a.qbo?.qboAccountName ?? '',
    status: a.status,
    targetAccountOptions: null,
    feedStartDate: a.feedStartDate === null ? null : `${a.feedStartDate}T00:00:00`,
  }
}

/** A PushOperation; `data` (the create response's echo of the request) is given only for the create call. */
export function renderPushOperation(op: PushOpRec, data?: unknown) {
  const out: Record<string, unknown> = {}
  if (data !== undefined) out.data = data
  out.changes = op.changes
  out.dataType = 'bankTransactions'
  out.companyId = op.companyId
  out.pushOperationKey = op.key
  out.dataConnectionKey = op.connectionId
  out.requestedOnUtc = isoInstant(op.requestedOn)
  if (op.completedOn !== null) out.completedOnUtc = isoInstant(op.completedOn)
  out.timeoutInMinutes = op.timeoutInMinutes
  out.timeoutInSeconds = op.timeoutInMinutes === null ? null : op.timeoutInMinutes * 60
  out.status = op.status
  out.errorMessage = op.errorMessage
  out.validation = op.validation ?? { errors: [], warnings: [] }
  out.statusCode = op.statusCode
  return out
}
