import type { Ctx } from './context.js'
import { fail, Reply } from './errors.js'
import type { CompanyRec, ConnectionRec, SourceAccountRec } from './state.js'

/** The caller: a tenant id (derived from the API key) or the control surface, which sees everything. */
export type Caller = { tenant: string } | { control: true }

export function getCompany(ctx: Ctx, caller: Caller, companyId: string): CompanyRec {
  const c = ctx.state.companies[companyId]
  if (!c) throw new Reply(fail(ctx, 404, `No company was found with ID ${companyId}`))
  if ('tenant' in caller && c.tenant !== caller.tenant) throw new Reply(fail(ctx, 403))
  return c
}

export function getConnection(
  ctx: Ctx,
  caller: Caller,
  companyId: string,
  connectionId: string,
): ConnectionRec {
  const conn = getCompany(ctx, caller, companyId).connections[connectionId]
  if (!conn) throw new Reply(fail(ctx, 404, `Data connection ${connectionId} not found`))
  return conn
}

export function getAccount(ctx: Ctx, conn: ConnectionRec, accountId: string): SourceAccountRec {
  const a = conn.accounts.find((x) => x.id === accountId)
  if (!a) throw new Reply(fail(ctx, 404, `Source account ${accountId} not found`))
  return a
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
