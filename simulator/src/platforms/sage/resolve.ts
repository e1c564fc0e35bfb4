import type { Ctx } from '../../codat/context.js'
import { codatError, invalidRequest } from '../../codat/errors.js'
import { isObject } from '../../kernel/objects.js'
import type { SageBankAccountRec, SageBusinessRec } from './feed-state.js'
import { findBankAccount, findBusiness, SAGE_SERVICE, sageWorld, str } from './world.js'

/** A Sage bank account and its business. */
export interface BankRef {
  business: SageBusinessRec
  bank: SageBankAccountRec
}

/** A control body as an object (400 otherwise). */
export function objectBody(ctx: Ctx, body: unknown, validator: string): Record<string, unknown> {
  if (!isObject(body))
    throw invalidRequest(ctx, validator, [{ itemId: null, message: 'A JSON object is required.' }])
  return body
}

/**
 * The Sage bank account a control body names: `{ businessId, sageBankAccountId }`, or `{ sourceAccountId }`
 * (the bank account fed by it, or with a Connect Bank listing it; `connectionId` narrows it).
 */
export function resolveBank(ctx: Ctx, b: Record<string, unknown>, validator: string): BankRef {
  const businessId = str(b.businessId)
  const bankId = str(b.sageBankAccountId)
  if (businessId && bankId) {
    const business = findBusiness(ctx, businessId)
    return { business, bank: findBankAccount(ctx, business, bankId) }
  }
  const sourceAccountId = str(b.sourceAccountId)
  if (!sourceAccountId) {
    throw invalidRequest(ctx, validator, [
      {
        itemId: null,
        message: 'Name the Sage bank account: { businessId, sageBankAccountId } or { sourceAccountId }.',
      },
    ])
  }
  const connectionId = str(b.connectionId)
  const matches: (BankRef & { at: number })[] = []
  for (const business of Object.values(sageWorld(ctx.state).businesses)) {
    for (const bank of business.bankAccounts) {
      const s = bank.session
      const fed =
        bank.sourceAccountId === sourceAccountId && (!connectionId || bank.connectionId === connectionId)
      const listing =
        s?.listed.includes(sourceAccountId) && (!connectionId || s.connectionId === connectionId)
      if (listing) matches.push({ business, bank, at: s?.startedAt ?? 0 })
      else if (fed) matches.push({ business, bank, at: bank.connectedAt ?? 0 })
    }
  }
  const best = matches.sort((x, y) => y.at - x.at)[0]
  if (!best) {
    throw codatError(
      ctx,
      404,
      `No Sage bank account is fed by, or connecting to, source account ${sourceAccountId}.`,
      {
        service: SAGE_SERVICE,
      },
    )
  }
  return { business: best.business, bank: best.bank }
}
