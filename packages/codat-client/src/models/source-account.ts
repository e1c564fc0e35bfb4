import type { Decimal } from './decimal.js'

/** Status of a source account (both versions). Writes are accepted only for `connected`. */
export type SourceAccountStatus = 'pending' | 'connected' | 'connecting' | 'disconnected' | 'unknown'

/**
 * Source account, v1 shape (`#/components/schemas/SourceAccount`). `balance` is an exact decimal string.
 */
export interface SourceAccount {
  id: string
  accountName?: string | null
  /** Free text, e.g. `Credit`, `Debit`. */
  accountType?: string | null
  accountNumber?: string | null
  sortCode?: string | null
  /** ISO 4217; `XXX` = unknown. */
  currency?: string
  balance?: Decimal | null
  modifiedDate?: string | null
  status?: SourceAccountStatus | null
  /** DateTime (v1). */
  feedStartDate?: string | null
}

/** What create accepts in v1: the first eight fields of {@link SourceAccount}. */
export type SourceAccountPrototype = Omit<SourceAccount, 'status' | 'feedStartDate'>

/** `#/components/schemas/SourceAccountV2/properties/accountType`. */
export type SourceAccountV2AccountType = 'checking' | 'savings' | 'loan' | 'creditCard' | 'prepaidCard'

/** `#/components/schemas/SourceAccountV2/definitions/routingInfo`. */
export interface RoutingInfo {
  bankCode?: string | null
  type?:
    | 'rtn'
    | 'aba'
    | 'swift'
    | 'bsb'
    | 'iban'
    | 'nz2'
    | 'trno'
    | 'sortcode'
    | 'blz'
    | 'ifsc'
    | 'bankcode'
    | 'apca'
    | 'clabe'
    | null
}

/** `#/components/schemas/SourceAccountV2/definitions/accountInfo`. */
export interface AccountInfo {
  description?: string | null
  nickname?: string | null
  /** `YYYY-MM-DD`. */
  accountOpenDate?: string | null
  availableBalance?: Decimal | null
}

/**
 * Source account, v2 shape (`#/components/schemas/SourceAccountV2`). `balance` is an exact decimal string.
 *
 * @example
 * { id: 'acc-1', accountName: 'Checking', accountType: 'checking', accountNumber: '01234567',
 *   currency: 'USD', balance: '1500.00' }
 */
export interface SourceAccountV2 {
  id: string
  accountName: string
  accountType: SourceAccountV2AccountType
  accountNumber: string
  sortCode?: string | null
  routingInfo?: RoutingInfo
  currency: string
  balance: Decimal
  accountInfo?: AccountInfo | null
  modifiedDate?: string | null
  status?: SourceAccountStatus | null
  /** `YYYY-MM-DD` (v2). */
  feedStartDate?: string | null
}

/** What create accepts in v2. */
export type SourceAccountV2Prototype = Omit<SourceAccountV2, 'status' | 'feedStartDate'>

/** One successful item of a v1 batch create (`#/components/schemas/SourceAccountBatchCreateResponse`). */
export interface SourceAccountBatchCreateResponse {
  sourceAccountId?: string
  result?: { statusCode?: number; error?: string | null; account?: SourceAccount }
}

/** One successful item of a v2 batch create (`#/components/schemas/SourceAccountV2BatchCreateResponse`). */
export interface SourceAccountV2BatchCreateResponse {
  sourceAccountId?: string
  result?: { statusCode?: number; error?: string | null; account?: SourceAccountV2 }
}

/** One failed item of a batch create; note `statusCode` is a string here (`SourceAccountBatchErrorResponse`). */
export interface SourceAccountBatchErrorResponse {
  sourceAccountId?: string
  result?: { statusCode?: string; error?: string }
}

/** One item of the batch-create answer (HTTP 201 all created, 207 mixed). */
export type SourceAccountBatchResult =
  | SourceAccountBatchCreateResponse
  | SourceAccountV2BatchCreateResponse
  | SourceAccountBatchErrorResponse

/** One-time QBO credentials (`#/components/schemas/BankAccountCredentials`). Secret: never log. */
export interface BankAccountCredentials {
  username?: string
  password?: string
}
