import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { SyncWorker } from '../sync/sync-worker.js'
import { actionOf } from './events.js'
import type { InboxMessage, WebhookInbox } from './inbox.js'

/**
 * Acts on the inbox's messages, one at a time, after the route has answered: a push outcome and a
 * link hint go to the sync worker (`pushOutcome`, `linkHint`), whose lease and batch machine stay
 * the only way state changes. A message is marked processed after its action; one whose action
 * failed stays in the inbox and is tried again at the next `kick` (and at the next start).
 *
 * @example
 * processor.kick() // after storing a message; returns at once
 * await processor.idle() // tests: wait until the inbox is drained
 */
export class WebhookProcessor {
  private readonly queue: string[] = []
  private readonly owner = `webhooks-${randomUUID()}`
  private scanned = false
  private running: Promise<void> | undefined
  private again = false

  constructor(
    private readonly deps: {
      readonly inbox: WebhookInbox
      readonly worker: Pick<SyncWorker, 'pushOutcome' | 'linkHint'>
      readonly clock: Clock
      readonly log: Pick<FastifyBaseLogger, 'info' | 'warn'>
    },
  ) {}

  /** Queues a stored message's stream (or none: re-try what is left) and starts draining. */
  kick(stream?: string): void {
    if (stream !== undefined && !this.queue.includes(stream)) this.queue.push(stream)
    if (this.running !== undefined) {
      this.again = true
      return
    }
    this.running = this.drain().finally(() => {
      this.running = undefined
      if (this.again) {
        this.again = false
        this.kick()
      }
    })
  }

  /** Resolves once nothing is being processed. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running
  }

  private async drain(): Promise<void> {
    const { inbox, log } = this.deps
    try {
      if (!this.scanned) {
        const pending = await inbox.pendingStreams(this.owner, await this.deps.clock.now())
        for (const s of pending) if (!this.queue.includes(s)) this.queue.push(s)
        this.scanned = true
      }
    } catch (error) {
      log.warn({ err: error }, 'could not read the webhook inbox; tried again at the next webhook')
      return
    }
    const failed: string[] = []
    for (let stream = this.queue.shift(); stream !== undefined; stream = this.queue.shift()) {
      try {
        const message = await inbox.unprocessed(stream)
        if (message !== undefined) await this.act(message)
        else await inbox.settled(stream) // processed already (by another process, before a crash)
      } catch (error) {
        failed.push(stream)
        log.warn({ err: error, stream }, 'acting on a webhook failed; tried again at the next webhook')
      }
    }
    this.queue.push(...failed)
  }

  private async act(message: InboxMessage): Promise<void> {
    const { inbox, worker, clock, log } = this.deps
    let event: unknown
    try {
      event = JSON.parse(message.body)
    } catch {
      event = undefined
    }
    const action = actionOf(event)
    let outcome: string
    switch (action.kind) {
      case 'push_outcome':
        outcome = (await worker.pushOutcome(action.codatCompanyId, action.operation))
          ? 'push_outcome'
          : 'unknown_operation'
        break
      case 'link_hint':
        outcome = (await worker.linkHint(action.codatCompanyId)) ? 'link_hint' : 'unknown_company'
        break
      case 'ignored':
        outcome = `ignored:${action.reason}`
        break
      default: {
        const unknown: never = action
        outcome = String(unknown)
      }
    }
    log.info({ webhookId: message.webhookId, outcome }, 'webhook processed')
    await inbox.processed(message.stream, outcome, await clock.now())
  }
}
