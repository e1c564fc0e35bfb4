import type { ListQuery } from '../kernel/paging.js'
import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { codatError } from './errors.js'
import { platformOf } from './platform-of.js'
import type { ConnectionRec } from './state.js'

/** Endpoints of `BF` that the connection's platform does not support, answered the way §5.1 says. */
export function notSupported(ctx: Ctx, conn: ConnectionRec, what: string): SimResponse {
  throw codatError(ctx, 400, `${what} is not supported for ${platformOf(ctx, conn).name}.`)
}

/** GET .../data/bankAccounts: the platform's read (Xero, X9), else never requested for a bank feed (409). */
export function listBankAccounts(ctx: Ctx, conn: ConnectionRec, q: ListQuery): SimResponse {
  const platform = platformOf(ctx, conn)
  if (platform.dataBankAccounts) return platform.dataBankAccounts(ctx, conn, q)
  throw codatError(ctx, 409, 'The data set has not been requested.')
}

/** GET .../bankFeeds/info: the platform's company information (Xero, X8), else 400. */
export function companyInformation(ctx: Ctx, conn: ConnectionRec): SimResponse {
  const platform = platformOf(ctx, conn)
  if (platform.companyInfo) return platform.companyInfo(ctx, conn)
  return notSupported(ctx, conn, 'Company information')
}

/** POST .../bankFeeds/otp: the platform's one-time password (Sage), else 400. */
export function generateOtp(ctx: Ctx, conn: ConnectionRec): SimResponse {
  const platform = platformOf(ctx, conn)
  if (platform.generateOtp) return platform.generateOtp(ctx, conn)
  return notSupported(ctx, conn, 'Generating a one-time password')
}

/** GET .../options/bankAccounts/{accountId}/bankTransactions: the platform's PushOption model. */
export function bankTransactionsModel(ctx: Ctx, conn: ConnectionRec): SimResponse {
  return ok(200, platformOf(ctx, conn).bankTransactionsModel())
}

/** GET .../options/bankAccounts: creating bank accounts is not supported, so the model is empty. */
export function bankAccountsModel(ctx: Ctx, conn: ConnectionRec): SimResponse {
  return ok(200, {
    type: 'Object',
    displayName: 'Bank Account',
    description: `Not supported for ${platformOf(ctx, conn).name}.`,
    required: true,
    properties: {},
    options: null,
    validation: { warnings: [], information: [] },
  })
}

/** GET .../managedBankFeeds/syncs/latest: no managed sync has run (204). */
export function latestManagedSync(): SimResponse {
  return ok(204)
}

/** GET .../managedBankFeeds/syncs/{syncId}: no such sync (404). */
export function getManagedSync(ctx: Ctx): SimResponse {
  throw codatError(ctx, 404, 'Sync not found')
}
