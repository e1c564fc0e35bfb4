import { companyZone } from '../../codat/company-zone.js'
import { renderConnection } from '../../codat/connection-view.js'
import { setConnectionStatus } from '../../codat/connections.js'
import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError, invalidRequest, type Problem } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { CONTROL, resolveScope } from '../../codat/scope.js'
import { renderSourceAccountList } from '../../codat/source-accounts/list-shape.js'
import type { SourceAccountRec } from '../../codat/state.js'
import { addDays, isCalendarDate, localDate } from '../../kernel/dates.js'
import { isObject } from '../../kernel/objects.js'
import { nextDailyPull } from './pull.js'
import { str } from './strings.js'

/**
 * The SMB links accounts in QBO with one-time credentials (§8.5 steps 2-4): the connection becomes Linked,
 * each chosen account `connected` with the feed start date; an account's first link adds QBO's test lines.
 */
export function qboLink(ctx: Ctx, body: unknown): SimResponse {
  if (!isObject(body))
    throw invalidRequest(ctx, 'QboLink', [{ itemId: null, message: 'A JSON object is required.' }])
  const companyId = str(body.companyId)
  const connectionId = str(body.connectionId)
  if (!companyId || !connectionId) {
    throw invalidRequest(ctx, 'QboLink', [
      { itemId: null, message: 'companyId and connectionId are required.' },
    ])
  }
  const { connection: conn } = resolveScope(ctx, CONTROL, 'connection', { companyId, connectionId })
  const username = str(body.username)
  const cred = conn.credentials.find((c) => c.username === username && c.password === body.password)
  if (!cred || cred.revokedAt !== null) {
    emit(ctx.state, ctx.now, 'QboLinkRefused', {
      companyId,
      connectionId,
      reason: cred ? 'revoked' : 'unknown',
    })
    throw codatError(
      ctx,
      401,
      'QuickBooks Online could not sign in: the credentials are unknown or have been revoked.',
      {
        service: 'QuickBooksOnline',
      },
    )
  }
  if (conn.accounts.length === 0) {
    throw codatError(ctx, 400, 'There are no source accounts on this connection to link.', {
      service: 'QuickBooksOnline',
    })
  }
  const problems: Problem[] = []
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
  if (problems.length) throw invalidRequest(ctx, 'QboLink', problems)
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
    accounts: renderSourceAccountList(
      ctx.opts.sourceAccountSchema,
      chosen.map((c) => c.account),
    ),
  })
}
