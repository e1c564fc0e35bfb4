/**
 * The ledgers feedsync can feed. Only QuickBooks Online today; Xero (`'xero'`) and Sage (`'sage'`)
 * join by adding their id here and their file beside `qbo.ts` (the `destinations` table does not
 * compile until every id has an entry).
 *
 * @example
 * const id: DestinationId = 'qbo'
 */
export type DestinationId = 'qbo'

/** Every destination id, in the order they were added. */
export const DESTINATION_IDS: readonly DestinationId[] = ['qbo']

/** The destination an account registered before destinations existed feeds: QuickBooks Online. */
export const LEGACY_DESTINATION: DestinationId = 'qbo'

/** True when `text` names a destination this version knows. */
export function isDestinationId(text: unknown): text is DestinationId {
  return typeof text === 'string' && (DESTINATION_IDS as readonly string[]).includes(text)
}
