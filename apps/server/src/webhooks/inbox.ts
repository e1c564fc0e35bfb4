import { type EventStore, WrongExpectedVersionError } from '@feedsync/store'
import { sha256 } from '../streams.js'

/** Inbox streams: one per Codat message, named by a hash of its `webhook-id`. */
export const WEBHOOK_PREFIX = 'webhook:'

/** A stored message not acted on yet. */
export interface InboxMessage {
  readonly stream: string
  readonly webhookId: string
  /** The raw body as Codat signed it (UTF-8 text). */
  readonly body: string
}

/**
 * The webhook inbox, in the event store: one stream per message, created with `no_stream`, so a
 * `webhook-id` is stored once across retries, processes and restarts (W9, W15). Version 1 is
 * `WebhookReceived`; version 2, `WebhookProcessed`, marks it acted on.
 *
 * @example
 * if ((await inbox.receive('msg_p5jX...', body)) === 'duplicate') return // 2xx, no effect
 */
export class WebhookInbox {
  constructor(private readonly store: Pick<EventStore, 'appendToStream' | 'readStream' | 'listStreams'>) {}

  /** The message's inbox stream. */
  static streamOf(webhookId: string): string {
    return `${WEBHOOK_PREFIX}${sha256(webhookId).slice(0, 40)}`
  }

  /** Stores a verified message; `duplicate` when its `webhook-id` is already in the inbox. */
  async receive(webhookId: string, body: string, receivedAt: string): Promise<'stored' | 'duplicate'> {
    try {
      await this.store.appendToStream(WebhookInbox.streamOf(webhookId), 'no_stream', [
        { type: 'WebhookReceived', data: { webhookId, body, receivedAt } },
      ])
      return 'stored'
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return 'duplicate'
      throw error
    }
  }

  /** The message of `stream` when it is not processed yet. */
  async unprocessed(stream: string): Promise<InboxMessage | undefined> {
    const events = await this.store.readStream(stream, { maxCount: 2 })
    const first = events[0]
    if (first === undefined || events.length > 1 || first.type !== 'WebhookReceived') return undefined
    const data = first.data as { webhookId: string; body: string }
    return { stream, webhookId: data.webhookId, body: data.body }
  }

  /** Streams of every message not processed yet (read once at start: what a restart left). */
  async pendingStreams(): Promise<string[]> {
    const streams = await this.store.listStreams({ prefix: WEBHOOK_PREFIX })
    return streams.filter((s) => s.version === 1).map((s) => s.stream)
  }

  /** Marks the message acted on, with what was done; a second mark is a no-op. */
  async processed(stream: string, outcome: string, at: string): Promise<void> {
    try {
      await this.store.appendToStream(stream, 1, [{ type: 'WebhookProcessed', data: { outcome, at } }])
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error
    }
  }
}
