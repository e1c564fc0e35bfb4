import type { Ctx, SimResponse } from '../codat/context.js'
import { ok } from '../codat/context.js'
import { invalidRequest, type Problem } from '../codat/errors.js'
import { emit } from '../codat/events.js'
import type { FaultRec } from '../codat/state.js'
import { isObject } from '../kernel/objects.js'

/**
 * POST /_sim/faults: `{ route: operationId | "*", latencyMs?, status?, retryAfterSeconds?, drop?, after?, count?,
 * probability? }`. `after: 1, count: 1, status: 429` fails the 2nd matching call, then lets calls through;
 * `probability` draws from the seeded PRNG. `drop: true|"before"` destroys the socket without processing;
 * `drop: "after"` processes the request and then destroys the socket (the response is lost). A fault is
 * Codat's own answer, drawn after the Idempotency-Key is consulted and stored under it (BEHAVIOUR §2.4),
 * unless `edge: true`: then it is the edge's, drawn before the key and never stored. `stuck: true` (route
 * create-bank-transactions only) lets the write through and keeps its operation Pending (PLATFORMS.md S22).
 */
export function addFault(ctx: Ctx, body: unknown, knownRoutes: string[]): SimResponse {
  const problems: Problem[] = []
  if (!isObject(body))
    throw invalidRequest(ctx, 'Fault', [{ itemId: null, message: 'A JSON object is required.' }])
  const route = body.route ?? '*'
  if (typeof route !== 'string' || (route !== '*' && !knownRoutes.includes(route))) {
    problems.push({
      itemId: 'route',
      message: `route must be * or an operationId (${knownRoutes.join(', ')}).`,
    })
  }
  const int = (k: string, min: number): number | null => {
    const v = body[k]
    if (v === undefined || v === null) return null
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      problems.push({ itemId: k, message: `${k} must be an integer >= ${min}.` })
      return null
    }
    return v
  }
  const latencyMs = int('latencyMs', 0) ?? 0
  const status = int('status', 400)
  if (status !== null && status > 599) problems.push({ itemId: 'status', message: 'status must be 400-599.' })
  const retryAfterSeconds = int('retryAfterSeconds', 0)
  const after = int('after', 0) ?? 0
  const count = int('count', 1)
  const p = body.probability
  if (p !== undefined && p !== null && (typeof p !== 'number' || p < 0 || p > 1)) {
    problems.push({ itemId: 'probability', message: 'probability must be between 0 and 1.' })
  }
  const d = body.drop
  const drop = d === true || d === 'before' ? 'before' : d === 'after' ? 'after' : null
  if (d !== undefined && d !== false && d !== null && drop === null) {
    problems.push({ itemId: 'drop', message: 'drop must be true, "before" or "after".' })
  }
  const edge = body.edge ?? false
  if (typeof edge !== 'boolean') problems.push({ itemId: 'edge', message: 'edge must be true or false.' })
  const stuck = body.stuck ?? false
  if (typeof stuck !== 'boolean') problems.push({ itemId: 'stuck', message: 'stuck must be true or false.' })
  else if (
    stuck &&
    (route !== 'create-bank-transactions' || edge === true || status !== null || drop !== null)
  ) {
    problems.push({
      itemId: 'stuck',
      message: 'stuck applies to route create-bank-transactions only, without status, drop or edge.',
    })
  }
  if (latencyMs === 0 && status === null && drop === null && stuck !== true) {
    problems.push({ itemId: null, message: 'A fault needs latencyMs, status, drop or stuck.' })
  }
  if (problems.length) throw invalidRequest(ctx, 'Fault', problems)
  const fault: FaultRec = {
    id: ctx.rng.uuid(),
    route: route as string,
    latencyMs,
    status,
    retryAfterSeconds,
    drop,
    edge: edge === true,
    ...(stuck === true ? { stuck: true } : {}),
    after,
    count,
    probability: typeof p === 'number' ? p : null,
    seen: 0,
    applied: 0,
  }
  ctx.state.faults.push(fault)
  emit(ctx.state, ctx.now, 'FaultInjected', { ...fault })
  return ok(200, fault)
}

/**
 * Counts the call against every matching fault of one side (`edge`: before the Idempotency-Key; else
 * Codat's own, after it); returns the first that applies to it.
 */
export function pickFault(ctx: Ctx, operationId: string, edge: boolean): FaultRec | undefined {
  let chosen: FaultRec | undefined
  for (const f of ctx.state.faults) {
    if (f.route !== '*' && f.route !== operationId) continue
    if ((f.edge === true) !== edge) continue
    f.seen++
    if (chosen) continue
    if (f.seen <= f.after) continue
    if (f.count !== null && f.applied >= f.count) continue
    if (f.probability !== null && ctx.rng.float() >= f.probability) continue
    f.applied++
    chosen = f
  }
  if (chosen) emit(ctx.state, ctx.now, 'FaultApplied', { faultId: chosen.id, route: operationId })
  return chosen
}
