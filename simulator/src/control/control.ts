import { listConnections } from '../codat/connection-list.js'
import { type Ctx, ok, type SimResponse } from '../codat/context.js'
import { answering, codatError, invalidRequest } from '../codat/errors.js'
import { emit } from '../codat/events.js'
import { forceComplete } from '../codat/push/force-complete.js'
import { CONTROL, resolveScope } from '../codat/scope.js'
import { emptyState, type SimState } from '../codat/state.js'
import { catchUp } from '../codat/time-effects.js'
import type { SimClock } from '../kernel/clock.js'
import { parseDuration } from '../kernel/duration.js'
import { isObject } from '../kernel/objects.js'
import { seedPrng } from '../kernel/prng.js'
import { qboFeed } from '../platforms/qbo/feed-switch.js'
import { qboView } from '../platforms/qbo/ledger-view.js'
import { qboLink } from '../platforms/qbo/link.js'
import { qboUpdate } from '../platforms/qbo/pull.js'
import { sageControl } from '../platforms/sage/control.js'
import { createXeroControl } from '../platforms/xero/control.js'
import type { ControlApi } from './control-api.js'
import { addFault } from './faults.js'

/** What the control API works on. */
export interface ControlDeps {
  ctx: Ctx
  clock: SimClock
  /** Catches the model up with the clock (time-driven effects applied). */
  tick: () => void
  /** The seed a reset without one starts from. */
  seed: number
  /** Routes a fault may name (Codat operationIds). */
  operationIds: readonly string[]
  /** The webhook sender's part of an export (`webhooks`): taken after the model, restored after its import. */
  webhooks?: {
    exportState(): unknown
    /** Throws nothing; `check` has accepted the value. */
    importState(v: unknown): void
    check(v: unknown): boolean
  }
}

const isoOf = (ms: number) => new Date(ms).toISOString()

function clockTarget(ctx: Ctx, body: unknown): number {
  if (!isObject(body))
    throw invalidRequest(ctx, 'Clock', [{ itemId: null, message: 'Send { now } or { advance }.' }])
  let target: number | undefined
  if (typeof body.now === 'string') target = Date.parse(body.now)
  else if (typeof body.advance === 'string') {
    const d = parseDuration(body.advance)
    target = d === undefined ? undefined : ctx.now + d
  }
  if (target === undefined || !Number.isFinite(target)) {
    throw invalidRequest(ctx, 'Clock', [
      {
        itemId: null,
        message: 'Send { "now": ISO-8601 instant } or { "advance": ISO-8601 duration like "P1D" }.',
      },
    ])
  }
  if (target < ctx.now) throw codatError(ctx, 400, 'The simulated clock cannot move backwards.')
  return target
}

/**
 * The `/_sim` control surface over one simulator's model (BEHAVIOUR §12): clock, QBO's link / Update /
 * feed switch / ledger view, forced push outcomes, faults, the event log, state export, import and reset.
 * Refusals are thrown `CodatError`s, answered here.
 */
export function createControl({ ctx, clock, tick, seed, operationIds, webhooks }: ControlDeps): ControlApi {
  const { state } = ctx
  const ticked = (f: () => SimResponse) => {
    tick()
    return answering(f)
  }
  const restart = (next: SimState, type: 'StateReset' | 'StateImported', data: Record<string, unknown>) => {
    for (const k of Object.keys(state) as (keyof SimState)[]) delete state[k]
    Object.assign(state, next)
    clock.set(next.nowMs)
    ctx.now = next.nowMs
    emit(state, ctx.now, type, data)
    return ok(200, { now: isoOf(ctx.now) })
  }
  return {
    getClock: () => ticked(() => ok(200, { now: isoOf(ctx.now) })),
    setClock: (body) =>
      ticked(() => {
        const target = clockTarget(ctx, body)
        const from = ctx.now
        clock.set(target)
        catchUp(ctx, target)
        emit(state, ctx.now, 'ClockMoved', { from: isoOf(from), to: isoOf(target) })
        return ok(200, { now: isoOf(ctx.now) })
      }),
    qboLink: (body) => ticked(() => qboLink(ctx, body)),
    qboUpdate: (body) => ticked(() => qboUpdate(ctx, body)),
    qboFeed: (body) => ticked(() => qboFeed(ctx, body)),
    qboAccounts: (companyId, connectionId) =>
      ticked(() =>
        qboView(ctx, resolveScope(ctx, CONTROL, 'connection', { companyId, connectionId }).connection),
      ),
    sage: sageControl(ctx, ticked),
    xero: createXeroControl(ctx, ticked),
    listConnections: (filter) => ticked(() => ok(200, listConnections(state, filter))),
    completePush: (key, body) =>
      ticked(() => forceComplete(ctx, key, isObject(body) ? body.status : undefined)),
    reset: (body) => {
      const b = isObject(body) ? body : {}
      const s = typeof b.seed === 'number' && Number.isInteger(b.seed) ? b.seed : seed
      const start =
        typeof b.now === 'string' && Number.isFinite(Date.parse(b.now)) ? Date.parse(b.now) : ctx.opts.now
      return restart(emptyState(start, seedPrng(s)), 'StateReset', { seed: s, now: isoOf(start) })
    },
    exportState: () =>
      ticked(() =>
        ok(
          200,
          webhooks ? { ...structuredClone(state), webhooks: webhooks.exportState() } : structuredClone(state),
        ),
      ),
    importState: (body) =>
      answering(() => {
        if (
          !isObject(body) ||
          body.version !== 1 ||
          !Array.isArray(body.rng) ||
          typeof body.nowMs !== 'number'
        ) {
          throw invalidRequest(ctx, 'State', [
            { itemId: null, message: 'Not an exported simulator state (version 1).' },
          ])
        }
        const { webhooks: hooked, ...model } = body
        if (hooked !== undefined && !webhooks?.check(hooked)) {
          throw invalidRequest(ctx, 'State', [
            { itemId: null, message: 'webhooks is not an exported webhook state.' },
          ])
        }
        const incoming = structuredClone(model) as unknown as SimState
        const res = restart(incoming, 'StateImported', { now: isoOf(incoming.nowMs) })
        // Old exports have no `webhooks`: the import leaves the sender empty (the restart cleared it).
        if (hooked !== undefined) webhooks?.importState(hooked)
        return res
      }),
    addFault: (body) => answering(() => addFault(ctx, body, [...operationIds])),
    listFaults: () => ok(200, state.faults),
    clearFaults: () => {
      const n = state.faults.length
      state.faults = []
      emit(state, ctx.now, 'FaultsCleared', { count: n })
      return ok(200, { cleared: n })
    },
    events: (q = {}) => {
      const since = Number(q.since ?? 0)
      return ok(
        200,
        state.events.filter((e) => e.seq > since && (q.type === undefined || e.type === q.type)),
      )
    },
  }
}
