/**
 * The ledgers feedsync can feed, each with Codat's platform key for its bank-feeds integration
 * (PLATFORMS.md §1): QuickBooks Online (`hcws`), Xero (`gbol`) and Sage Bank Feeds (`olpr`). A new
 * ledger joins by adding its id here and its file beside `qbo.ts` (the `destinations` table does not
 * compile until every id has an entry).
 *
 * @example
 * const id: DestinationId = 'xero'
 */
export type DestinationId = 'qbo' | 'xero' | 'sage'

/** Every destination id, in the order they were added. */
export const DESTINATION_IDS: readonly DestinationId[] = ['qbo', 'xero', 'sage']

/** The destination an account registered before destinations existed feeds: QuickBooks Online. */
export const LEGACY_DESTINATION: DestinationId = 'qbo'

/** True when `text` names a destination this version knows. */
export function isDestinationId(text: unknown): text is DestinationId {
  return typeof text === 'string' && (DESTINATION_IDS as readonly string[]).includes(text)
}

/**
 * Codat's platform key (`platformKey` / `integrationKey`) of each destination's connection, and the
 * name an operator knows the ledger by (used in every reason and sentence).
 *
 * @example
 * DESTINATION_PLATFORMS.sage // => { codatPlatformKey: 'olpr', name: 'Sage' }
 */
export const DESTINATION_PLATFORMS = {
  qbo: { codatPlatformKey: 'hcws', name: 'QuickBooks' },
  xero: { codatPlatformKey: 'gbol', name: 'Xero' },
  sage: { codatPlatformKey: 'olpr', name: 'Sage' },
} as const satisfies { readonly [K in DestinationId]: { codatPlatformKey: string; name: string } }

/** The Codat platform key of a destination's connections: `'hcws'`, `'gbol'` or `'olpr'`. */
export type CodatPlatformKey = (typeof DESTINATION_PLATFORMS)[DestinationId]['codatPlatformKey']

/**
 * The destination whose connections carry Codat platform key `key`, or `undefined` for a key
 * feedsync does not feed (an accounting-only integration, say).
 *
 * @example
 * destinationIdOfPlatformKey('gbol') // => 'xero'
 * destinationIdOfPlatformKey('quickbooksonlinesandbox') // => undefined
 */
export function destinationIdOfPlatformKey(key: string): DestinationId | undefined {
  return DESTINATION_IDS.find((id) => DESTINATION_PLATFORMS[id].codatPlatformKey === key)
}
