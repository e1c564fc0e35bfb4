import { renderConnection } from '../../codat/connection-view.js'
import { setConnectionStatus } from '../../codat/connections.js'
import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError, invalidRequest } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { renderSourceAccountList } from '../../codat/source-accounts/list-shape.js'
import type { ConnectionRec, SourceAccountRec } from '../../codat/state.js'
import { isoInstant } from '../../kernel/dates.js'
import { renderBusiness } from './businesses.js'
import type { SageBankAccountRec } from './feed-state.js'
import { otpRefusal, useOtp } from './otp.js'
import { nextDailyRefresh } from './refresh.js'
import { type BankRef, objectBody, resolveBank } from './resolve.js'
import {
  connectionById,
  findBankAccount,
  findBusiness,
  SAGE_KEY,
  SAGE_SERVICE,
  sageWorld,
  str,
} from './world.js'

function refuse(ctx: Ctx, status: number, b: Record<string, unknown>, message: string): never {
  emit(ctx.state, ctx.now, 'SageConnectRefused', {
    businessId: b.businessId ?? null,
    sageBankAccountId: b.sageBankAccountId ?? null,
    connectionId: b.connectionId ?? null,
    reason: message,
  })
  throw codatError(ctx, status, message, { service: SAGE_SERVICE })
}

const isFed = (ctx: Ctx, bank: SageBankAccountRec) => {
  if (!bank.connectionId || !bank.sourceAccountId) return false
  const a = connectionById(ctx, bank.connectionId)?.conn.accounts.find((x) => x.id === bank.sourceAccountId)
  return a !== undefined && a.status !== 'disconnected'
}

/**
 * S6/S11 `POST /_sim/sage/connect-bank {businessId, sageBankAccountId, connectionId, otp}`: the SMB, on a
 * Sage bank account, clicks Connect Bank and submits the connection ID and OTP on Codat's page. A wrong,
 * expired, used or foreign OTP or an unknown connection ID is refused and nothing changes. Accepted: the
 * OTP is used, a Deauthorized connection is re-authenticated (S27; the bank account it already feeds may
 * do this), and the page lists the connection's source accounts in `pending` or `disconnected` (an empty
 * list: the flow cannot finish).
 */
export function connectBank(ctx: Ctx, body: unknown): SimResponse {
  const b = objectBody(ctx, body, 'SageConnectBank')
  const businessId = str(b.businessId)
  const bankId = str(b.sageBankAccountId)
  const connectionId = str(b.connectionId)
  if (!businessId || !bankId || !connectionId) {
    throw invalidRequest(ctx, 'SageConnectBank', [
      { itemId: null, message: 'businessId, sageBankAccountId and connectionId are required (and otp).' },
    ])
  }
  const business = findBusiness(ctx, businessId)
  const bank = findBankAccount(ctx, business, bankId)
  const found = connectionById(ctx, connectionId)
  if (!found || found.conn.platformKey !== SAGE_KEY) {
    refuse(ctx, 400, b, `S11: ${connectionId} is not the ID of a Sage Bank Feeds data connection.`)
  }
  const conn = found.conn
  if (conn.status === 'Unlinked') refuse(ctx, 400, b, 'S11: this data connection has been unlinked.')
  // Re-authentication (S27): the fed account of a Deauthorized connection connects again to the same one.
  const reauth = conn.status === 'Deauthorized' && bank.connectionId === conn.id
  if (isFed(ctx, bank) && !reauth) {
    refuse(ctx, 409, b, `Sage bank account ${bank.id} already has a bank feed; disconnect it in Sage first.`)
  }
  const why = otpRefusal(ctx, conn, str(b.otp))
  if (why) refuse(ctx, 401, b, why)
  useOtp(ctx, conn)
  if (conn.status === 'Deauthorized') setConnectionStatus(ctx, conn, 'Linked')
  const listed = conn.accounts.filter((a) => a.status === 'pending' || a.status === 'disconnected')
  bank.session = {
    companyId: conn.companyId,
    connectionId: conn.id,
    startedAt: ctx.now,
    listed: listed.map((a) => a.id),
  }
  emit(ctx.state, ctx.now, 'SageConnectStarted', {
    businessId,
    sageBankAccountId: bankId,
    companyId: conn.companyId,
    connectionId: conn.id,
    listed: listed.length,
  })
  return ok(200, {
    businessId,
    sageBankAccountId: bankId,
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccounts: renderSourceAccountList(ctx.opts.sourceAccountSchema, listed),
  })
}

/** The source account turns `connected`, its feed start date the connect time's date (S7, S28). */
function markConnected(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): void {
  const oldStatus = a.status
  a.status = 'connected'
  a.feedStartDate = isoInstant(ctx.now).slice(0, 10)
  a.modifiedDate = ctx.now
  emit(ctx.state, ctx.now, 'SourceAccountStatusChanged', {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    oldStatus,
    newStatus: 'connected',
  })
}

function answer(ctx: Ctx, ref: BankRef, conn: ConnectionRec, a: SourceAccountRec): SimResponse {
  return ok(200, {
    connection: renderConnection(ctx, conn),
    sourceAccounts: renderSourceAccountList(ctx.opts.sourceAccountSchema, [a]),
    business: renderBusiness(ctx, ref.business),
  })
}

function connectionOf(ctx: Ctx, id: string | null): ConnectionRec {
  const found = id ? connectionById(ctx, id) : undefined
  if (!found) throw codatError(ctx, 404, `Data connection ${id} not found`, { service: SAGE_SERVICE })
  return found.conn
}

/**
 * S6/S8 `POST /_sim/sage/select {sourceAccountId}` (optionally `businessId, sageBankAccountId`): the SMB
 * picks a listed source account and clicks OK. The account reads `connecting` until Confirm when
 * `sageRequiresConfirm`, else `connected`; the connection turns `Linked` with its first account.
 */
export function selectAccount(ctx: Ctx, body: unknown): SimResponse {
  const b = objectBody(ctx, body, 'SageSelect')
  const sourceAccountId = str(b.sourceAccountId)
  if (!sourceAccountId) {
    throw invalidRequest(ctx, 'SageSelect', [
      { itemId: 'sourceAccountId', message: 'sourceAccountId is required.' },
    ])
  }
  const ref = resolveBank(ctx, b, 'SageSelect')
  const { bank, business } = ref
  const s = bank.session
  if (!s?.listed.includes(sourceAccountId)) {
    throw codatError(
      ctx,
      409,
      `No Connect Bank in progress on ${bank.id} lists source account ${sourceAccountId}.`,
      {
        service: SAGE_SERVICE,
      },
    )
  }
  const conn = connectionOf(ctx, s.connectionId)
  const a = conn.accounts.find((x) => x.id === sourceAccountId)
  if (!a || (a.status !== 'pending' && a.status !== 'disconnected')) {
    throw codatError(
      ctx,
      409,
      `Source account ${sourceAccountId} can no longer be connected (${a?.status ?? 'deleted'}).`,
      {
        service: SAGE_SERVICE,
      },
    )
  }
  for (const other of Object.values(sageWorld(ctx.state).businesses).flatMap((x) => x.bankAccounts)) {
    if (other !== bank && other.connectionId === conn.id && other.sourceAccountId === a.id) {
      other.sourceAccountId = null
      other.feedState = 'none'
    }
  }
  Object.assign(bank, {
    companyId: conn.companyId,
    connectionId: conn.id,
    sourceAccountId: a.id,
    connectedAt: ctx.now,
    cursor: a.lines.length,
    session: null,
    feedState: ctx.opts.sageRequiresConfirm ? 'PendingConfirmation' : 'Pending',
  })
  if (ctx.opts.sageRequiresConfirm) {
    const oldStatus = a.status
    a.status = 'connecting'
    a.modifiedDate = ctx.now
    emit(ctx.state, ctx.now, 'SourceAccountStatusChanged', {
      companyId: conn.companyId,
      connectionId: conn.id,
      sourceAccountId: a.id,
      oldStatus,
      newStatus: 'connecting',
    })
  } else markConnected(ctx, conn, a)
  setConnectionStatus(ctx, conn, 'Linked')
  business.nextRefreshAt ??= nextDailyRefresh(ctx, business, ctx.now)
  emit(ctx.state, ctx.now, 'SageAccountSelected', {
    businessId: business.id,
    sageBankAccountId: bank.id,
    sourceAccountId: a.id,
  })
  return answer(ctx, ref, conn, a)
}

/** S6/S11 `POST /_sim/sage/confirm`: Confirm on the Banking Cloud tab; `connecting` → `connected`. */
export function confirmAccount(ctx: Ctx, body: unknown): SimResponse {
  const ref = resolveBank(ctx, objectBody(ctx, body, 'SageConfirm'), 'SageConfirm')
  const { bank } = ref
  if (bank.feedState !== 'PendingConfirmation') {
    throw codatError(ctx, 409, `Sage bank account ${bank.id} has nothing to confirm (${bank.feedState}).`, {
      service: SAGE_SERVICE,
    })
  }
  const conn = connectionOf(ctx, bank.connectionId)
  const a = conn.accounts.find((x) => x.id === bank.sourceAccountId)
  if (!a)
    throw codatError(ctx, 404, `Source account ${bank.sourceAccountId} not found`, { service: SAGE_SERVICE })
  bank.feedState = 'Pending'
  bank.connectedAt = ctx.now
  markConnected(ctx, conn, a)
  emit(ctx.state, ctx.now, 'SageAccountConfirmed', {
    businessId: ref.business.id,
    sageBankAccountId: bank.id,
    sourceAccountId: a.id,
  })
  return answer(ctx, ref, conn, a)
}

/**
 * S11 `POST /_sim/sage/cancel {businessId, sageBankAccountId}`: Cancel on Codat's page after the OTP
 * was accepted; the Connect Bank ends, nothing is linked (the connection keeps its status, PendingAuth for
 * a new one), recorded as `SageConnectCancelled` (the `connection.failed` of PLATFORMS.md §4.5).
 */
export function cancelConnect(ctx: Ctx, body: unknown): SimResponse {
  const ref = resolveBank(ctx, objectBody(ctx, body, 'SageCancel'), 'SageCancel')
  const s = ref.bank.session
  if (!s) {
    throw codatError(ctx, 409, `No Connect Bank in progress on Sage bank account ${ref.bank.id}.`, {
      service: SAGE_SERVICE,
    })
  }
  ref.bank.session = null
  const conn = connectionOf(ctx, s.connectionId)
  emit(ctx.state, ctx.now, 'SageConnectCancelled', {
    companyId: conn.companyId,
    connectionId: conn.id,
    businessId: ref.business.id,
    sageBankAccountId: ref.bank.id,
  })
  return ok(200, { connection: renderConnection(ctx, conn), business: renderBusiness(ctx, ref.business) })
}
