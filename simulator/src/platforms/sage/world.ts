import type { Ctx } from '../../codat/context.js'
import { codatError } from '../../codat/errors.js'
import type { CompanyRec, ConnectionRec, SimState, SourceAccountRec } from '../../codat/state.js'
import { parseDuration } from '../../kernel/duration.js'
import type { SageBankAccountRec, SageBusinessRec, SageWorld } from './feed-state.js'

/** Codat's integration key for Sage Bank Feeds. */
export const SAGE_KEY = 'olpr'
/** The validator name Sage's rule breaks carry. */
export const SAGE_VALIDATOR = 'BankTransactions'
/** Where Sage's errors say they come from. */
export const SAGE_SERVICE = 'SageBankFeeds'

/** Sage's part of the state (`state.platforms.sage`), created on first use. */
export function sageWorld(state: SimState): SageWorld {
  state.platforms ??= {}
  const w = state.platforms.sage as SageWorld | undefined
  if (w) return w
  const fresh: SageWorld = { businesses: {}, otps: {} }
  state.platforms.sage = fresh
  return fresh
}

/** Milliseconds of one of the duration settings (validated at start). */
export function durationMs(text: string): number {
  return parseDuration(text) ?? 0
}

/** The business `id`: 404 when absent. */
export function findBusiness(ctx: Ctx, id: string): SageBusinessRec {
  const b = sageWorld(ctx.state).businesses[id]
  if (!b) throw codatError(ctx, 404, `No Sage business ${id}.`, { service: SAGE_SERVICE })
  return b
}

/** The bank account `id` of a business: 404 when absent. */
export function findBankAccount(ctx: Ctx, b: SageBusinessRec, id: string): SageBankAccountRec {
  const a = b.bankAccounts.find((x) => x.id === id)
  if (!a)
    throw codatError(ctx, 404, `No bank account ${id} in Sage business ${b.id}.`, { service: SAGE_SERVICE })
  return a
}

/** A connection by id alone (the SMB types only the connection id into the Codat page), any company. */
export function connectionById(
  ctx: Ctx,
  connectionId: string,
): { company: CompanyRec; conn: ConnectionRec } | undefined {
  for (const company of Object.values(ctx.state.companies)) {
    const conn = company.connections[connectionId]
    if (conn) return { company, conn }
  }
  return undefined
}

/** The Sage bank account a source account feeds, with its business, if any. */
export function feedOf(
  ctx: Ctx,
  conn: Pick<ConnectionRec, 'id'>,
  account: Pick<SourceAccountRec, 'id'>,
): { business: SageBusinessRec; bank: SageBankAccountRec } | undefined {
  for (const business of Object.values(sageWorld(ctx.state).businesses)) {
    for (const bank of business.bankAccounts) {
      if (bank.connectionId === conn.id && bank.sourceAccountId === account.id) return { business, bank }
    }
  }
  return undefined
}

/** Every Sage bank account fed from one of the connection's source accounts. */
export function feedsOfConnection(
  ctx: Ctx,
  conn: Pick<ConnectionRec, 'id'>,
): { business: SageBusinessRec; bank: SageBankAccountRec }[] {
  const out: { business: SageBusinessRec; bank: SageBankAccountRec }[] = []
  for (const business of Object.values(sageWorld(ctx.state).businesses)) {
    for (const bank of business.bankAccounts) if (bank.connectionId === conn.id) out.push({ business, bank })
  }
  return out
}

/** A non-empty string, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
