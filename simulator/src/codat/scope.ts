import type { Ctx } from './context.js'
import { codatError } from './errors.js'
import type { CompanyRec, ConnectionRec, SourceAccountRec } from './state.js'

/** The caller: a tenant id (derived from the API key) or the control surface, which sees everything. */
export type Caller = { tenant: string } | { control: true }

/** The control surface as a caller. */
export const CONTROL: Caller = { control: true }

/** What a route works on, resolved from its path before it runs (see `http/codat-routes.ts`). */
export type Needs = 'tenant' | 'company' | 'connection' | 'account'

/** The records a route of each `Needs` receives. */
export interface Scopes {
  tenant: Record<never, never>
  company: { company: CompanyRec }
  connection: { company: CompanyRec; connection: ConnectionRec }
  account: { company: CompanyRec; connection: ConnectionRec; account: SourceAccountRec }
}

/** The company `companyId`: 404 when absent, 403 when another tenant's. */
export function findCompany(ctx: Ctx, caller: Caller, companyId: string): CompanyRec {
  const c = ctx.state.companies[companyId]
  if (!c) throw codatError(ctx, 404, `No company was found with ID ${companyId}`)
  if ('tenant' in caller && c.tenant !== caller.tenant) throw codatError(ctx, 403)
  return c
}

/** The connection `connectionId` of the company: 404 when absent. */
export function findConnection(ctx: Ctx, company: CompanyRec, connectionId: string): ConnectionRec {
  const conn = company.connections[connectionId]
  if (!conn) throw codatError(ctx, 404, `Data connection ${connectionId} not found`)
  return conn
}

/** The source account `accountId` of the connection: 404 when absent. */
export function findAccount(ctx: Ctx, conn: ConnectionRec, accountId: string): SourceAccountRec {
  const a = conn.accounts.find((x) => x.id === accountId)
  if (!a) throw codatError(ctx, 404, `Source account ${accountId} not found`)
  return a
}

/**
 * Resolves what a route needs from its path parameters, in order company → connection → account (each
 * refusal as Codat answers it).
 *
 * @example resolveScope(ctx, { tenant }, 'connection', { companyId, connectionId }).connection
 */
export function resolveScope<N extends Needs>(
  ctx: Ctx,
  caller: Caller,
  needs: N,
  params: Record<string, string>,
): Scopes[N] {
  if (needs === 'tenant') return {} as Scopes[N]
  const company = findCompany(ctx, caller, params.companyId as string)
  if (needs === 'company') return { company } as Scopes[N]
  const connection = findConnection(ctx, company, params.connectionId as string)
  if (needs === 'connection') return { company, connection } as Scopes[N]
  const account = findAccount(ctx, connection, params.accountId as string)
  return { company, connection, account } as Scopes[N]
}
