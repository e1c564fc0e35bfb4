/** `#/components/schemas/Connection/definitions/dataConnectionStatus`. */
export type DataConnectionStatus = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized'

/** `#/components/schemas/Connection/definitions/dataConnectionSourceType`. */
export type SourceType = 'Accounting' | 'Banking' | 'BankFeed' | 'Commerce' | 'Expense' | 'Other' | 'Unknown'

/** `#/components/schemas/Connection/definitions/dataConnectionError`. */
export interface DataConnectionError {
  statusCode?: string
  statusText?: string
  errorMessage?: string
  erroredOnUtc?: string
  status?: 'Active' | 'Resolved' | null
  resolvedOnUtc?: string | null
}

/**
 * A company's data connection (`#/components/schemas/Connection`). A QBO Bank Feeds connection has
 * `integrationKey: 'hcws'`, `sourceType: 'BankFeed'` and starts in `PendingAuth`.
 */
export interface Connection {
  id: string
  integrationId: string
  integrationKey?: string
  sourceId: string
  sourceType: SourceType
  platformName: string
  /** Where the SMB authorises the link; for QBO it carries a one-hour OTP. */
  linkUrl: string
  status: DataConnectionStatus
  lastSync?: string | null
  created: string
  dataConnectionErrors?: DataConnectionError[] | null
  connectionInfo?: Record<string, unknown> | null
}
