import type { Ctx } from '../codat/context.js'
import type { SimEventType } from '../codat/events.js'
import { isoInstant } from '../kernel/dates.js'
import { type AttemptResult, attemptRec, postJson } from './deliver.js'
import {
  AUTO_DISABLE_MS,
  type EndpointRec,
  type EnvelopeRec,
  type MessageRec,
  RETRY_GAPS_MS,
  type ScriptStep,
  subscribed,
  TIMEOUT_MS,
} from './model.js'
import { nextMidnight, rateLimitPayload, type WebhookEvent, webhookEventsFor } from './payloads.js'
import { newMessageId, sign } from './sign.js'
import { type HubSnapshot, RateWindow } from './snapshot.js'

/**
 * The webhook sender (PLATFORMS.md §4): turns emitted simulator events into messages, sends attempts over
 * real HTTP at their virtual due time, retries on the W7 schedule, applies the armed faults.
 */
export class WebhookHub {
  endpoints: EndpointRec[] = []
  envelopes: EnvelopeRec[] = []
  messages: MessageRec[] = []
  private readonly inflight = new Map<MessageRec, Promise<void>>()
  private seq = 0
  /** Tenants whose daily quota was reached, with the 00:00 UTC their `.reset` is due. */
  private readonly reached = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
  /** Virtual start times of recent attempts per endpoint (the `maxPerSecond` window). */
  private readonly starts = new RateWindow()

  /** `now` catches the simulator up and returns the virtual time; `running` arms wall timers for retries. */
  constructor(
    private readonly ctx: Ctx,
    private readonly now: () => number,
    private readonly running: boolean,
  ) {}

  /** The `onEmit` hook: renders the §4.5 events of one simulator event and queues one message per endpoint. */
  onEvent(at: number, type: SimEventType, data: Record<string, unknown>): void {
    if (type === 'StateReset' || type === 'StateImported') {
      this.endpoints = []
      this.envelopes = []
      this.messages = []
      this.reached.clear()
      this.starts.clear()
      return
    }
    for (const ev of webhookEventsFor(this.ctx, type, data)) this.publish(ev, at)
    setImmediate(() => this.pump())
  }

  /** One envelope for `ev` at virtual time `at`, queued for every subscribed enabled endpoint. */
  private publish(ev: WebhookEvent, at: number): void {
    if (ev.eventType === 'client.rateLimit.reached' && ev.tenant !== undefined) {
      // Sent once when the quota is reached (every later 429 that day emits RateLimited again).
      if (this.reached.has(ev.tenant)) return
      this.reached.set(ev.tenant, nextMidnight(at))
    }
    {
      const envelope = {
        id: this.ctx.rng.uuid(),
        eventType: ev.eventType,
        generatedDate: isoInstant(at),
        payload: ev.payload,
      }
      const env: EnvelopeRec = {
        msgId: newMessageId(this.ctx.rng),
        eventType: ev.eventType,
        body: JSON.stringify(envelope),
        at,
        company: ev.company,
        tenant: ev.tenant ?? null,
      }
      this.envelopes.push(env)
      for (const e of this.endpoints) if (!e.disabled && subscribed(e, env)) this.enqueue(e, env, at)
    }
  }

  /** `client.rateLimit.reset` at the 00:00 UTC after each reach, once the clock has passed it. */
  private resets(now: number): void {
    for (const [tenant, at] of [...this.reached]) {
      if (at > now) continue
      this.reached.delete(tenant)
      const payload = rateLimitPayload(this.ctx, tenant, at, null)
      this.publish({ eventType: 'client.rateLimit.reset', company: null, tenant, payload }, at)
    }
  }

  /** A new message of `env` to `e`, first attempt due at `at`. */
  enqueue(e: EndpointRec, env: EnvelopeRec, at: number): MessageRec {
    this.seq += 1
    const held = e.faults.reorder
    e.faults.reorder = false
    const m: MessageRec = {
      id: env.msgId,
      endpointId: e.id,
      eventType: env.eventType,
      envelopeId: (JSON.parse(env.body) as { id: string }).id,
      body: env.body,
      createdAt: env.at,
      status: 'Sending',
      attempts: [],
      nextAt: at,
      roundStart: 0,
      held,
      seq: this.seq,
    }
    this.messages.push(m)
    return m
  }

  /** Starts every attempt due at the current virtual time, in time order; arms a wall timer when running. */
  pump(): void {
    const now = this.now()
    this.resets(now)
    const due = this.messages
      .filter((m) => m.nextAt !== null && m.nextAt <= now && !m.held && !this.inflight.has(m))
      .filter((m) => {
        const e = this.endpoint(m.endpointId)
        return e !== undefined && !e.disabled
      })
      .sort((a, b) => (a.nextAt as number) - (b.nextAt as number) || a.seq - b.seq)
    const full = new Set<string>()
    let again = false
    for (const m of due) {
      const e = this.endpoint(m.endpointId) as EndpointRec
      if (full.has(e.id)) continue
      const wait = this.starts.take(e, m.nextAt as number)
      if (wait !== null) {
        // This second is used up: this and every later due message of the endpoint wait, in order.
        full.add(e.id)
        for (const o of due)
          if (o.endpointId === e.id && !this.inflight.has(o) && o.nextAt !== null)
            o.nextAt = Math.max(o.nextAt, wait)
        if (wait <= now) again = true
        continue
      }
      const at = m.nextAt as number
      m.nextAt = null
      const p = this.attempt(m, at).finally(() => {
        this.inflight.delete(m)
        this.pump()
      })
      this.inflight.set(m, p)
    }
    // A message deferred to a second the clock has already passed starts now, at its spaced virtual time.
    if (again) this.pump()
    else this.arm(now)
  }

  /** The sender's state for `GET /_sim/state`: endpoints (with secrets and faults), events, messages, windows. */
  exportState(): HubSnapshot {
    const now = this.now()
    const messages = this.messages.map((m) => {
      const c = structuredClone(m)
      // An attempt in flight at export is sent again after import, at the export's virtual time.
      if (this.inflight.has(m)) c.nextAt = now
      return c
    })
    return {
      endpoints: structuredClone(this.endpoints),
      envelopes: structuredClone(this.envelopes),
      messages,
      seq: this.seq,
      reached: [...this.reached],
      starts: this.starts.entries(),
    }
  }

  /** Replaces the sender's state with an exported one (after the model's import); pending retries resume. */
  importState(s: HubSnapshot): void {
    const c = structuredClone(s)
    this.endpoints = c.endpoints
    this.envelopes = c.envelopes
    this.messages = c.messages
    this.seq = c.seq
    this.reached.clear()
    for (const [k, v] of c.reached) this.reached.set(k, v)
    this.starts.load(c.starts)
    setImmediate(() => this.pump())
  }

  /** Resolves when no attempt is in flight and none is due at the current virtual time. */
  async drain(): Promise<void> {
    for (;;) {
      this.pump()
      if (this.inflight.size === 0) return
      await Promise.race(this.inflight.values())
    }
  }

  /** How many attempts are in flight now. */
  inFlight(): number {
    return this.inflight.size
  }

  /** The endpoint with this id, if it exists. */
  endpoint(id: string): EndpointRec | undefined {
    return this.endpoints.find((e) => e.id === id)
  }

  private arm(now: number): void {
    if (!this.running) return
    if (this.timer) clearTimeout(this.timer)
    const next = this.messages.reduce<number | null>(
      (a, m) => (m.nextAt === null || m.held ? a : a === null ? m.nextAt : Math.min(a, m.nextAt)),
      null,
    )
    if (next === null || next <= now) return
    this.timer = setTimeout(() => this.pump(), next - now)
    this.timer.unref()
  }

  /** Signed headers of one attempt; `wire`: it really goes out (only those use up a `badSignature`). */
  private headers(e: EndpointRec, m: MessageRec, at: number, wire = true): Record<string, string> {
    const wall = e.timestampClock === 'wall' ? Date.now() : at
    const ts = Math.floor(wall / 1000) + e.faults.timestampSkewSeconds
    let signature = sign(e.secret, m.id, ts, m.body)
    if (wire && e.faults.badSignature > 0) {
      e.faults.badSignature -= 1
      signature = sign(e.secret, m.id, ts + 1, `${m.body} `)
    }
    const h: Record<string, string> = { ...e.headers }
    for (const prefix of e.headerNames === 'both' ? ['webhook', 'svix'] : [e.headerNames]) {
      h[`${prefix}-id`] = m.id
      h[`${prefix}-timestamp`] = String(ts)
      h[`${prefix}-signature`] = signature
    }
    return h
  }

  private async attempt(m: MessageRec, at: number): Promise<void> {
    const e = this.endpoint(m.endpointId) as EndpointRec
    for (const other of this.messages) {
      if (other.held && other.endpointId === e.id && other !== m) other.held = false
    }
    const step: ScriptStep | undefined = e.faults.drop ? 'reset' : e.faults.script.shift()
    const wire =
      step === undefined || step === 'timeout' || (typeof step === 'number' && step >= 200 && step < 300)
    const headers = this.headers(e, m, at, wire)
    let result: AttemptResult
    let failAt = at
    if (step === 'reset') result = { error: e.faults.drop ? 'dropped' : 'reset', latencyMs: 0 }
    else if (typeof step === 'number' && (step < 200 || step > 299)) result = { status: step, latencyMs: 0 }
    else if (step === 'timeout') {
      await postJson(e.url, headers, m.body, TIMEOUT_MS)
      result = { error: 'timeout', latencyMs: TIMEOUT_MS }
      failAt = at + TIMEOUT_MS
    } else result = await postJson(e.url, headers, m.body, TIMEOUT_MS)
    const okStatus = 'status' in result && result.status >= 200 && result.status < 300
    m.attempts.push(attemptRec(at, headers, result))
    if (okStatus) {
      m.status = 'Success'
      e.failingSince = null
      await this.duplicates(e, m, at)
      return
    }
    e.failingSince ??= failAt
    if (failAt - e.failingSince >= AUTO_DISABLE_MS) e.disabled = true
    const n = m.attempts.slice(m.roundStart).filter((a) => !a.duplicate).length
    const gap = RETRY_GAPS_MS[n]
    if (gap === undefined) m.status = 'Failure'
    else {
      m.status = 'Attempting'
      m.nextAt = failAt + gap
    }
  }

  private async duplicates(e: EndpointRec, m: MessageRec, at: number): Promise<void> {
    while (e.faults.duplicate > 0) {
      e.faults.duplicate -= 1
      const headers = this.headers(e, m, at)
      m.attempts.push(attemptRec(at, headers, await postJson(e.url, headers, m.body, TIMEOUT_MS), true))
    }
  }
}
