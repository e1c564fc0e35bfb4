import type { Ctx, SimResponse } from '../codat/context.js'
import { codatError, invalidRequest } from '../codat/errors.js'
import { isObject } from '../kernel/objects.js'
import type { WebhookHub } from './hub.js'
import { type EndpointRec, noFaults, renderEndpoint } from './model.js'
import { newSecret } from './sign.js'

const bad = (ctx: Ctx, message: string) => invalidRequest(ctx, 'WebhookConsumer', [{ itemId: null, message }])

function isUrl(s: unknown): s is string {
  if (typeof s !== 'string') return false
  try {
    const u = new URL(s)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

/** `POST /webhooks` (W5): 201 with the consumer; 400 on a bad URL, no event type, bad or > 10 tags, > 50 endpoints. */
export function createWebhook(ctx: Ctx, hub: WebhookHub, tenant: string, body: unknown): SimResponse {
  if (!isObject(body)) throw bad(ctx, 'The request body must be a webhook consumer object.')
  if (!isUrl(body.url)) throw bad(ctx, 'url must be an absolute http(s) URL.')
  const types = body.eventTypes
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string' && t !== ''))
    throw bad(ctx, 'eventTypes must list at least one event type.')
  const tags = body.companyTags ?? []
  if (
    !Array.isArray(tags) ||
    tags.length > 10 ||
    !tags.every((t) => typeof t === 'string' && /^[^:]+:.+$/.test(t))
  )
    throw bad(ctx, 'companyTags must be at most 10 key:value strings.')
  if (body.disabled !== undefined && typeof body.disabled !== 'boolean')
    throw bad(ctx, 'disabled must be a boolean.')
  if (hub.endpoints.filter((e) => e.tenant === tenant).length >= 50)
    throw bad(ctx, 'At most 50 webhook consumers are allowed.')
  const e: EndpointRec = {
    id: ctx.rng.uuid(),
    tenant,
    url: body.url,
    disabled: body.disabled === true,
    eventTypes: [...new Set(types as string[])],
    companyTags: [...(tags as string[])],
    secret: newSecret(ctx.rng),
    headers: {},
    maxPerSecond: null,
    format: 'current',
    headerNames: 'webhook',
    timestampClock: 'wall',
    faults: noFaults(),
    failingSince: null,
  }
  hub.endpoints.push(e)
  return { status: 201, body: renderEndpoint(e), headers: {} }
}

/** Answers the Codat `/webhooks` routes for `tenant` (already authenticated), or undefined for other paths. */
export function webhookRoute(
  ctx: Ctx,
  hub: WebhookHub,
  tenant: string,
  method: string,
  path: string,
  body: unknown,
): SimResponse {
  if (path === '/webhooks') {
    if (method === 'POST') return createWebhook(ctx, hub, tenant, body)
    if (method === 'GET')
      return {
        status: 200,
        body: { results: hub.endpoints.filter((e) => e.tenant === tenant).map(renderEndpoint) },
        headers: {},
      }
    throw codatError(ctx, 405)
  }
  const id = decodeURIComponent(path.slice('/webhooks/'.length))
  if (method !== 'DELETE') throw codatError(ctx, 405)
  const e = hub.endpoint(id)
  if (!e || e.tenant !== tenant) throw codatError(ctx, 404, 'Webhook consumer not found.')
  hub.endpoints = hub.endpoints.filter((x) => x !== e)
  for (const m of hub.messages) if (m.endpointId === e.id) m.nextAt = null
  return { status: 204, headers: {} }
}
