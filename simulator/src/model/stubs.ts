import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { fail } from './errors.js'
import { type Caller, getAccount, getConnection } from './lookup.js'

/** Endpoints of `BF` that QBO Bank Feeds does not support, answered the way §5.1 says. */
export function notForQbo(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  what: string,
): SimResponse {
  getConnection(ctx, caller, companyId, connectionId)
  return fail(ctx, 400, `${what} is not supported for QuickBooks Online Bank Feeds.`)
}

export function listBankAccounts(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): SimResponse {
  getConnection(ctx, caller, companyId, connectionId)
  return fail(ctx, 409, 'The data set has not been requested.')
}

const prop = (type: string, displayName: string, description: string, required: boolean) => ({
  type,
  displayName,
  description,
  required,
  properties: null,
  options: null,
  validation: { warnings: [], information: [] },
})

/** PushOption model of a QBO bank-transactions write, mirroring the field table of §8.3. */
export function bankTransactionsModel(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  accountId: string,
) {
  getAccount(ctx, getConnection(ctx, caller, companyId, connectionId), accountId)
  return ok(200, {
    type: 'Object',
    displayName: 'Bank Transactions',
    description: 'Bank transactions for a QuickBooks Online Bank Feeds source account.',
    required: true,
    properties: {
      accountId: prop('String', 'Account ID', 'The source account id.', true),
      transactions: {
        ...prop('Array', 'Transactions', 'At most 1000 lines, earliest first.', true),
        properties: {
          id: prop('String', 'ID', 'Unique transaction id.', true),
          date: prop('DateTime', 'Date', 'Cleared-on date; today or within the historic window.', true),
          description: prop('String', 'Description', 'Transaction description.', true),
          amount: prop('Number', 'Amount', 'Positive = money in, negative = money out.', true),
          balance: prop('Number', 'Balance', 'Running balance after this line.', true),
          transactionType: {
            ...prop('String', 'Transaction type', 'Credit, Debit or Unknown.', false),
            options: ['Credit', 'Debit', 'Unknown'].map((v) => ({
              type: 'String',
              displayName: v,
              value: v,
              required: false,
            })),
          },
        },
      },
    },
    options: null,
    validation: { warnings: [], information: [] },
  })
}

export function bankAccountsModel(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): SimResponse {
  getConnection(ctx, caller, companyId, connectionId)
  return ok(200, {
    type: 'Object',
    displayName: 'Bank Account',
    description: 'Not supported for QuickBooks Online Bank Feeds.',
    required: true,
    properties: {},
    options: null,
    validation: { warnings: [], information: [] },
  })
}

export function latestManagedSync(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  accountId: string,
) {
  getAccount(ctx, getConnection(ctx, caller, companyId, connectionId), accountId)
  return ok(204)
}

export function getManagedSync(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
  accountId: string,
) {
  getAccount(ctx, getConnection(ctx, caller, companyId, connectionId), accountId)
  return fail(ctx, 404, 'Sync not found')
}
