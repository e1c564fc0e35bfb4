import { type EventStore, WrongExpectedVersionError } from '@feedsync/store'
import { sha256 } from '../streams.js'

/** Inbox streams: one per Codat message, named by a hash of its `webhook-id`. */
export const WEBHOOK_PREFIX = 'webhook:'

/** Pending messages claimed at a time at start. */
const PENDING_PAGE = 500

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
  constructor(
    private readonly store: Pick<
      EventStore,
      'appendToStream' | 'readStream' | 'markMovedDue' | 'claimDue' | 'readDue' | 'settleDue'
    >,
  ) {}

  /** The message's inbox stream. */
  static streamOf(webhookId: string): string {
    return `${WEBHOOK_PREFIX}${sha256(webhookId).slice(0, 40)}`
  }

  /** Stores a verified message; `duplicate` when its `webhook-id` is already in the inbox. */
  async receive(webhookId: string, body: string, receivedAt: string): Promise<'stored' | 'duplicate'> {
    try {
      // Due at once, in the same transaction: a message whose processing a crash cut short is
      // found by `pendingStreams` (a due row), not by listing every message ever received.
      await this.store.appendToStream(
        WebhookInbox.streamOf(webhookId),
        'no_stream',
        [{ type: 'WebhookReceived', data: { webhookId, body, receivedAt } }],
        { markDue: true },
      )
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

  /**
   * Streams of the messages not processed yet (read once at start: what a restart left), claimed for
   * `owner` (`claimTtlMs`; a process that dies leaves them to the next start). Only due rows are read:
   * each message is due from its receipt until it is processed. Messages from before due rows are
   * made due first (`markMovedDue`: once, then they are settled).
   */
  async pendingStreams(owner: string, now: string, claimTtlMs = 600_000): Promise<string[]> {
    await this.store.markMovedDue(WEBHOOK_PREFIX)
    const out: string[] = []
    for (;;) {
      const claims = await this.store.claimDue({
        owner,
        now,
        limit: PENDING_PAGE,
        claimTtlMs,
        prefix: WEBHOOK_PREFIX,
      })
      out.push(...claims.map((c) => c.key))
      if (claims.length < PENDING_PAGE) return out
    }
  }

  /** Marks the message acted on, with what was done (no longer due); a second mark is a no-op. */
  async processed(stream: string, outcome: string, at: string): Promise<void> {
    try {
      await this.store.appendToStream(stream, 1, [{ type: 'WebhookProcessed', data: { outcome, at } }])
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error
    }
    await this.settled(stream)
  }

  /** The message is processed (or not one): its due row is settled. */
  async settled(stream: string): Promise<void> {
    const { wake } = await this.store.readDue(stream)
    await this.store.settleDue({ key: stream, wake, dueAt: null, streak: 0, version: 2 })
  }
}
