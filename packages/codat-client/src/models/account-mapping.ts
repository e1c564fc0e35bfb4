import type { Decimal } from './decimal.js'

/** One target account the SMB may map a source account to (`#/components/schemas/BankFeedMapping/definitions/targetAccountOption`). */
export interface TargetAccountOption {
  id?: string
  name?: string | null
  balance?: Decimal | null
  sortCode?: string | null
  accountNumber?: string | null
}

/**
 * A source account's mapping to a target account in the accounting software
 * (`#/components/schemas/BankFeedMapping`): Xero lists its target options; Sage none (`null`,
 * mapping happens in Sage). `sourceBalance` and option balances are exact decimal strings.
 *
 * @example
 * { sourceAccountId: 'acc-1', sourceAccountName: 'Checking', status: 'pending',
 *   targetAccountOptions: [{ id: '044096a7-…', name: 'Business Account', balance: '100.99' }] }
 */
export interface BankFeedMapping {
  sourceAccountId?: string
  sourceAccountName?: string
  sourceAccountNumber?: string
  sourceBalance?: Decimal
  sourceCurrency?: string
  targetAccountId?: string | null
  targetAccountName?: string
  /** Free text in the document; Xero answers `pending`, `connecting`, `connected`, `disconnected`. */
  status?: string
  targetAccountOptions?: TargetAccountOption[] | null
  /** DateTime, e.g. `2026-11-20T00:00:00`; present once mapped. */
  feedStartDate?: string | null
}

/**
 * Body of create-bank-account-mapping (`#/components/schemas/BankFeedAccountMapping`): one source
 * account per request. `targetAccountId` absent or null: the platform creates a new target account.
 */
export interface BankFeedAccountMapping {
  sourceAccountId: string
  targetAccountId?: string | null
  /** DateTime. */
  feedStartDate?: string | null
}

/**
 * Answer of create-bank-account-mapping (`#/components/schemas/BankFeedAccountMappingResponse`).
 * A refusal is still HTTP 200: `status: 'Failed'` with an `error`.
 *
 * @example
 * { sourceAccountId: 'acc-002', targetAccountId: 'account-081', status: 'Failed',
 *   error: 'A feed connection already exists to this account' }
 */
export interface BankFeedAccountMappingResponse {
  sourceAccountId?: string
  targetAccountId?: string | null
  status?: string | null
  error?: string | null
}

/** A Sage one-time password (`#/components/schemas/GenerateOtpResponse`). Secret: never log. */
export interface GenerateOtpResponse {
  otp: string
  /** DateTime in UTC after which the password no longer works. */
  expiry: string
}

/** The linked company in the accounting software (`#/components/schemas/CompanyInformation`; Xero only). */
export interface CompanyInformation {
  companyName?: string
  baseCurrency?: string
  planType?: string | null
  multicurrencyEnabled?: boolean
  currencies?: string[] | null
}
