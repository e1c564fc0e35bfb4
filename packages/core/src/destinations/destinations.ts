import type { AccountState } from '../state.js'
import type { Destination } from './destination.js'
import { type DestinationId, LEGACY_DESTINATION } from './destination-id.js'
import { qbo } from './qbo.js'
import { sage } from './sage.js'
import { xero } from './xero.js'

/**
 * Every destination, by id. Typed over `DestinationId`: a new id does not compile until its
 * destination is listed here.
 *
 * @example
 * destinations.qbo.defaults.maxBatchSize // => 1000
 * destinations.xero.codatPlatformKey // => 'gbol'
 */
export const destinations: { readonly [K in DestinationId]: Destination & { readonly id: K } } = {
  qbo,
  xero,
  sage,
}

/**
 * The destination an account feeds: the one it registered with. An id this version does not know
 * (written by a newer one; `decide` never writes one) plans as QBO, like an account registered
 * before destinations existed.
 */
export function destinationOf(state: AccountState): Destination {
  const id = state.account?.destination ?? LEGACY_DESTINATION
  return destinations[id] ?? destinations[LEGACY_DESTINATION]
}
