import type { Ctx, SimResponse } from '../codat/context.js'
import { codatError, invalidRequest } from '../codat/errors.js'
import { isoInstant } from '../kernel/dates.js'
import { isObject } from '../kernel/objects.js'
import type { WebhookHub } from './hub.js'
import { type EndpointRec, type MessageRec, type ScriptStep, subscribed } from './model.js'

const ok = (status: number, body?: unknown): SimResponse =>
  body === undefined ? { status, headers: {} } : { status, body, headers: {} }
const bad = (ctx: Ctx, message: string) => invalidRequest(ctx, 'Webhook', [{ itemId: null, message }])
const count = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0)

function renderMessage(m: MessageRec) {
  return {
    id: m.id,
    endpointId: m.endpointId,
    eventType: m.eventType,
    envelopeId: m.envelopeId,
    status: m.status,
    createdAt: isoInstant(m.createdAt),
    nextAttemptAt: m.nextAt === null ? null : isoInstant(m.nextAt),
    held: m.held,
    body: JSON.parse(m.body) as unknown,
    attempts: m.attempts.map((a) => ({ ...a })),
  }
}

function faults(ctx: Ctx, e: EndpointRec, b: Record<string, unknown>): SimResponse {
  const script = b.script ?? []
  const stepOk = (s: unknown) =>
    s === 'timeout' || s === 'reset' || (Number.isInteger(s) && (s as number) >= 100 && (s as number) <= 599)
  if (!Array.isArray(script) || !script.every(stepOk))
    throw bad(ctx, 'script lists HTTP statuses, "timeout" or "reset".')
  if (!count(b.duplicate) || !count(b.badSignature)) throw bad(ctx, 'duplicate and badSignature are counts.')
  if (b.timestampSkewSeconds !== undefined && !Number.isInteger(b.timestampSkewSeconds))
    throw bad(ctx, 'timestampSkewSeconds must be an integer.')
  for (const k of ['reorder', 'drop'])
    if (b[k] !== undefined && typeof b[k] !== 'boolean') throw bad(ctx, `${k} must be a boolean.`)
  e.faults = {
    script: script as ScriptStep[],
    duplicate: (b.duplicate as number | undefined) ?? 0,
    reorder: b.reorder === true,
    badSignature: (b.badSignature as number | undefined) ?? 0,
    timestampSkewSeconds: (b.timestampSkewSeconds as number | undefined) ?? 0,
    drop: b.drop === true,
  }
  return ok(200, { faults: e.faults })
}

const ENUMS: Record<string, readonly string[]> = {
  format: ['current', 'legacy'],
  headerNames: ['webhook', 'svix', 'both'],
  timestampClock: ['wall', 'virtual'],
}

function update(ctx: Ctx, e: EndpointRec, b: Record<string, unknown>): SimResponse {
  if (b.secret !== undefined && (typeof b.secret !== 'string' || !/^whsec_[A-Za-z0-9+/=]+$/.test(b.secret)))
    throw bad(ctx, 'secret must be whsec_ + base64.')
  const h = b.headers
  if (h !== undefined && (!isObject(h) || !Object.values(h).every((v) => typeof v === 'string')))
    throw bad(ctx, 'headers must map names to strings.')
  if (b.disabled !== undefined && typeof b.disabled !== 'boolean')
    throw bad(ctx, 'disabled must be a boolean.')
  const mps = b.maxPerSecond
  if (mps !== undefined && mps !== null && !(Number.isInteger(mps) && (mps as number) > 0))
    throw bad(ctx, 'maxPerSecond must be a positive integer or null.')
  for (const [k, values] of Object.entries(ENUMS))
    if (b[k] !== undefined && !values.includes(b[k] as string))
      throw bad(ctx, `${k} must be one of ${values.join(', ')}.`)
  if (typeof b.secret === 'string') e.secret = b.secret
  if (h !== undefined) e.headers = { ...(h as Record<string, string>) }
  if (typeof b.disabled === 'boolean') e.disabled = b.disabled
  if (mps !== undefined) e.maxPerSecond = mps as number | null
  if (b.format !== undefined) e.format = b.format as EndpointRec['format']
  if (b.headerNames !== undefined) e.headerNames = b.headerNames as EndpointRec['headerNames']
  if (b.timestampClock !== undefined) e.timestampClock = b.timestampClock as EndpointRec['timestampClock']
  return ok(200, { id: e.id, disabled: e.disabled })
}

function sinceOf(ctx: Ctx, b: unknown): number {
  const s = isObject(b) ? b.since : undefined
  const t = typeof s === 'string' ? Date.parse(s) : Number.NaN
  if (!Number.isFinite(t)) throw bad(ctx, 'since must be an ISO instant.')
  return t
}

/** `recover` (failed messages since) or `replay` (events since that the endpoint never got) (W8). */
function resend(ctx: Ctx, hub: WebhookHub, e: EndpointRec, kind: 'recover' | 'replay', since: number) {
  let n = 0
  if (kind === 'recover') {
    for (const m of hub.messages) {
      if (m.endpointId !== e.id || m.status !== 'Failure' || m.createdAt < since) continue
      m.status = 'Sending'
      m.roundStart = m.attempts.length
      m.nextAt = ctx.now
      n += 1
    }
  } else {
    for (const env of hub.envelopes) {
      if (env.at < since || !subscribed(e, env)) continue
      if (hub.messages.some((m) => m.endpointId === e.id && m.id === env.msgId)) continue
      hub.enqueue(e, env, ctx.now)
      n += 1
    }
  }
  setImmediate(() => hub.pump())
  return ok(200, { [kind === 'recover' ? 'recovered' : 'replayed']: n })
}

/** Answers a `/_sim/webhooks...` request (control key checked, clock caught up by the caller). */
export async function webhookControl(
  ctx: Ctx,
  hub: WebhookHub,
  method: string,
  path: string,
  query: Record<string, string | undefined>,
  body: unknown,
): Promise<SimResponse> {
  const parts = path.split('/').slice(3).map(decodeURIComponent)
  if (parts.length === 1 && parts[0] === 'messages' && method === 'GET') {
    const list = hub.messages.filter(
      (m) =>
        (query.endpointId === undefined || m.endpointId === query.endpointId) &&
        (query.eventType === undefined || m.eventType === query.eventType),
    )
    return ok(200, { now: isoInstant(ctx.now), inFlight: hub.inFlight(), results: list.map(renderMessage) })
  }
  if (parts.length === 1 && parts[0] === 'drain' && method === 'POST') {
    await hub.drain()
    const pending = hub.messages.filter((m) => m.nextAt !== null).length
    return ok(200, { now: isoInstant(ctx.now), inFlight: 0, scheduled: pending })
  }
  const e = parts[0] === undefined ? undefined : hub.endpoint(parts[0])
  if (!e) throw codatError(ctx, 404, 'No such webhook endpoint.')
  const b = isObject(body) ? body : {}
  const action = parts.length === 1 ? '' : parts.slice(1).join('/')
  if (action === '' && method === 'PUT') return update(ctx, e, b)
  if (action === 'secret' && method === 'GET') return ok(200, { secret: e.secret })
  if (action === 'faults' && method === 'POST') return faults(ctx, e, b)
  if ((action === 'recover' || action === 'replay') && method === 'POST')
    return resend(ctx, hub, e, action, sinceOf(ctx, body))
  if (action === 'enable' && method === 'POST') {
    e.disabled = false
    e.failingSince = null
    setImmediate(() => hub.pump())
    return ok(200, { id: e.id, disabled: false })
  }
  throw codatError(ctx, 404, 'No such control endpoint.')
}
