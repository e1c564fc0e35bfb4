// Test support for the webhook tests: a signing secret and signed deliveries through the route.
import type { LightMyRequestResponse } from 'fastify'
import { Webhook } from 'standardwebhooks'
import type { Harness } from '../testing/harness.js'
import { WEBHOOK_PREFIX, WebhookInbox } from './inbox.js'

/** A test endpoint secret (`whsec_` + base64 of 24 bytes, the example's length). */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
export const WEBHOOK_ENV = { CODAT_WEBHOOK_SECRET: SECRET }

let n = 0
/** A fresh `webhook-id`. */
export const msgId = (): string => `msg_test${String(++n).padStart(23, '0')}`

/** POSTs `body` signed with `secret` at `atSeconds` (default now), as Codat would. */
export function deliver(
  h: Harness,
  body: string,
  options: { id?: string; atSeconds?: number; secret?: string; signature?: string } = {},
): Promise<LightMyRequestResponse> {
  const id = options.id ?? msgId()
  const at = options.atSeconds ?? Math.floor(Date.now() / 1000)
  const signature =
    options.signature ?? new Webhook(options.secret ?? SECRET).sign(id, new Date(at * 1000), body)
  return h.app.inject({
    method: 'POST',
    url: '/webhooks/codat',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(at),
      'webhook-signature': signature,
    },
    payload: body,
  })
}

/** The inbox streams in the store. */
export async function inboxStreams(h: Harness): Promise<{ stream: string; version: number }[]> {
  return h.store.listStreams({ prefix: WEBHOOK_PREFIX })
}

/** Waits until every stored webhook has been acted on. */
export async function settled(h: Harness): Promise<void> {
  await h.app.webhookProcessor?.idle()
}

/** What the processor recorded for the message `webhookId` (`unprocessed`: nothing yet). */
export async function outcomeOf(h: Harness, webhookId: string): Promise<string> {
  const done = (await h.store.readStream(WebhookInbox.streamOf(webhookId)))[1]
  return done === undefined ? 'unprocessed' : String((done.data as { outcome: string }).outcome)
}
