import { randomUUID } from 'node:crypto'
import type { PlannedLine } from '@feedsync/core'
import {
  comparePositions,
  type EventStore,
  type Position,
  type StoredEvent,
  WrongExpectedVersionError,
} from '@feedsync/store'
import type { Clock } from '../clock.js'
import { ACCOUNT_PREFIX } from '../streams.js'
import { deliveryStream } from './deliveries.js'
import { DeliveryRound } from './delivery-round.js'
import { type Endpoint, EndpointRegistry, tenantOfTests } from './endpoints.js'
import { type OutboundEvent, outboundEvents } from './events.js'

/** The outbox's checkpoint (a snapshot only, never events: it holds the last position fanned out). */
export const OUTBOX_STREAM = 'webhook-outbox'
const FANOUT_LEASE = 'webhook-outbox-fanout'

/** Where an account's company belongs (a tenant), from the company streams. */
export type TenantOfCompany = (companyId: string) => Promise<string | undefined>

/** The outbox's settings and effects. */
export interface OutboxDeps {
  readonly store: EventStore
  readonly clock: Clock
  readonly tenantOfCompany: TenantOfCompany
  /** How deliveries are sent (default global fetch). */
  readonly fetch?: typeof fetch
  /** Per-attempt HTTP timeout (default 10 s). */
  readonly timeoutMs?: number
  /** Events read per fan-out page (default 200). */
  readonly pageSize?: number
  /** Distinguishes this process in leases (default a random id). */
  readonly owner?: string
  /** How long its fan-out and delivery leases outlive a dead process (FEEDSYNC_LEASE_TTL_MS; default 60 s). */
  readonly leaseTtlMs?: number
  readonly log?: { warn(obj: object, msg: string): void }
}

/**
 * The webhook outbox: follows the store's gap-safe `readAll` from a stored checkpoint, turns each
 * domain fact into outbound events, schedules one delivery per subscribed endpoint (one stream each,
 * created once whatever the number of processes), and delivers due ones signed with Standard
 * Webhooks, each under a lease so only one process sends it; a failure waits by `RETRY_DELAYS_MS`
 * on the injected clock and is dead-lettered after the last.
 */
export class Outbox {
  private readonly registry: EndpointRegistry
  private readonly owner: string
  private readonly leaseTtlMs: number
  private readonly deliveries: DeliveryRound

  constructor(private readonly deps: OutboxDeps) {
    this.registry = new EndpointRegistry(deps.store, deps.clock)
    this.owner = deps.owner ?? `outbox-${randomUUID()}`
    this.leaseTtlMs = deps.leaseTtlMs ?? 60_000
    this.deliveries = new DeliveryRound({
      store: deps.store,
      clock: deps.clock,
      owner: this.owner,
      send: deps.fetch ?? fetch,
      timeoutMs: deps.timeoutMs ?? 10_000,
      leaseTtlMs: this.leaseTtlMs,
      log: deps.log,
    })
  }

  private loop: Promise<void> | undefined
  private stopping = false

  /** Runs `tick` every `intervalMs` until `stop` (a failed round is logged and retried next time). */
  start(intervalMs = 1000, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): void {
    if (this.loop !== undefined) return
    this.stopping = false
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.tick()
        } catch (error) {
          this.deps.log?.warn(
            { error: error instanceof Error ? error.message : 'error' },
            'webhook outbox round failed',
          )
        }
        if (!this.stopping) await sleep(intervalMs)
      }
    })()
  }

  /** Stops the loop after the current round. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.loop
    this.loop = undefined
  }

  /** One round: fan out what the log holds, then deliver what is due. Answers deliveries attempted. */
  async tick(): Promise<number> {
    const endpoints = await this.registry.all() // read once a round, for both steps
    await this.fanOut(endpoints)
    return this.deliverDue(endpoints)
  }

  /** Reads the log after the checkpoint (under a lease) and schedules deliveries. Answers events read. */
  async fanOut(known?: readonly Endpoint[]): Promise<number> {
    const { store } = this.deps
    // No endpoint anywhere: nothing to fan out to, and an endpoint made later takes only events after
    // its own position, so the checkpoint may stay behind (this keeps an idle outbox to one query).
    const endpoints = known ?? (await this.registry.all())
    if (endpoints.length === 0) return 0
    if (!(await store.tryAcquireLease(FANOUT_LEASE, this.owner, this.leaseTtlMs))) return 0
    let read = 0
    try {
      const snapshot = await store.loadSnapshot(OUTBOX_STREAM)
      let version = snapshot?.version ?? 0
      let after = snapshot?.state as Position | undefined
      for (;;) {
        const page = await store.readAll({ after, limit: this.deps.pageSize ?? 200 })
        if (page.events.length === 0 || page.position === undefined) break
        for (const event of page.events) await this.schedule(event, endpoints)
        read += page.events.length
        const next = page.position
        // The checkpoint is a snapshot, not an event: an event here would be in the log this loop
        // reads, so every page would yield one more page and the fan-out would never end.
        version += 1
        await store.saveSnapshot(OUTBOX_STREAM, version, next)
        after = next
        // A backlog longer than the TTL keeps the lease page by page (lost: another process goes on).
        if (!(await store.renewLease(FANOUT_LEASE, this.owner, this.leaseTtlMs))) break
      }
    } finally {
      await store.releaseLease(FANOUT_LEASE, this.owner)
    }
    return read
  }

  private async schedule(event: StoredEvent, endpoints: readonly Endpoint[]): Promise<void> {
    // An event no endpoint is after (older than every endpoint) is skipped before it is read further.
    if (!endpoints.some((endpoint) => comparePositions(event, endpoint.position) > 0)) return
    const found = await this.eventsOf(event)
    if (found === undefined) return
    for (const out of found.events) {
      for (const endpoint of endpoints) {
        if (endpoint.tenant !== found.tenant || !endpoint.events.includes(out.type)) continue
        if (comparePositions(event, endpoint.position) <= 0) continue
        if (out.type === 'webhook.test' && found.endpointId !== endpoint.id) continue
        await this.createDelivery(endpoint, out)
      }
    }
  }

  private async eventsOf(
    event: StoredEvent,
  ): Promise<{ tenant: string; events: OutboundEvent[]; endpointId?: string } | undefined> {
    const webhookTenant = tenantOfTests(event.stream)
    if (webhookTenant !== undefined) {
      if (event.type !== 'WebhookTestRequested') return undefined
      const data = event.data as { endpointId: string; at: string }
      const test: OutboundEvent = {
        id: `evt_${event.globalPosition}_0`,
        type: 'webhook.test',
        timestamp: data.at,
        data: { endpointId: data.endpointId },
      }
      return { tenant: webhookTenant, events: [test], endpointId: data.endpointId }
    }
    if (!event.stream.startsWith(ACCOUNT_PREFIX)) return undefined
    const rest = event.stream.slice(ACCOUNT_PREFIX.length)
    const colon = rest.indexOf(':')
    const companyId = rest.slice(0, colon)
    const accountId = rest.slice(colon + 1)
    const plannedLines = (batchId: string) => plannedLinesBefore(this.deps.store, event, batchId)
    const events = await outboundEvents(event, { companyId, accountId, plannedLines })
    if (events.length === 0) return undefined
    const tenant = await this.deps.tenantOfCompany(companyId)
    return tenant === undefined ? undefined : { tenant, events }
  }

  private async createDelivery(endpoint: Endpoint, out: OutboundEvent): Promise<void> {
    const payload = JSON.stringify({ id: out.id, type: out.type, timestamp: out.timestamp, data: out.data })
    const at = await this.deps.clock.now()
    const data = {
      tenant: endpoint.tenant,
      endpointId: endpoint.id,
      eventId: out.id,
      type: out.type,
      payload,
      at,
    }
    try {
      await this.deps.store.appendToStream(
        deliveryStream(endpoint.tenant, endpoint.id, out.id),
        'no_stream',
        [{ type: 'DeliveryScheduled', data }],
        { markDue: true }, // due at once, in the append's transaction: a crash cannot lose it
      )
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error
    }
  }

  /** Attempts every due delivery (see `DeliveryRound`). Answers how many were attempted. */
  async deliverDue(known?: readonly Endpoint[]): Promise<number> {
    return this.deliveries.deliverDue(known ?? (await this.registry.all()))
  }
}

/** Events read per step back through an account's log to a batch's `BatchPlanned`. */
const LOOK_BACK = 32

/**
 * The lines of `batchId` from its `BatchPlanned`, searched backwards from `event` (the batch's
 * outcome) a window at a time: a batch is planned a few events before it ends, so this reads a
 * window or two, whatever the length of the account's history (not the log from its start).
 */
async function plannedLinesBefore(
  store: Pick<EventStore, 'readStream'>,
  event: StoredEvent,
  batchId: string,
): Promise<readonly PlannedLine[] | undefined> {
  for (let end = event.version; end >= 1; end -= LOOK_BACK) {
    const from = Math.max(1, end - LOOK_BACK + 1)
    const window = await store.readStream(event.stream, { fromVersion: from, maxCount: end - from + 1 })
    for (let i = window.length - 1; i >= 0; i--) {
      const e = window[i]
      if (e?.type === 'BatchPlanned' && (e.data as { batchId: string }).batchId === batchId)
        return (e.data as { lines: PlannedLine[] }).lines
    }
  }
  return undefined
}
