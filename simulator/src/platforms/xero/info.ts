import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError } from '../../codat/errors.js'
import { emit } from '../../codat/events.js'
import { listPage } from '../../codat/list-page.js'
import type { ConnectionRec } from '../../codat/state.js'
import { isoInstant } from '../../kernel/dates.js'
import type { ListQuery } from '../../kernel/paging.js'
import { orgOf, type XeroBankAccountRec, xeroWorld } from './world.js'

/** X8: GET .../bankFeeds/info, the organisation's company information; 400 while not Linked. */
export function xeroCompanyInfo(ctx: Ctx, conn: ConnectionRec): SimResponse {
  const org = orgOf(ctx, conn)
  if (conn.status !== 'Linked' || !org) {
    throw codatError(
      ctx,
      400,
      `Company information is available once the connection is Linked; it is ${conn.status}.`,
    )
  }
  return ok(200, {
    companyName: org.name,
    baseCurrency: org.baseCurrency,
    planType: org.planType,
    multicurrencyEnabled: org.multicurrencyEnabled,
    currencies: org.currencies,
  })
}

/** X9: Xero shows a sort code only for GBP accounts whose sort code + number make 14 digits. */
function bankAccountView(b: XeroBankAccountRec, readAt: number) {
  const digits = `${b.sortCode ?? ''}${b.accountNumber ?? ''}`.replace(/\D/g, '')
  const uk = b.currency === 'GBP' && digits.length === 14
  return {
    id: b.id,
    accountName: b.name,
    accountType: b.type === 'BANK' ? 'Debit' : 'Credit',
    sortCode: uk ? b.sortCode : null,
    accountNumber: b.currency === 'GBP' && !uk ? null : b.accountNumber,
    currency: b.currency,
    balance: null,
    modifiedDate: isoInstant(readAt),
    sourceModifiedDate: isoInstant(b.modified),
    metadata: { isDeleted: false },
  }
}

const FIELDS = [
  'id',
  'accountName',
  'accountType',
  'sortCode',
  'accountNumber',
  'currency',
  'balance',
  'modifiedDate',
  'sourceModifiedDate',
  'metadata',
]

/** X9: GET .../data/bankAccounts, the last read's bank accounts (paged); 409 before the first read. */
export function xeroDataBankAccounts(ctx: Ctx, conn: ConnectionRec, q: ListQuery): SimResponse {
  const read = xeroWorld(ctx.state).links[conn.id]?.lastRead
  if (!read) throw codatError(ctx, 409, 'The data set has not been requested.')
  const items = read.accounts.map((b) => bankAccountView(b, read.at))
  return listPage(
    ctx,
    items,
    { typeName: 'BankAccount', fields: FIELDS, nested: ['metadata'] },
    `/companies/${conn.companyId}/connections/${conn.id}/data/bankAccounts`,
    q,
  )
}

/** A data read of the organisation's bank accounts (X9): 30 s after consent, and on `POST /_sim/xero/read`. */
export function readOrg(ctx: Ctx, conn: ConnectionRec): boolean {
  const link = xeroWorld(ctx.state).links[conn.id]
  const org = orgOf(ctx, conn)
  if (!link) return false
  link.readDueAt = null
  if (!org || conn.status !== 'Linked') return false
  link.lastRead = {
    at: ctx.now,
    accounts: org.bankAccounts.map((b) => ({
      ...b,
      statements: [],
      droppedDuplicates: [],
      balanceDrift: [],
    })),
  }
  emit(ctx.state, ctx.now, 'XeroRead', {
    companyId: conn.companyId,
    connectionId: conn.id,
    bankAccounts: org.bankAccounts.length,
  })
  return true
}
