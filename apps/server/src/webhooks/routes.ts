import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Webhook } from 'standardwebhooks'
import { Type } from 'typebox'
import { ServiceError } from '../errors.js'
import type { Metrics } from '../metrics.js'
import { WebhookInbox } from './inbox.js'
import type { WebhookProcessor } from './processor.js'

/** What the webhook route uses. */
export interface WebhookRoutesPorts {
  /** `whsec_…`, the endpoint's signing secret (never logged). */
  readonly secret: string
  readonly inbox: Pick<WebhookInbox, 'receive'>
  readonly processor: Pick<WebhookProcessor, 'kick'>
  readonly metrics: Pick<Metrics, 'webhooksReceived' | 'webhooksRefused' | 'webhooksDuplicate'>
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** The signature headers, `webhook-*` first, Svix's `svix-*` names as the fallback (W11, W12). */
function signatureHeaders(headers: Record<string, unknown>): Record<string, string> {
  const pick = (name: string) => {
    const v = headers[`webhook-${name}`] ?? headers[`svix-${name}`]
    return typeof v === 'string' ? v : ''
  }
  return {
    'webhook-id': pick('id'),
    'webhook-timestamp': pick('timestamp'),
    'webhook-signature': pick('signature'),
  }
}

/**
 * `POST /webhooks/codat`: Codat's webhooks (PLATFORMS §4, W15). Its own authentication is the
 * signature: verified by `standardwebhooks` on the raw bytes (timestamps more than 5 minutes off are
 * refused), bad → 400 `invalid_signature` with nothing stored. A verified message is stored in the
 * inbox under its `webhook-id` (a known id: 204, no effect) and answered 204 at once; it is acted on
 * afterwards (`WebhookProcessor`). Registered only when `CODAT_WEBHOOK_SECRET` is set.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ ports: WebhookRoutesPorts }> = async (
  app,
  { ports },
) => {
  const verifier = new Webhook(ports.secret)
  // This plugin's own parsers: the body stays the raw bytes Codat signed.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

  app.post(
    '/webhooks/codat',
    {
      schema: {
        summary: "Receives Codat's webhooks (signed; no bearer key)",
        description:
          'Verified with the endpoint secret (CODAT_WEBHOOK_SECRET) over the raw body: `webhook-id`, ' +
          '`webhook-timestamp` (at most 5 minutes off) and `webhook-signature` (`v1,<base64>`). A bad ' +
          'signature is a 400 `invalid_signature` and nothing is stored. A message is stored once per ' +
          '`webhook-id` and answered 204 at once (a repeat: 204, no effect); push outcomes and link ' +
          'changes are then acted on from the inbox. Unknown event types are accepted and ignored.',
        tags: ['webhooks'],
        security: [],
        headers: Type.Object({
          'webhook-id': Type.Optional(Type.String({ examples: ['msg_p5jXN8AQM9LWM0D4loKWxJek'] })),
          'webhook-timestamp': Type.Optional(Type.String({ examples: ['1614265330'] })),
          'webhook-signature': Type.Optional(
            Type.String({ examples: ['v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='] }),
          ),
        }),
        response: { 204: Type.Null({ description: 'Stored (or already stored): no body.' }) },
      },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const headers = signatureHeaders(request.headers)
      try {
        verifier.verify(raw, headers, { jsonParse: false })
      } catch {
        ports.metrics.webhooksRefused.inc()
        throw new ServiceError(
          'invalid_signature',
          'The webhook signature does not verify (missing or wrong webhook-* headers, or a timestamp more than 5 minutes off).',
        )
      }
      let body: string
      try {
        body = UTF8.decode(raw)
        JSON.parse(body)
      } catch {
        throw new ServiceError('malformed_json', 'The signed webhook body is not JSON in UTF-8.')
      }
      const webhookId = headers['webhook-id'] as string
      const stored = await ports.inbox.receive(
        webhookId,
        body,
        new Date().toISOString() /* wall-clock receipt time */,
      )
      if (stored === 'duplicate') {
        ports.metrics.webhooksDuplicate.inc()
      } else {
        ports.metrics.webhooksReceived.inc()
        ports.processor.kick(WebhookInbox.streamOf(webhookId))
      }
      return reply.code(204).send(null)
    },
  )
}
