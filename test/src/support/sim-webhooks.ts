import type { HttpCaller, Reply } from './api-client.js'

/** The event types the engine consumes (PLATFORMS.md §4.1 W1), all subscribed by `registerCodatEndpoint`. */
export const CODAT_EVENT_TYPES = [
  'bankFeeds.sourceAccount.connected',
  'bankFeeds.sourceAccount.disconnected',
  'bankTransactions.write.successful',
  'bankTransactions.write.unsuccessful',
  'connection.created',
  'connection.connected',
  'connection.disconnected',
  'connection.reconnected',
  'connection.failed',
  'connection.deleted',
  'client.rateLimit.reached',
  'client.rateLimit.reset',
] as const

/** Faults on one simulator webhook endpoint (`POST /_sim/webhooks/{id}/faults`, PLATFORMS.md §4.6). */
export interface SimWebhookFaults {
  script?: (number | 'timeout' | 'reset')[]
  duplicate?: number
  reorder?: boolean
  badSignature?: number
  timestampSkewSeconds?: number
  drop?: boolean
}

/** One attempt of a simulator message (W7). */
export interface SimAttempt {
  at: string
  statusCode: number | null
  error: string | null
  duplicate?: boolean
}

/** One simulator message to one endpoint: `id` is the `webhook-id`. */
export interface SimMessage {
  id: string
  endpointId: string
  eventType: string
  status: 'Sending' | 'Attempting' | 'Success' | 'Failure'
  attempts: SimAttempt[]
}

function ok<T>(what: string, r: Reply<T>, ...statuses: number[]): T {
  if (!statuses.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/**
 * Registers `url` as a webhook consumer of every event type the engine reads, through Codat's real
 * `POST /webhooks` (W5), and reads its signing secret from `GET /_sim/webhooks/{id}/secret` (the
 * Portal's stand-in). `sim` is a caller of the simulator's Codat API (Basic key).
 */
export async function registerCodatEndpoint(
  sim: HttpCaller,
  url: string,
): Promise<{ endpointId: string; secret: string }> {
  const created = ok(
    'create webhook consumer',
    await sim.call<{ id: string }>('POST', '/webhooks', { url, eventTypes: [...CODAT_EVENT_TYPES] }),
    201,
    200,
  )
  const secret = await endpointSecret(sim, created.id)
  return { endpointId: created.id, secret }
}

/** The endpoint's `whsec_` secret (`GET /_sim/webhooks/{id}/secret`). */
export async function endpointSecret(sim: HttpCaller, endpointId: string): Promise<string> {
  const body = ok(
    'read webhook secret',
    await sim.call<{ secret: string } | string>('GET', `/_sim/webhooks/${endpointId}/secret`),
    200,
  )
  const secret = typeof body === 'string' ? body : body.secret
  if (typeof secret !== 'string' || !secret.startsWith('whsec_'))
    throw new Error(`read webhook secret: no whsec_ secret in ${JSON.stringify(body)}`)
  return secret
}

/** Arms faults on the endpoint. */
export async function armWebhookFaults(
  sim: HttpCaller,
  endpointId: string,
  faults: SimWebhookFaults,
): Promise<void> {
  ok('arm webhook faults', await sim.call('POST', `/_sim/webhooks/${endpointId}/faults`, faults), 200, 204)
}

/** Every message (with its attempts) of the endpoint, optionally of one event type. */
export async function webhookMessages(
  sim: HttpCaller,
  endpointId: string,
  eventType?: string,
): Promise<SimMessage[]> {
  const q = new URLSearchParams({ endpointId, ...(eventType === undefined ? {} : { eventType }) })
  const body = ok(
    'list webhook messages',
    await sim.call<SimMessage[] | { results: SimMessage[] }>('GET', `/_sim/webhooks/messages?${q}`),
    200,
  )
  return Array.isArray(body) ? body : body.results
}

/** Sends every attempt due now on the virtual clock and waits until they are answered. */
export async function drainWebhooks(sim: HttpCaller): Promise<void> {
  ok('drain webhooks', await sim.call('POST', '/_sim/webhooks/drain', {}), 200, 204)
}

/** Attempts per message of `messages` that the consumer answered 2xx. */
export function deliveredAttempts(m: SimMessage): SimAttempt[] {
  return m.attempts.filter((a) => a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300)
}
