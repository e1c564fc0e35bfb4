// The web app's ports for Xero's and Sage's hand-offs (beside `ports.ts`, same rules: scoped by
// tenant, `undefined` for an unknown or another tenant's id, a refusal as a `PageError`).

/** The ledger a company feeds. */
export type Platform = 'qbo' | 'xero' | 'sage'

/** A Sage hand-off: typed by the SMB on Codat's page from inside Sage. Shown once, never stored. */
export interface SageHandOff {
  readonly connectionId: string
  readonly otp: string
  /** UTC instant after which the password no longer works. */
  readonly expiry: string
}

/** One Xero account's mapping: its status and the Xero accounts it may feed. */
export interface XeroMapping {
  readonly accountId: string
  /** `pending`, `connecting` (mapped, Xero saving), `connected`, `disconnected`. */
  readonly status: string
  readonly targetAccountId: string | null
  readonly targetAccountName: string | null
  readonly feedStartDate: string | null
  readonly options: readonly { readonly id: string; readonly name: string | null }[]
}

/** The Xero and Sage hand-offs; without them a Xero or Sage company page shows no link action. */
export interface LinkingPorts {
  /** A fresh Xero `linkUrl` (single use, about an hour). */
  xeroLink(tenant: string, companyId: string): Promise<string | undefined>
  /** The connection id and a fresh one-time password. */
  sageHandOff(tenant: string, companyId: string): Promise<SageHandOff | undefined>
  /** Every account's Xero mapping (read while the connection is Linked). */
  xeroMappings(tenant: string, companyId: string): Promise<readonly XeroMapping[] | undefined>
  /** The organisation's name in the ledger (Xero's `bankFeeds/info`), null when Codat gives none. */
  ledgerName(tenant: string, companyId: string): Promise<string | null>
  /** Maps an account to `targetAccountId` (`null`: a new Xero account); a refusal is a `PageError`. */
  mapXeroAccount(
    tenant: string,
    companyId: string,
    accountId: string,
    input: { readonly targetAccountId: string | null; readonly feedStartDate: string | null },
  ): Promise<boolean>
}
