import type { Position } from './event-store.js'

/**
 * Orders log positions as `readAll` does: by transaction id, then global position (exact bigint
 * comparison of the decimal strings).
 *
 * @example
 * comparePositions({ transactionId: '9', globalPosition: '20' }, { transactionId: '10', globalPosition: '3' }) // -1
 */
export function comparePositions(a: Position, b: Position): -1 | 0 | 1 {
  const tx = BigInt(a.transactionId) - BigInt(b.transactionId)
  if (tx !== 0n) return tx < 0n ? -1 : 1
  const pos = BigInt(a.globalPosition) - BigInt(b.globalPosition)
  return pos === 0n ? 0 : pos < 0n ? -1 : 1
}
