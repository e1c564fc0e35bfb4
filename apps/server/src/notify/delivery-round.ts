import type { DueClaim, EventStore, StoredEvent } from '@feedsync/store'
import { WrongExpectedVersionError } from '@feedsync/store'
import { Webhook } from 'standardwebhooks'
import type { Clock } from '../clock.js'
import { DELIVERY_PREFIX, type Delivery, exhausted, foldDelivery, isDue, webhookIdOf } from './deliveries.js'
import type { Endpoint } from './endpoints.js'

/** Deliveries claimed at a time by a delivery round (claimed again while a claim comes back full). */
const DELIVERIES_PER_CLAIM = 100

/** What a delivery round needs: the outbox's settings and effects. */
export interface DeliveryRoundDeps {
  readonly store: EventStore
  readonly clock: Clock
  readonly owner: string
  readonly send: typeof fetch
  readonly timeoutMs: number
  readonly leaseTtlMs: number
  readonly log?: { warn(obj: object, msg: string): void } | undefined
}

/**
 * The outbox's sending side: claims the deliveries due now, attempts each (signed with Standard
 * Webhooks, under a per-delivery lease so one process sends each attempt) and settles it by what its
 * stream folds to after.
 */
export class DeliveryRound {
  /** This process's start-up pass over deliveries with no due row (`markMovedDue`), once. */
  private recovered: Promise<number> | undefined

  constructor(private readonly deps: DeliveryRoundDeps) {}

  /**
   * Attempts every due delivery (concurrently, each under its lease). Answers how many were
   * attempted. Deliveries are due rows of the store (`claimDue` with the delivery prefix): a round
   * reads only the deliveries due now, not every delivery ever scheduled.
   */
  async deliverDue(endpoints: readonly Endpoint[]): Promise<number> {
    const { store, clock } = this.deps
    const live = new Map(endpoints.map((e) => [e.id, e]))
    // No endpoint: no delivery can be attempted (a deleted endpoint's are skipped), so no clock read.
    if (live.size === 0) return 0
    // Once per process: deliveries scheduled before they were due rows (or moved since settled).
    this.recovered ??= store.markMovedDue(DELIVERY_PREFIX).catch((error: unknown) => {
      this.recovered = undefined
      throw error
    })
    await this.recovered
    const now = await clock.now()
    let attempted = 0
    for (;;) {
      const claims = await store.claimDue({
        owner: this.deps.owner,
        now,
        limit: DELIVERIES_PER_CLAIM,
        claimTtlMs: this.attemptTtlMs(),
        prefix: DELIVERY_PREFIX,
      })
      const results = await Promise.all(claims.map((c) => this.work(c, live, now)))
      attempted += results.filter(Boolean).length
      if (claims.length < DELIVERIES_PER_CLAIM) return attempted
    }
  }

  /** A live attempt keeps its lease and claim: at least the HTTP timeout. */
  private attemptTtlMs(): number {
    return Math.max(this.deps.leaseTtlMs, this.deps.timeoutMs + 5_000)
  }

  /**
   * One claimed delivery: attempted when due and its endpoint is live, then settled by what its
   * stream folds to after (pending: its next attempt; delivered, dead or its endpoint gone: none).
   * A crash before the settle leaves the claim to expire: the delivery is claimed again and settled
   * by its stream, so the due row can only be early, never late.
   */
  private async work(claim: DueClaim, live: ReadonlyMap<string, Endpoint>, now: string): Promise<boolean> {
    const { store } = this.deps
    const seen = foldDelivery(claim.key, await store.readStream(claim.key))
    const endpoint = seen === undefined ? undefined : live.get(seen.endpointId)
    let attempted = false
    let after = seen
    if (seen !== undefined && endpoint !== undefined && isDue(seen, Date.parse(now))) {
      const sent = await this.attempt(seen, endpoint)
      attempted = sent !== undefined
      // Not attempted here (another process's lease, a race): the stream says where it stands.
      after = sent ?? foldDelivery(claim.key, await store.readStream(claim.key))
    }
    const next = endpoint !== undefined && after?.status === 'pending' ? after.nextAttemptAt : null
    await store.settleDue({
      key: claim.key,
      wake: claim.wake,
      dueAt: next,
      streak: 0,
      version: after?.version ?? 0,
    })
    return attempted
  }

  /** Attempts the delivery under its lease; answers it as it stands after the attempt (undefined: not attempted). */
  private async attempt(seen: Delivery, endpoint: Endpoint): Promise<Delivery | undefined> {
    const { store, clock } = this.deps
    const lease = `webhook-delivery:${seen.stream}`
    const ttlMs = this.attemptTtlMs()
    if (!(await store.tryAcquireLease(lease, this.deps.owner, ttlMs))) return undefined
    try {
      // Another process may have attempted it between our read and the lease: read again.
      const stored = await store.readStream(seen.stream)
      const d = foldDelivery(seen.stream, stored)
      const now = await clock.now()
      if (d === undefined || !isDue(d, Date.parse(now))) return undefined
      // The signature's timestamp is wall-clock time, as Codat's (W14): a receiver checks it against its
      // own clock (±5 min), while `now` may be the simulator's virtual time (FEEDSYNC_CLOCK=simulator).
      const result = await this.post(d, endpoint, new Date())
      const attempt = { attempt: d.attempts.length + 1, at: now, ...result }
      const events = [{ type: 'DeliveryAttempted', data: attempt }]
      const attempted = [...stored, { ...fakeStored(d), type: 'DeliveryAttempted', data: attempt }]
      const after = foldDelivery(d.stream, attempted)
      if (after !== undefined && after.status === 'pending' && exhausted(after)) {
        events.push({ type: 'DeliveryDeadLettered', data: { at: now } as never })
      }
      await store.appendToStream(d.stream, d.version, events)
      if (events.length === 1) return after
      const dead = {
        ...fakeStored(d),
        version: d.version + 2,
        type: 'DeliveryDeadLettered',
        data: { at: now },
      }
      return foldDelivery(d.stream, [...attempted, dead])
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return undefined
      throw error
    } finally {
      await store.releaseLease(lease, this.deps.owner)
    }
  }

  private async post(
    d: Delivery,
    endpoint: Endpoint,
    timestamp: Date,
  ): Promise<{ ok: boolean; status?: number; error?: string }> {
    const id = webhookIdOf(d)
    const signature = new Webhook(endpoint.secret).sign(id, timestamp, d.payload)
    try {
      const response = await this.deps.send(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: d.payload,
        signal: AbortSignal.timeout(this.deps.timeoutMs),
        redirect: 'manual',
      })
      await response.body?.cancel()
      return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status }
    } catch (error) {
      const message = error instanceof Error ? error.name : 'error'
      this.deps.log?.warn(
        { endpointId: endpoint.id, eventId: d.eventId, error: message },
        'webhook delivery failed',
      )
      return { ok: false, error: message === 'TimeoutError' ? 'timeout' : 'unreachable' }
    }
  }
}

function fakeStored(d: Delivery): StoredEvent {
  const none = { globalPosition: '0', transactionId: '0', type: '', data: null, metadata: {} }
  return { ...none, stream: d.stream, version: d.version + 1, recordedAt: new Date(0) }
}
