import type { Ctx, SimResponse } from './context.js'

/** How a request with an Idempotency-Key starts: fresh, a replay, in flight (409) or a mismatch (422). */
export type IdempotencyStart =
  | { kind: 'fresh' }
  | { kind: 'replay'; response: SimResponse }
  | { kind: 'inFlight' }
  | { kind: 'mismatch' }

function slot(tenant: string, key: string): string {
  return `${tenant}|${key}`
}

/**
 * Idempotency-Key (BEHAVIOUR §2.4): the first response is kept for `idempotencyMinutes` of simulated time and
 * replayed; the same key with another request is a mismatch (422); while the first is running, 409.
 */
export function beginIdempotent(
  ctx: Ctx,
  tenant: string,
  key: string,
  fingerprint: string,
): IdempotencyStart {
  const store = ctx.state.idempotency
  const id = slot(tenant, key)
  const rec = store[id]
  if (rec && !rec.inFlight && rec.storedAt + ctx.opts.idempotencyMinutes * 60_000 <= ctx.now) delete store[id]
  const live = store[id]
  if (live) {
    if (live.inFlight) return { kind: 'inFlight' }
    if (live.fingerprint !== fingerprint) return { kind: 'mismatch' }
    if (live.response) {
      const r = live.response
      return { kind: 'replay', response: { status: r.status, body: r.body, headers: { ...r.headers } } }
    }
  }
  store[id] = { fingerprint, storedAt: ctx.now, inFlight: true, response: null }
  return { kind: 'fresh' }
}

/** Stores the response under the key; a 429 is never stored (the key is released). */
export function finishIdempotent(ctx: Ctx, tenant: string, key: string, response: SimResponse): void {
  const id = slot(tenant, key)
  if (response.status === 429) {
    delete ctx.state.idempotency[id]
    return
  }
  // Everything else is stored, including a response that a `drop: "after"` fault then loses: a retry with
  // the same key gets the response the caller never saw.
  ctx.state.idempotency[id] = {
    fingerprint: ctx.state.idempotency[id]?.fingerprint ?? '',
    storedAt: ctx.now,
    inFlight: false,
    response: {
      status: response.status,
      body: response.body === undefined ? null : JSON.parse(JSON.stringify(response.body)),
      headers: { ...response.headers },
    },
  }
}

/** Frees the key without storing anything (the request never reached the service: dropped before). */
export function releaseIdempotent(ctx: Ctx, tenant: string, key: string): void {
  delete ctx.state.idempotency[slot(tenant, key)]
}
