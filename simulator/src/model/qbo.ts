import { setConnectionStatus } from './connections.js'
import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { addDays, isCalendarDate, isoInstant, localDate, zonedInstant } from './dates.js'
import { fail, invalid, Reply } from './errors.js'
import { emit } from './events.js'
import { type Caller, getConnection, isObject } from './lookup.js'
import { renderConnection, renderSourceAccount } from './render.js'
import { companyZone } from './rules.js'
import type { ConnectionRec, SourceAccountRec } from './state.js'

const CONTROL: Caller = { control: true }

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** The next QBO daily pull strictly after `from` (dailyPullTime in the company's zone). */
export function nextDailyPull(ctx: Ctx, companyId: string, from: number): number {
  const zone = companyZone(ctx, companyId)
  const day = localDate(from, zone)
  const today = zonedInstant(day, ctx.opts.dailyPullTime, zone)
  return today > from ? today : zonedInstant(addDays(day, 1), ctx.opts.dailyPullTime, zone)
}

/**
 * The SMB links accounts in QBO with one-time credentials (§8.5 steps 2-4): the connection becomes Linked,
 * each chosen account `connected` with the feed start date; an account's first link adds QBO's test lines.
 */
export function qboLink(ctx: Ctx, body: unknown): SimResponse {
  if (!isObject(body))
    return invalid(ctx, 'QboLink', [{ itemId: null, message: 'A JSON object is required.' }])
  const companyId = str(body.companyId)
  const connectionId = str(body.connectionId)
  if (!companyId || !connectionId) {
    return invalid(ctx, 'QboLink', [{ itemId: null, message: 'companyId and connectionId are required.' }])
  }
  const conn = getConnection(ctx, CONTROL, companyId, connectionId)
  const username = str(body.username)
  const cred = conn.credentials.find((c) => c.username === username && c.password === body.password)
  if (!cred || cred.revokedAt !== null) {
    emit(ctx.state, ctx.now, 'QboLinkRefused', {
      companyId,
      connectionId,
      reason: cred ? 'revoked' : 'unknown',
    })
    return fail(
      ctx,
      401,
      'QuickBooks Online could not sign in: the credentials are unknown or have been revoked.',
      {
        service: 'QuickBooksOnline',
      },
    )
  }
  if (conn.accounts.length === 0) {
    return fail(ctx, 400, 'There are no source accounts on this connection to link.', {
      service: 'QuickBooksOnline',
    })
  }
  const problems: { itemId: string | null; message: string }[] = []
  const chosen: { account: SourceAccountRec; name: string }[] = []
  if (!Array.isArray(body.accounts) || body.accounts.length === 0) {
    problems.push({ itemId: 'accounts', message: 'Choose at least one source account.' })
  } else {
    for (const item of body.accounts) {
      const id = isObject(item) ? str(item.sourceAccountId) : undefined
      const name = isObject(item) ? str(item.qboAccountName) : undefined
      const account = conn.accounts.find((a) => a.id === id)
      if (!account) problems.push({ itemId: id ?? null, message: `Unknown source account ${String(id)}.` })
      else if (!name) problems.push({ itemId: id ?? null, message: 'qboAccountName is required.' })
      else chosen.push({ account, name })
    }
  }
  const today = localDate(ctx.now, companyZone(ctx, companyId))
  const feedStartDate = body.feedStartDate === undefined ? today : body.feedStartDate
  if (typeof feedStartDate !== 'string' || !isCalendarDate(feedStartDate)) {
    problems.push({ itemId: 'feedStartDate', message: 'feedStartDate must be a date, YYYY-MM-DD.' })
  } else if (feedStartDate > today) {
    problems.push({ itemId: 'feedStartDate', message: `feedStartDate cannot be after today (${today}).` })
  }
  if (problems.length) throw new Reply(invalid(ctx, 'QboLink', problems))
  const start = feedStartDate as string
  for (const { account, name } of chosen) {
    const first = account.qbo === null
    const oldStatus = account.status
    account.status = 'connected'
    account.feedStartDate = start
    account.linkedWith = cred.username
    account.modifiedDate = ctx.now
    if (first) {
      account.qbo = {
        qboAccountName: name,
        enabled: true,
        disabledAt: null,
        disconnectAt: null,
        testLines: [],
        balance: null,
        lastPulledAt: null,
        deliveredCount: 0,
      }
      const testDate = addDays(start, -1)
      for (let i = 0; i < ctx.opts.testLines; i++) {
        account.qbo.testLines.push({
          id: ctx.rng.uuid(),
          date: testDate,
          description: `QuickBooks Online bank feed test transaction ${i + 1}`,
          amount: i === 0 ? '0.01' : '-0.01',
        })
      }
    } else if (account.qbo) {
      account.qbo.qboAccountName = name
      account.qbo.enabled = true
      account.qbo.disabledAt = null
      account.qbo.disconnectAt = null
    }
    if (oldStatus !== 'connected') {
      emit(ctx.state, ctx.now, 'SourceAccountStatusChanged', {
        companyId,
        connectionId,
        sourceAccountId: account.id,
        oldStatus,
        newStatus: 'connected',
      })
    }
  }
  setConnectionStatus(ctx, conn, 'Linked')
  if (conn.nextPullAt === null) conn.nextPullAt = nextDailyPull(ctx, companyId, ctx.now)
  emit(ctx.state, ctx.now, 'QboLinked', {
    companyId,
    connectionId,
    username: cred.username,
    feedStartDate: start,
    accounts: chosen.map((c) => ({ sourceAccountId: c.account.id, qboAccountName: c.name })),
  })
  return ok(200, {
    connection: renderConnection(ctx, conn),
    accounts: chosen.map((c) => renderSourceAccount(c.account)),
  })
}

function canPull(conn: ConnectionRec, a: SourceAccountRec): boolean {
  if (!a.qbo?.enabled || a.status !== 'connected' || conn.status !== 'Linked') return false
  const cred = conn.credentials.find((c) => c.username === a.linkedWith)
  return !!cred && cred.revokedAt === null
}

/** QBO pulls: every stored, undelivered line inside the window, oldest first; older ones are reported expired. */
export function pullConnection(ctx: Ctx, conn: ConnectionRec, reason: 'daily' | 'update'): void {
  const today = localDate(ctx.now, companyZone(ctx, conn.companyId))
  const windowStart = addDays(today, -ctx.opts.historicDays)
  let delivered = 0
  let expired = 0
  for (const a of conn.accounts) {
    if (!canPull(conn, a) || !a.qbo) continue
    for (; a.pullCursor < a.lines.length; a.pullCursor++) {
      const l = a.lines[a.pullCursor] as (typeof a.lines)[number]
      if (l.day < windowStart) {
        l.expiredAt = ctx.now
        expired++
      } else {
        l.deliveredAt = ctx.now
        a.qbo.balance = l.balance
        a.qbo.deliveredCount++
        delivered++
      }
    }
    a.qbo.lastPulledAt = ctx.now
  }
  emit(ctx.state, ctx.now, 'QboPulled', {
    companyId: conn.companyId,
    connectionId: conn.id,
    reason,
    delivered,
    expired,
  })
}

export function qboUpdate(ctx: Ctx, body: unknown): SimResponse {
  if (!isObject(body) || !str(body.companyId) || !str(body.connectionId)) {
    return invalid(ctx, 'QboUpdate', [{ itemId: null, message: 'companyId and connectionId are required.' }])
  }
  const conn = getConnection(ctx, CONTROL, String(body.companyId), String(body.connectionId))
  pullConnection(ctx, conn, 'update')
  return qboView(ctx, conn.companyId, conn.id)
}

/** The SMB switches a feed off (Q11: writes fail at once; `disconnected` after disconnectAfterDays) or on again. */
export function qboFeed(ctx: Ctx, body: unknown): SimResponse {
  if (!isObject(body) || !str(body.companyId) || !str(body.connectionId) || !str(body.sourceAccountId)) {
    return invalid(ctx, 'QboFeed', [
      { itemId: null, message: 'companyId, connectionId and sourceAccountId are required.' },
    ])
  }
  if (typeof body.enabled !== 'boolean') {
    return invalid(ctx, 'QboFeed', [{ itemId: 'enabled', message: 'enabled must be a boolean.' }])
  }
  const conn = getConnection(ctx, CONTROL, String(body.companyId), String(body.connectionId))
  const a = conn.accounts.find((x) => x.id === body.sourceAccountId)
  if (!a) return fail(ctx, 404, `Source account ${String(body.sourceAccountId)} not found`)
  if (!a.qbo) return fail(ctx, 400, 'This account has never been linked in QuickBooks Online.')
  const data = { companyId: conn.companyId, connectionId: conn.id, sourceAccountId: a.id }
  if (body.enabled === false) {
    if (a.qbo.enabled) {
      a.qbo.enabled = false
      a.qbo.disabledAt = ctx.now
      a.qbo.disconnectAt = ctx.now + ctx.opts.disconnectAfterDays * 86_400_000
      emit(ctx.state, ctx.now, 'FeedDisabled', data)
    }
  } else {
    if (a.status === 'disconnected') {
      return fail(ctx, 400, 'The account is disconnected; link it again in QuickBooks Online.')
    }
    if (!a.qbo.enabled) {
      a.qbo.enabled = true
      a.qbo.disabledAt = null
      a.qbo.disconnectAt = null
      emit(ctx.state, ctx.now, 'FeedEnabled', data)
    }
  }
  return qboView(ctx, conn.companyId, conn.id)
}

const iso = (ms: number | null) => (ms === null ? null : isoInstant(ms))

/** What QBO shows per linked account: test lines, delivered lines in order, balance, last pull, expired lines. */
export function qboView(ctx: Ctx, companyId: string, connectionId: string): SimResponse {
  const conn = getConnection(ctx, CONTROL, companyId, connectionId)
  const accounts = conn.accounts
    .filter((a) => a.qbo !== null)
    .map((a) => {
      const q = a.qbo as NonNullable<SourceAccountRec['qbo']>
      const delivered = a.lines.filter((l) => l.deliveredAt !== null)
      return {
        sourceAccountId: a.id,
        qboAccountName: q.qboAccountName,
        status: a.status,
        feedEnabled: q.enabled,
        feedStartDate: a.feedStartDate,
        balance: q.balance,
        lastPulledAt: iso(q.lastPulledAt),
        lines: [
          ...q.testLines.map((t) => ({ ...t, balance: null, transactionType: null, isTest: true })),
          ...delivered.map((l) => ({
            id: l.id,
            date: l.date,
            description: l.description,
            amount: l.amount,
            balance: l.balance,
            transactionType: l.transactionType,
            isTest: false,
            deliveredAt: iso(l.deliveredAt),
          })),
        ],
        expired: a.lines
          .filter((l) => l.expiredAt !== null)
          .map((l) => ({
            id: l.id,
            date: l.date,
            amount: l.amount,
            balance: l.balance,
            expiredAt: iso(l.expiredAt),
          })),
        undelivered: a.lines.length - a.pullCursor,
      }
    })
  return ok(200, { companyId, connectionId, connectionStatus: conn.status, accounts })
}
