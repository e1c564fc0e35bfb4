import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { codatError } from '../../codat/errors.js'
import { otpValid, XERO_SCOPES, xeroConnection } from './consent.js'
import { listXeroMapping } from './mapping.js'
import { orgOf, XERO_SERVICE, xeroWorld } from './world.js'

/**
 * What Xero's consent page shows for a `linkUrl` (X4, X7): the company, the scopes asked for and the
 * organisations to pick from; 401 when the otp is used or expired. Reads only.
 */
export function consentView(ctx: Ctx, companyId: string, connectionId: string, otp: string): SimResponse {
  const conn = xeroConnection(ctx, { companyId, connectionId }, 'XeroConsent')
  if (!otpValid(ctx, conn, otp)) {
    throw codatError(ctx, 401, 'This link has been used or has expired: ask for a fresh one.', {
      service: XERO_SERVICE,
    })
  }
  return ok(200, {
    companyId,
    connectionId,
    otp,
    companyName: ctx.state.companies[companyId]?.name ?? '',
    status: conn.status,
    scopes: XERO_SCOPES,
    // A new organisation's base currency, offered on the page: the bank accounts' (mapping refuses others, X3).
    currency: conn.accounts.find((a) => a.currency)?.currency ?? 'USD',
    orgs: Object.values(xeroWorld(ctx.state).orgs).map((o) => ({
      id: o.tenantId,
      name: o.name,
      baseCurrency: o.baseCurrency,
    })),
  })
}

/** What Codat's mapping UI shows for a Xero connection (X10, X15): the organisation and one row per source account. */
export function mappingView(ctx: Ctx, companyId: string, connectionId: string): SimResponse {
  const conn = xeroConnection(ctx, { companyId, connectionId }, 'XeroMappingUi')
  const org = orgOf(ctx, conn)
  return ok(200, {
    companyId,
    connectionId,
    status: conn.status,
    org: org ? { id: org.tenantId, name: org.name } : null,
    rows: listXeroMapping(ctx, conn),
  })
}
