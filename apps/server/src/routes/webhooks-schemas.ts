import { Type } from 'typebox'
import { IdString, TextString } from '../http/input-policy.js'
import { WEBHOOK_EVENT_TYPES } from '../notify/events.js'

/** An outbound event kind. */
export const WebhookEventKind = Type.Union(
  WEBHOOK_EVENT_TYPES.map((t) => Type.Literal(t)),
  { description: 'An event kind the endpoint receives.' },
)

/** `POST /v1/webhooks`. `url` is checked again as an absolute http(s) URL (`validation_failed`). */
export const CreateWebhookBody = Type.Object(
  {
    url: TextString({
      minLength: 1,
      maxLength: 2000,
      description: 'Absolute http(s) URL the events are POSTed to.',
    }),
    events: Type.Array(WebhookEventKind, {
      minItems: 1,
      maxItems: WEBHOOK_EVENT_TYPES.length,
      uniqueItems: true,
    }),
    description: Type.Optional(TextString({ maxLength: 500 })),
  },
  { additionalProperties: false },
)

/** An endpoint as listed (never its secret). */
export const WebhookReply = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
})

/** The create answer: the endpoint and its signing secret, shown this once. */
export const CreatedWebhookReply = Type.Object({
  ...WebhookReply.properties,
  secret: Type.String({ description: 'Standard Webhooks signing secret (`whsec_…`). Shown only here.' }),
})

export const WebhookListReply = Type.Object({ results: Type.Array(WebhookReply) })
export const WebhookParams = Type.Object({ webhookId: IdString() })
export const DeliveryParams = Type.Object({ webhookId: IdString(), deliveryId: IdString() })
export const DeliveriesQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'At most this many deliveries.' }),
    ),
    after: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The `next` of the previous page: the listing goes on after that delivery.',
      }),
    ),
  },
  { additionalProperties: false },
)

/** One delivery: the event to one endpoint, its attempts and state. */
export const DeliveryReply = Type.Object({
  id: Type.String({ description: 'The event id (`evt_…`), also the payload `id`.' }),
  webhookId: Type.String({ description: 'The `webhook-id` header of every attempt.' }),
  type: Type.String(),
  status: Type.String(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      at: Type.String(),
      ok: Type.Boolean(),
      status: Type.Optional(Type.Integer()),
      error: Type.Optional(Type.String()),
    }),
  ),
  payload: Type.Unknown(),
})

export const DeliveryListReply = Type.Object({
  results: Type.Array(DeliveryReply),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `after` for the next page; `null` when there is no more.',
  }),
})
export const TestReply = Type.Object({ eventId: Type.String() })
