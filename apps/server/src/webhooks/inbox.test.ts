import { createEventStore, type EventStore } from '@feedsync/store'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.js'
import { WEBHOOK_PREFIX, WebhookInbox } from './inbox.js'
import { WebhookProcessor } from './processor.js'

let store: EventStore
beforeEach(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterEach(async () => {
  await store.close()
})

const AT = '2026-11-25T09:00:00.000Z'
const body = (n: number) => JSON.stringify({ id: `e-${n}`, eventType: 'Something.Else', payload: {} })

/** A processor on `store` (a new process), with a worker that must never be asked anything here. */
function processor(inbox: WebhookInbox): WebhookProcessor {
  const never = async () => {
    throw new Error('not a push outcome or a link hint')
  }
  return new WebhookProcessor({
    inbox,
    worker: { pushOutcome: never, linkHint: never },
    clock: new ManualClock(AT),
    log: { info: () => {}, warn: () => {} },
  })
}

describe('the webhook inbox after a restart', () => {
  it('acts on the messages a crash left unprocessed, reading none of those already processed', async () => {
    const inbox = new WebhookInbox(store)
    for (let n = 0; n < 20; n++) expect(await inbox.receive(`msg_${n}`, body(n), AT)).toBe('stored')
    for (let n = 0; n < 19; n++) await inbox.processed(WebhookInbox.streamOf(`msg_${n}`), 'ignored', AT)
    // As an older server left it: received, with no due row, never processed.
    await store.appendToStream(WebhookInbox.streamOf('msg_old'), 'no_stream', [
      { type: 'WebhookReceived', data: { webhookId: 'msg_old', body: body(99), receivedAt: AT } },
    ])
    const read: string[] = []
    const readStream = store.readStream.bind(store)
    store.readStream = async (name, options) => {
      if (name.startsWith(WEBHOOK_PREFIX)) read.push(name)
      return readStream(name, options)
    }
    let listed = 0 // streams listed: none (a listing would grow with every message ever received)
    const listStreams = store.listStreams.bind(store)
    store.listStreams = async (options) => {
      const streams = await listStreams(options)
      listed += streams.length
      return streams
    }
    const restarted = processor(new WebhookInbox(store))
    restarted.kick()
    await restarted.idle()
    expect(read.sort()).toEqual([WebhookInbox.streamOf('msg_19'), WebhookInbox.streamOf('msg_old')].sort())
    expect(listed).toBe(0)
    for (const id of ['msg_19', 'msg_old']) {
      const events = await readStream(WebhookInbox.streamOf(id))
      expect(events.map((e) => e.type)).toEqual(['WebhookReceived', 'WebhookProcessed'])
    }
    // A second start finds nothing left.
    read.length = 0
    const again = processor(new WebhookInbox(store))
    again.kick()
    await again.idle()
    expect(read).toEqual([])
  })
})
