import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { invalidRequest, type Problem } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { isoInstant } from '../../kernel/dates.js'
import { toDecimal } from '../../kernel/decimal.js'
import { isObject } from '../../kernel/objects.js'
import { type XeroBankAccountRec, type XeroOrgRec, xeroWorld } from './world.js'

const CURRENCY = /^[A-Z]{3}$/
const optStr = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)

function readBankAccount(
  ctx: Ctx,
  item: unknown,
  i: number,
  base: string,
  problems: Problem[],
): XeroBankAccountRec | undefined {
  const where = `bankAccounts[${i}]`
  if (!isObject(item) || typeof item.name !== 'string' || item.name === '') {
    problems.push({ itemId: where, message: `${where}: an object with a name is required.` })
    return undefined
  }
  const type = item.type ?? 'BANK'
  if (type !== 'BANK' && type !== 'CREDITCARD')
    problems.push({ itemId: where, message: `${where}.type: BANK or CREDITCARD.` })
  const currency = item.currency ?? base
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    problems.push({ itemId: where, message: `${where}.currency: three capital letters, e.g. GBP.` })
  }
  const balance = item.balance === undefined || item.balance === null ? null : toDecimal(item.balance)
  if (balance === undefined) problems.push({ itemId: where, message: `${where}.balance: a decimal number.` })
  const feed = item.feed ?? 'none'
  if (feed !== 'none' && feed !== 'other') {
    problems.push({ itemId: where, message: `${where}.feed: none, or other (fed by another provider).` })
  }
  return {
    id: ctx.rng.uuid(),
    name: item.name,
    type: type as XeroBankAccountRec['type'],
    currency: currency as string,
    accountNumber: optStr(item.accountNumber),
    sortCode: optStr(item.sortCode),
    balance: balance ?? null,
    feed: feed as string,
    feedConnectionId: null,
    feedRemovedAt: null,
    disconnectAt: null,
    statements: [],
    droppedDuplicates: [],
    balanceDrift: [],
    created: ctx.now,
    modified: ctx.now,
  }
}

/**
 * POST /_sim/xero/orgs `{name, baseCurrency, multicurrencyEnabled?, currencies?, planType?, bankAccounts?:
 * [{name, type?: BANK|CREDITCARD, currency?, accountNumber?, sortCode?, balance?, feed?: none|other}]}`: a
 * Xero organisation (§2.2); nothing is created when any part is invalid.
 */
export function createOrg(ctx: Ctx, body: unknown): SimResponse {
  const problems: Problem[] = []
  if (!isObject(body))
    throw invalidRequest(ctx, 'XeroOrg', [{ itemId: null, message: 'A JSON object is required.' }])
  const name = optStr(body.name)
  if (!name) problems.push({ itemId: 'name', message: 'name is required.' })
  const base = body.baseCurrency ?? 'GBP'
  if (typeof base !== 'string' || !CURRENCY.test(base)) {
    problems.push({ itemId: 'baseCurrency', message: 'baseCurrency: three capital letters, e.g. GBP.' })
  }
  const multi = body.multicurrencyEnabled ?? false
  if (typeof multi !== 'boolean') problems.push({ itemId: 'multicurrencyEnabled', message: 'true or false.' })
  const currencies = body.currencies ?? [base]
  if (!Array.isArray(currencies) || currencies.some((c) => typeof c !== 'string' || !CURRENCY.test(c))) {
    problems.push({ itemId: 'currencies', message: 'currencies: an array of three-letter codes.' })
  }
  const planType = body.planType ?? null
  if (planType !== null && typeof planType !== 'string')
    problems.push({ itemId: 'planType', message: 'a string or null.' })
  const items = body.bankAccounts ?? []
  if (!Array.isArray(items))
    problems.push({ itemId: 'bankAccounts', message: 'bankAccounts must be an array.' })
  const accounts = Array.isArray(items)
    ? items.map((it, i) => readBankAccount(ctx, it, i, String(base), problems))
    : []
  if (problems.length) throw invalidRequest(ctx, 'XeroOrg', problems)
  const org: XeroOrgRec = {
    tenantId: ctx.rng.uuid(),
    name: name as string,
    baseCurrency: base as string,
    multicurrencyEnabled: multi as boolean,
    currencies: currencies as string[],
    planType: planType as string | null,
    bankAccounts: accounts as XeroBankAccountRec[],
    created: ctx.now,
  }
  xeroWorld(ctx.state).orgs[org.tenantId] = org
  emit(ctx.state, ctx.now, 'XeroOrgCreated', { orgId: org.tenantId, name: org.name })
  return ok(200, renderOrg(ctx, org))
}

const iso = (ms: number | null) => (ms === null ? null : isoInstant(ms))

/**
 * The organisation as a ledger view (§6): per bank account its feed, balance, delivered lines (Xero's
 * "Incoming Bank Transactions", oldest statement first), statements (PENDING ones are Codat operations
 * still Pending), dropped duplicates and `balanceDrift`; the connections that consented to it.
 */
export function renderOrg(ctx: Ctx, org: XeroOrgRec) {
  const links = Object.values(xeroWorld(ctx.state).links).filter((l) => l.orgId === org.tenantId)
  const pending = Object.values(ctx.state.operations).filter((op) => op.status === 'Pending')
  return {
    id: org.tenantId,
    tenantId: org.tenantId,
    name: org.name,
    baseCurrency: org.baseCurrency,
    multicurrencyEnabled: org.multicurrencyEnabled,
    currencies: org.currencies,
    planType: org.planType,
    connections: links.map((l) => ({
      companyId: l.companyId,
      connectionId: l.connectionId,
      status: ctx.state.companies[l.companyId]?.connections[l.connectionId]?.status ?? 'Deleted',
      linkedAt: iso(l.linkedAt),
    })),
    bankAccounts: org.bankAccounts.map((b) => {
      const sourceAccountId = b.feed.startsWith('codat:') ? b.feed.slice(6) : null
      const waiting = pending.filter(
        (op) => op.connectionId === b.feedConnectionId && op.accountId === sourceAccountId,
      )
      return {
        id: b.id,
        name: b.name,
        type: b.type,
        currency: b.currency,
        accountNumber: b.accountNumber,
        sortCode: b.sortCode,
        feed: b.feed,
        feedConnectionId: b.feedConnectionId,
        feedRemovedAt: iso(b.feedRemovedAt),
        balance: b.balance,
        lines: b.statements.filter((s) => s.state === 'DELIVERED').flatMap((s) => s.lines),
        statements: [
          ...b.statements.map((s) => ({
            pushOperationKey: s.pushOperationKey,
            state: s.state,
            at: iso(s.at),
            opening: s.opening,
            closing: s.closing,
            lines: s.lines.length,
            reasons: s.reasons,
          })),
          ...waiting.map((op) => ({
            pushOperationKey: op.key,
            state: 'PENDING',
            at: iso(op.requestedOn),
            opening: null,
            closing: null,
            lines: op.lines.length,
            reasons: [],
          })),
        ],
        droppedDuplicates: b.droppedDuplicates,
        balanceDrift: b.balanceDrift,
      }
    }),
  }
}

/** GET /_sim/xero/orgs: every organisation, without lines. */
export function listOrgs(ctx: Ctx): SimResponse {
  return ok(
    200,
    Object.values(xeroWorld(ctx.state).orgs).map((o) => ({
      id: o.tenantId,
      name: o.name,
      baseCurrency: o.baseCurrency,
      bankAccounts: o.bankAccounts.map((b) => ({
        id: b.id,
        name: b.name,
        type: b.type,
        currency: b.currency,
        feed: b.feed,
      })),
    })),
  )
}
