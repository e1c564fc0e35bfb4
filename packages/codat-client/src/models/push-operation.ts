import type { CreateBankTransactions } from './bank-transaction.js'

/** `#/components/schemas/PushOperation/definitions/pushOperationStatus`. */
export type PushOperationStatus = 'Pending' | 'Failed' | 'Success' | 'TimedOut'

/** `#/components/schemas/PushOperation/definitions/pushChangeType`. */
export type PushChangeType = 'Unknown' | 'Created' | 'Modified' | 'Deleted' | 'AttachmentUploaded'

/** `#/components/schemas/DataType`; bank feeds only produce `bankTransactions`. Other values pass through. */
export type DataType = 'bankTransactions' | 'bankAccounts' | (string & {})

/** `#/components/schemas/PushOperation/definitions/validationItem`. */
export interface ValidationItem {
  itemId?: string | null
  message?: string | null
  validatorName?: string | null
}

/** `#/components/schemas/PushOperation/definitions/validation`. */
export interface Validation {
  errors?: ValidationItem[] | null
  warnings?: ValidationItem[] | null
}

/** `#/components/schemas/PushOperation/definitions/pushOperationRef`. */
export interface PushOperationRef {
  id?: string
  dataType?: DataType | null
}

/** `#/components/schemas/PushOperation/definitions/pushOperationChange`. */
export interface PushOperationChange {
  type?: PushChangeType
  recordRef?: PushOperationRef
  attachmentId?: string | null
}

/**
 * A push (write) operation (`#/components/schemas/PushOperation`). `statusCode` is 202 while `Pending`,
 * 200 on `Success`, 400 on a validation `Failed`.
 */
export interface PushOperation {
  changes?: PushOperationChange[] | null
  dataType?: DataType
  companyId: string
  pushOperationKey: string
  dataConnectionKey: string
  requestedOnUtc: string
  completedOnUtc?: string | null
  timeoutInMinutes?: number | null
  /** @deprecated by Codat. */
  timeoutInSeconds?: number | null
  status: PushOperationStatus
  errorMessage?: string | null
  validation?: Validation | null
  statusCode: number
}

/** Answer of create-bank-transactions: the operation plus an echo of the body (amounts as exact strings). */
export interface CreateBankTransactionsResponse extends PushOperation {
  data?: CreateBankTransactions
}
