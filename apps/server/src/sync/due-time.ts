import {
  type AccountState,
  addDays,
  destinationOf,
  type Plan,
  type PlanLimits,
  zonedInstant,
} from '@feedsync/core'
import type { SyncSettings } from './settings.js'

/** Why an account is next due; each kind keeps its own back-off streak. */
export type DueKind = 'ready' | 'poll' | 'link' | 'linked' | 'day' | 'retry' | 'idle'

const KINDS: readonly DueKind[] = ['ready', 'poll', 'link', 'linked', 'day', 'retry', 'idle']

/**
 * When an account is next due, and why. `dueAt` is an instant of the worker's clock (`null`:
 * nothing to do until something wakes it); `streak` is what the store keeps for the next
 * derivation (`encodeStreak`: the kind and how many times in a row it was derived).
 */
export interface DueTime {
  readonly dueAt: string | null
  readonly kind: DueKind
  readonly streak: number
}

/** How one account's sync ended, as far as its next due time goes. */
export type SyncEnd =
  | { readonly status: 'done'; readonly state: AccountState; readonly plan: Plan }
  | { readonly status: 'stuck' }
  | { readonly status: 'failed'; readonly retryAfterMs?: number }

/** The store's streak integer: `count * 8 + kind`. */
export function encodeStreak(kind: DueKind, count: number): number {
  return Math.min(count, 1_000_000) * 8 + KINDS.indexOf(kind)
}

export function decodeStreak(streak: number): { readonly kind: DueKind; readonly count: number } {
  const kind = KINDS[((streak % 8) + 8) % 8] ?? 'idle'
  return { kind, count: Math.max(0, Math.floor(streak / 8)) }
}

/** `firstMs` doubled `count` times, at most `maxMs` (at least `firstMs` when `maxMs` is smaller). */
export function widening(firstMs: number, maxMs: number, count: number): number {
  const cap = Math.max(firstMs, maxMs)
  return Math.min(cap, firstMs * 2 ** Math.min(count, 40))
}

const plus = (now: string, ms: number): string => new Date(Date.parse(now) + ms).toISOString()

/** Start of the day after the plan's `today` in the zone the planner used. */
function nextDayStart(state: AccountState, plan: Plan, limits: Partial<PlanLimits>): string {
  const lim: Partial<PlanLimits> = { ...destinationOf(state).defaults, ...limits }
  const zone = lim.timeZone ?? state.account?.timeZone ?? 'UTC'
  return new Date(zonedInstant(addDays(plan.today, 1), '00:00', zone)).toISOString()
}

/**
 * The account's next due time after a sync, from the sync's end (with the state it left) and the last streak
 * (pure: `now` is the worker's clock). In order:
 * - failed (429, 5xx, Codat unreachable): after `Retry-After` when Codat gave one, else a widening
 *   back-off (`retryFirstMs` doubling to `retryMaxMs`);
 * - an open batch (`stuck`): its next poll, widening (`pollIntervalMs` doubling to `pollMaxMs`).
 *   This is the batch's back-off across syncs, for every reason a batch stays open (a push not
 *   confirmed, an operation unreadable, a look-up undecided, still Pending after `maxPolls` reads),
 *   counted in syncs by the due row's streak; within one sync, when a Pending operation is next
 *   worth reading is `nextReadMs` (batch-machine.ts), counted in reads. Both widen by `widening`;
 *   a sync ends `stuck` only once its reads ran out, long past the destination's Pending time;
 * - lines ready to push: now;
 * - otherwise the earliest of: the next day in the account's zone when a line waits for it
 *   (`day_not_over` under `end_of_day`, `future_dated`); a link re-check when the feed is not
 *   linked (`linkFirstMs` doubling to `linkRefreshMs`), or, linked, a long one (`linkRefreshMs`
 *   doubling to `linkMaxMs`). A streak of the same kind widens; another kind starts over.
 *
 * @example
 * nextDue({ status: 'done', state, plan }, '2026-12-02T10:00:00.000Z', 0, settings)
 * // => { dueAt: '2026-12-03T00:00:00.000Z', kind: 'day', streak: 4 }
 */
export function nextDue(
  end: SyncEnd,
  now: string,
  lastStreak: number,
  settings: Pick<SyncSettings, 'pollIntervalMs' | 'linkRefreshMs' | 'limits' | 'due'>,
): DueTime {
  const last = decodeStreak(lastStreak)
  const count = (kind: DueKind) => (last.kind === kind ? last.count + 1 : 0)
  const at = (kind: DueKind, dueAt: string | null): DueTime => ({
    dueAt,
    kind,
    streak: encodeStreak(kind, count(kind)),
  })
  const { due } = settings
  if (end.status === 'failed') {
    const ms = end.retryAfterMs ?? widening(due.retryFirstMs, due.retryMaxMs, count('retry'))
    return at('retry', plus(now, ms))
  }
  if (end.status === 'stuck') {
    return at('poll', plus(now, widening(settings.pollIntervalMs, due.pollMaxMs, count('poll'))))
  }
  const { plan, state } = end
  if (plan.batches.length > 0) return at('ready', now)
  const candidates: { kind: DueKind; at: string }[] = []
  if (plan.held.some((h) => h.reason.code === 'day_not_over' || h.reason.code === 'future_dated')) {
    candidates.push({ kind: 'day', at: nextDayStart(state, plan, settings.limits) })
  }
  if (state.feed.status !== 'linked') {
    const ms = widening(due.linkFirstMs, settings.linkRefreshMs, count('link'))
    candidates.push({ kind: 'link', at: plus(now, ms) })
  } else if (settings.linkRefreshMs > 0) {
    const ms = widening(settings.linkRefreshMs, due.linkMaxMs, count('linked'))
    candidates.push({ kind: 'linked', at: plus(now, ms) })
  }
  const first = candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0]
  return first === undefined ? at('idle', null) : at(first.kind, first.at)
}
