import type { EventStore } from '@feedsync/store'
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../clock.js'
import type { ServerConfig } from '../config.js'
import type { Metrics } from '../metrics.js'
import type { SyncWorker } from '../sync/sync-worker.js'
import { WebhookInbox } from './inbox.js'
import { WebhookProcessor } from './processor.js'
import { webhookRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Codat webhooks' processor (`null` when webhooks are off); tests wait on its `idle()`. */
    webhookProcessor: WebhookProcessor | null
  }
}

/**
 * Installs Codat's webhooks when `CODAT_WEBHOOK_SECRET` is set: the `POST /webhooks/codat` route,
 * its inbox in the store and the processor acting on it (what a restart left is acted on once the
 * app is ready). Unset: no route (a 404 `route_not_found`), and the worker polls as before.
 * Answers the processor (tests wait on `idle()`), or `undefined` when webhooks are off.
 *
 * @example
 * await installWebhooks(app, { config, store, worker, clock, metrics })
 */
export async function installWebhooks(
  app: FastifyInstance,
  deps: {
    readonly config: ServerConfig
    readonly store: EventStore
    readonly worker: SyncWorker
    readonly clock: Clock
    readonly metrics: Metrics
  },
): Promise<WebhookProcessor | undefined> {
  const { config, store, worker, clock, metrics } = deps
  app.decorate('webhookProcessor', null)
  if (config.webhooks === undefined) return undefined
  const inbox = new WebhookInbox(store)
  const processor = new WebhookProcessor({
    inbox,
    worker,
    clock,
    log: app.log.child({ component: 'webhooks' }),
  })
  await app.register(webhookRoutes, { ports: { secret: config.webhooks.secret, inbox, processor, metrics } })
  app.webhookProcessor = processor
  app.addHook('onReady', async () => processor.kick())
  app.addHook('onClose', async () => processor.idle())
  return processor
}
