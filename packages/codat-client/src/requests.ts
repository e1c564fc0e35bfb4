import type { BankFeedAccountMapping } from './models/account-mapping.js'
import type { CreateBankTransactions } from './models/bank-transaction.js'
import type { CompanyRequestBody } from './models/company.js'
import type { DataConnectionStatus } from './models/connection.js'
import type { PageParams } from './models/paging.js'
import type {
  SourceAccount,
  SourceAccountPrototype,
  SourceAccountV2Prototype,
} from './models/source-account.js'

/**
 * Carried by every POST/PATCH request object. Absent: the client generates one per call. Either way
 * the same key is sent on every retry of that call, so Codat replays instead of repeating the write.
 */
export interface Idempotent {
  idempotencyKey?: string
}

export interface CompanyPath {
  companyId: string
}

export interface ConnectionPath extends CompanyPath {
  connectionId: string
}

export interface SourceAccountPath extends ConnectionPath {
  accountId: string
}

/** `companies.create`: the SDK passes `CompanyRequestBody` itself; `idempotencyKey` is not sent in the body. */
export type CreateCompanyRequest = CompanyRequestBody & Idempotent

export interface ListCompaniesRequest extends PageParams {
  /** Tag filter, e.g. `region=uk && owningTeam=invoice-finance`. */
  tags?: string
}

export type GetCompanyRequest = CompanyPath
export type DeleteCompanyRequest = CompanyPath

export interface CreateConnectionRequest extends CompanyPath, Idempotent {
  /** `{ platformKey: 'hcws' }` for QuickBooks Online Bank Feeds. */
  requestBody: { platformKey: string }
}

export interface ListConnectionsRequest extends CompanyPath, PageParams {}
export type GetConnectionRequest = ConnectionPath
export type DeleteConnectionRequest = ConnectionPath

export interface UnlinkConnectionRequest extends ConnectionPath, Idempotent {
  /** Default `{ status: 'Unlinked' }`. */
  requestBody?: { status?: DataConnectionStatus | null }
}

export interface CreateSourceAccountRequest extends ConnectionPath, Idempotent {
  requestBody: SourceAccountV2Prototype | SourceAccountPrototype
}

export interface CreateBatchSourceAccountRequest extends ConnectionPath, Idempotent {
  requestBody: SourceAccountV2Prototype[] | SourceAccountPrototype[]
}

export type ListSourceAccountsRequest = ConnectionPath

export interface UpdateSourceAccountRequest extends SourceAccountPath, Idempotent {
  /** Only `accountName`, `status` (to `disconnected`) and `balance` (while not connected) may change. */
  sourceAccount: SourceAccount
}

export type DeleteSourceAccountRequest = SourceAccountPath

export interface GenerateCredentialsRequest extends ConnectionPath, Idempotent {
  /** Codat declares a JSON body without a schema; default `{}`. */
  requestBody?: Record<string, unknown>
}

export type DeleteCredentialsRequest = ConnectionPath

/**
 * `transactions.create`.
 *
 * @example
 * { companyId, connectionId, accountId: 'acc-1', idempotencyKey: batchId,
 *   createBankTransactions: { accountId: 'acc-1', transactions: [{ id: 'tx-1', date: '2026-11-24',
 *   description: 'Coffee', amount: '-3.10', balance: '96.90' }] } }
 */
export interface CreateBankTransactionsRequest extends SourceAccountPath, Idempotent {
  /** After this many minutes a still-Pending operation becomes `TimedOut`. */
  timeoutInMinutes?: number
  allowSyncOnPushComplete?: boolean
  createBankTransactions: CreateBankTransactions
  /**
   * `false`: when the outcome is unknown (network error, timeout, 5xx: Codat may have stored the
   * push) throw at once instead of re-sending; the caller reconciles, re-sending with the same
   * Idempotency-Key only while it knows Codat's window is open (its clock), else listing create
   * operations. 408 and 429 (nothing stored) are still retried. Default `true` (client retries).
   */
  retryUnknownOutcome?: boolean
}

export interface GetCreateOperationRequest extends CompanyPath {
  pushOperationKey: string
}

export interface ListCreateOperationsRequest extends CompanyPath, PageParams {}

/** `accountMapping.get`: the mapping of every source account of the connection. */
export type GetBankAccountMappingRequest = ConnectionPath

/** `accountMapping.create`: map one source account (Xero; Sage maps inside Sage). */
export interface CreateBankAccountMappingRequest extends ConnectionPath, Idempotent {
  bankFeedAccountMapping: BankFeedAccountMapping
}

/** `sourceAccounts.generateOtp`: a one-time password for Sage's Connect Bank (no body). */
export interface GenerateOtpRequest extends ConnectionPath, Idempotent {}

/** `companyInformation.get`: the linked organisation's name and currencies (Xero). */
export type GetCompanyInformationRequest = ConnectionPath
