import type { CompanyRec } from '../codat/state.js'

/** Message status (PLATFORMS.md W7). */
export type MessageStatus = 'Sending' | 'Attempting' | 'Success' | 'Failure'

/** One scripted attempt outcome (§4.6): an HTTP status, no answer within 15 virtual s, or a reset. */
export type ScriptStep = number | 'timeout' | 'reset'

/** Faults armed on one endpoint (`POST /_sim/webhooks/{id}/faults`). */
export interface WebhookFaults {
  script: ScriptStep[]
  duplicate: number
  reorder: boolean
  badSignature: number
  timestampSkewSeconds: number
  drop: boolean
}

/** A webhook consumer (W5) plus what only the Portal sets (secret, headers) and the SIM settings. */
export interface EndpointRec {
  id: string
  tenant: string
  url: string
  disabled: boolean
  eventTypes: string[]
  companyTags: string[]
  secret: string
  headers: Record<string, string>
  maxPerSecond: number | null
  format: 'current' | 'legacy'
  headerNames: 'webhook' | 'svix' | 'both'
  timestampClock: 'wall' | 'virtual'
  faults: WebhookFaults
  /** Virtual time of the first failure of the current failing streak (W8), or null. */
  failingSince: number | null
}

/** One delivery attempt: virtual and wall time, the answer (status or error), latency, signing timestamp. */
export interface AttemptRec {
  at: string
  wallAt: string
  statusCode: number | null
  error: string | null
  latencyMs: number
  timestamp: number
  /** Sent again on purpose by the `duplicate` fault. */
  duplicate?: boolean
}

/** One message to one endpoint; `id` is the `webhook-id` (W9/W14), stable across attempts and recoveries. */
export interface MessageRec {
  id: string
  endpointId: string
  eventType: string
  envelopeId: string
  /** The raw body sent (signed as is). */
  body: string
  createdAt: number
  status: MessageStatus
  attempts: AttemptRec[]
  /** Virtual time the next attempt is due, or null when none is scheduled. */
  nextAt: number | null
  /** Index in `attempts` where the current round (first send, recover, replay) began. */
  roundStart: number
  /** Held by the `reorder` fault until the endpoint's next message is sent. */
  held: boolean
  seq: number
}

/** Gaps before attempt 1..8, each counted from the previous failure (W7). */
export const RETRY_GAPS_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]

/** An endpoint failing every attempt this long is disabled (W8). */
export const AUTO_DISABLE_MS = 5 * 86_400_000

/** Attempt timeout (W6). */
export const TIMEOUT_MS = 15_000

/** No faults armed. */
export function noFaults(): WebhookFaults {
  return { script: [], duplicate: 0, reorder: false, badSignature: 0, timestampSkewSeconds: 0, drop: false }
}

/** The consumer as Codat's API shows it (W5): no secret, no headers. */
export function renderEndpoint(e: EndpointRec) {
  return {
    id: e.id,
    url: e.url,
    disabled: e.disabled,
    eventTypes: [...e.eventTypes],
    companyTags: [...e.companyTags],
  }
}

/** One event as sent to every subscribed endpoint: the envelope (W1) and its `webhook-id` (W14). */
export interface EnvelopeRec {
  msgId: string
  eventType: string
  body: string
  at: number
  company: CompanyRec | null
  /** Tenant of a client-level event; null with `company` null means every tenant. */
  tenant: string | null
}

/** Whether `e` gets `env`: subscribed type, same tenant (client-level events: every tenant), tag filter (W5). */
export function subscribed(e: EndpointRec, env: EnvelopeRec): boolean {
  if (!e.eventTypes.includes(env.eventType)) return false
  const c = env.company
  if (!c) return env.tenant === null || env.tenant === e.tenant
  if (c.tenant !== e.tenant) return false
  if (e.companyTags.length === 0) return true
  return e.companyTags.some((t) => {
    const i = t.indexOf(':')
    return c.tags[t.slice(0, i)] === t.slice(i + 1)
  })
}
