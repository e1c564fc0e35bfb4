/**
 * How lines the destination accepted reach its ledger: at once (Xero; Sage once its Banking Service
 * accepted them, the operation's `Success`), or when the ledger pulls
 * them on a daily schedule (QBO: 06:00 in the account's zone, BEHAVIOUR.md §14 decision 19; the
 * SMB's "Update" click pulls sooner, which the engine cannot see).
 */
import { addDays, type Day, dayIn, zonedInstant } from '../dates.js'

/**
 * A destination's delivery model.
 *
 * @example
 * const qboDelivery: Delivery = { kind: 'daily_pull', localTime: '06:00' }
 */
export type Delivery =
  /** Delivered when the push operation succeeds: Xero at once (X27), Sage when its Banking Service accepted it (S22). */
  | { readonly kind: 'immediate' }
  /** The ledger pulls once a day at `localTime` (`HH:MM`) in the account's zone. */
  | { readonly kind: 'daily_pull'; readonly localTime: string }

/**
 * The instant (epoch ms) of the last scheduled delivery at or before `now`: every line accepted
 * after it is still awaiting delivery. Immediate delivery: `now` itself (nothing awaits).
 *
 * @example
 * lastDeliveryAt({ kind: 'daily_pull', localTime: '06:00' }, '2026-11-20T05:00:00Z', 'UTC') // => Date.parse('2026-11-19T06:00:00Z')
 */
export function lastDeliveryAt(delivery: Delivery, now: string, zone: string): number {
  const nowMs = Date.parse(now)
  switch (delivery.kind) {
    case 'immediate':
      return nowMs
    case 'daily_pull': {
      const today = dayIn(now, zone)
      const pull = zonedInstant(today, delivery.localTime, zone)
      return pull <= nowMs ? pull : zonedInstant(addDays(today, -1), delivery.localTime, zone)
    }
    default: {
      const unknown: never = delivery
      return unknown
    }
  }
}

/**
 * The day (in `zone`) on which a line accepted at `now` reaches the ledger: today for immediate
 * delivery; for a daily pull, the day of the next pull after `now`.
 */
export function deliveryDay(delivery: Delivery, now: string, zone: string): Day {
  const today = dayIn(now, zone)
  switch (delivery.kind) {
    case 'immediate':
      return today
    case 'daily_pull':
      return zonedInstant(today, delivery.localTime, zone) > Date.parse(now) ? today : addDays(today, 1)
    default: {
      const unknown: never = delivery
      return unknown
    }
  }
}
