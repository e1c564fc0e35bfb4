import type { ConnectionStatus, SimState, SourceAccountStatus } from './state.js'

/** One connection as the pages (and other tools) see it: no lines, no credentials. */
export interface ConnectionSummary {
  companyId: string
  companyName: string
  connectionId: string
  /** Codat's integration key of the connection (`hcws`, `gbol`, `olpr`). */
  platformKey: string
  status: ConnectionStatus
  /** The current linkUrl one-time password and when it expires (epoch ms); not refreshed by reading. */
  otp: string
  otpExpiresAt: number
  accounts: {
    id: string
    accountName: string | null
    accountNumber: string | null
    currency: string | null
    status: SourceAccountStatus
  }[]
}

/** Which connections `listConnections` returns: one company's, one connection, or (empty) all. */
export interface ConnectionFilter {
  companyId?: string
  connectionId?: string
}

/**
 * Every connection (all tenants, company creation order), or the ones the filter names, as fresh small
 * objects: the cost is the number of connections and accounts, never the stored lines, and nothing
 * returned aliases the state.
 */
export function listConnections(state: SimState, filter: ConnectionFilter = {}): ConnectionSummary[] {
  const companies =
    filter.companyId === undefined
      ? Object.values(state.companies)
      : [state.companies[filter.companyId]].filter((c) => c !== undefined)
  const out: ConnectionSummary[] = []
  for (const company of companies) {
    const conns =
      filter.connectionId === undefined
        ? Object.values(company.connections)
        : [company.connections[filter.connectionId]].filter((c) => c !== undefined)
    for (const conn of conns) {
      out.push({
        companyId: company.id,
        companyName: company.name,
        connectionId: conn.id,
        platformKey: conn.platformKey,
        status: conn.status,
        otp: conn.otp,
        otpExpiresAt: conn.otpExpiresAt,
        accounts: conn.accounts.map((a) => ({
          id: a.id,
          accountName: a.accountName,
          accountNumber: a.accountNumber,
          currency: a.currency,
          status: a.status,
        })),
      })
    }
  }
  return out
}
