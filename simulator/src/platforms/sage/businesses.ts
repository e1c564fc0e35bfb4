import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { invalidRequest, type Problem } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import type { PushOpRec } from '../../codat/state.js'
import { isoInstant, parseLineDate } from '../../kernel/dates.js'
import { toDecimal } from '../../kernel/decimal.js'
import { isObject } from '../../kernel/objects.js'
import {
  SAGE_PRODUCTS,
  type SageBankAccountRec,
  type SageBusinessRec,
  type SageLine,
  type SageProduct,
} from './feed-state.js'
import { connectionById, findBusiness, sageWorld, str } from './world.js'

const iso = (ms: number | null) => (ms === null ? null : isoInstant(ms))

function parseExisting(v: unknown, where: string, problems: Problem[]): SageLine | undefined {
  if (!isObject(v)) {
    problems.push({
      itemId: where,
      message: `${where} must be an object { id, date, description, amount, balance? }.`,
    })
    return undefined
  }
  const date = str(v.date)
  const parsed = date === undefined ? undefined : parseLineDate(date)
  const amount = toDecimal(v.amount)
  const balance = v.balance === undefined || v.balance === null ? null : toDecimal(v.balance)
  if (!str(v.id) || !parsed || amount === undefined || balance === undefined) {
    problems.push({
      itemId: where,
      message: `${where} needs id, an ISO date, a decimal amount (and balance, if any).`,
    })
    return undefined
  }
  return {
    id: v.id as string,
    date: date as string,
    day: parsed.day,
    description: str(v.description) ?? '',
    amount,
    balance,
    preExisting: true,
    shownAt: null,
    pushOperationKey: null,
  }
}

function parseBankAccount(
  ctx: Ctx,
  v: unknown,
  i: number,
  problems: Problem[],
): SageBankAccountRec | undefined {
  const where = `bankAccounts[${i}]`
  if (!isObject(v) || !str(v.name) || !/^[A-Z]{3}$/.test(String(v.currency))) {
    problems.push({ itemId: where, message: `${where} needs a name and a currency (ISO 4217, e.g. GBP).` })
    return undefined
  }
  const balance = v.balance === undefined ? '0' : toDecimal(v.balance)
  if (balance === undefined)
    problems.push({ itemId: `${where}.balance`, message: 'balance must be a decimal number.' })
  if (v.id !== undefined && !str(v.id))
    problems.push({ itemId: `${where}.id`, message: 'id must be a non-empty string.' })
  const lines = v.lines === undefined ? [] : Array.isArray(v.lines) ? v.lines : null
  if (lines === null) problems.push({ itemId: `${where}.lines`, message: 'lines must be an array.' })
  const existing = (lines ?? []).map((l, j) => parseExisting(l, `${where}.lines[${j}]`, problems))
  const last = existing[existing.length - 1]
  return {
    id: str(v.id) ?? ctx.rng.uuid(),
    name: v.name as string,
    currency: v.currency as string,
    feedState: 'none',
    companyId: null,
    connectionId: null,
    sourceAccountId: null,
    connectedAt: null,
    balance: last?.balance ?? balance ?? '0',
    lines: existing.filter((l): l is SageLine => l !== undefined),
    cursor: 0,
    session: null,
  }
}

/**
 * `POST /_sim/sage/businesses` `{ name, product?, bankAccounts: [{ id?, name, currency, balance?, lines? }] }`:
 * a Sage business (SIM, PLATFORMS.md §3.1) with its bank accounts; `lines` are already in the Sage account
 * before any feed (they count for S15).
 */
export function createBusiness(ctx: Ctx, body: unknown): SimResponse {
  const problems: Problem[] = []
  if (!isObject(body))
    throw invalidRequest(ctx, 'SageBusiness', [{ itemId: null, message: 'A JSON object is required.' }])
  if (body.name !== undefined && !str(body.name))
    problems.push({ itemId: 'name', message: 'name must be a non-empty string.' })
  const name = str(body.name) ?? 'Sage business'
  const product = (body.product ?? 'Sage Accounting') as SageProduct
  if (!SAGE_PRODUCTS.includes(product)) {
    problems.push({ itemId: 'product', message: `product must be one of ${SAGE_PRODUCTS.join(', ')}.` })
  }
  const items = Array.isArray(body.bankAccounts) ? body.bankAccounts : []
  if (items.length === 0)
    problems.push({ itemId: 'bankAccounts', message: 'bankAccounts: at least one bank account.' })
  const banks = items.map((v, i) => parseBankAccount(ctx, v, i, problems))
  const ids = banks.map((b) => b?.id)
  if (new Set(ids).size !== ids.length)
    problems.push({ itemId: 'bankAccounts', message: 'bank account ids must be unique.' })
  if (problems.length) throw invalidRequest(ctx, 'SageBusiness', problems)
  const b: SageBusinessRec = {
    id: ctx.rng.uuid(),
    name,
    product,
    created: ctx.now,
    bankAccounts: banks as SageBankAccountRec[],
    lastRefreshAt: null,
    lastManualRefreshAt: null,
    nextRefreshAt: null,
  }
  sageWorld(ctx.state).businesses[b.id] = b
  emit(ctx.state, ctx.now, 'SageBusinessCreated', { businessId: b.id, bankAccounts: b.bankAccounts.length })
  return ok(200, renderBusiness(ctx, b))
}

function statementsOf(ctx: Ctx, bank: SageBankAccountRec) {
  const ops = Object.values(ctx.state.operations).filter(
    (o: PushOpRec) => o.connectionId === bank.connectionId && o.accountId === bank.sourceAccountId,
  )
  return ops
    .filter((o) => bank.connectedAt !== null && o.requestedOn >= bank.connectedAt)
    .map((o) => ({
      pushOperationKey: o.key,
      status: o.status,
      requestedOn: iso(o.requestedOn),
      completedOn: iso(o.completedOn),
    }))
}

/** The ledger view of a business: per bank account its feed, the lines Sage shows, balance and statements. */
export function renderBusiness(ctx: Ctx, b: SageBusinessRec) {
  return {
    id: b.id,
    name: b.name,
    product: b.product,
    lastRefreshAt: iso(b.lastRefreshAt),
    nextRefreshAt: iso(b.nextRefreshAt),
    bankAccounts: b.bankAccounts.map((bank) => {
      const found = bank.connectionId ? connectionById(ctx, bank.connectionId) : undefined
      const a = found?.conn.accounts.find((x) => x.id === bank.sourceAccountId)
      return {
        id: bank.id,
        name: bank.name,
        currency: bank.currency,
        feedState: bank.feedState,
        companyId: bank.companyId,
        connectionId: bank.connectionId,
        sourceAccountId: bank.sourceAccountId,
        sourceAccountStatus: a?.status ?? null,
        feedStartDate: a?.feedStartDate ?? null,
        connectedAt: iso(bank.connectedAt),
        connecting:
          bank.session === null
            ? null
            : { connectionId: bank.session.connectionId, listed: bank.session.listed },
        balance: bank.balance,
        lines: bank.lines.map((l) => ({
          id: l.id,
          date: l.date,
          description: l.description,
          amount: l.amount,
          balance: l.balance,
          preExisting: l.preExisting,
          shownAt: iso(l.shownAt),
        })),
        awaitingRefresh: a ? Math.max(0, a.lines.length - bank.cursor) : 0,
        statements: statementsOf(ctx, bank),
      }
    }),
  }
}

/** `GET /_sim/sage/businesses/{id}`. */
export function viewBusiness(ctx: Ctx, id: string): SimResponse {
  return ok(200, renderBusiness(ctx, findBusiness(ctx, id)))
}
