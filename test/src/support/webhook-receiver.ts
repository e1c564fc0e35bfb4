import { createServer, type IncomingMessage, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import { resolve } from 'node:path'
import { REPO_ROOT } from './server-process.js'

/** The part of `standardwebhooks`' `Webhook` the tests use (the library is the server's dependency). */
interface StandardWebhook {
  verify(payload: string | Buffer, headers: Record<string, string>): unknown
}

/**
 * `standardwebhooks`' `Webhook`, resolved from `apps/server` (test/ does not depend on it itself): the
 * same library and version the engine signs with, so a test checks with a verifier it did not write.
 */
const { Webhook } = createRequire(resolve(REPO_ROOT, 'apps/server/package.json'))('standardwebhooks') as {
  Webhook: new (secret: string) => StandardWebhook
}

/** One request the receiver got, as it arrived (raw body, signature headers) and what it answered. */
export interface ReceivedWebhook {
  readonly method: string
  readonly path: string
  readonly id: string
  readonly timestamp: string
  readonly signature: string
  /** The raw body, exactly as sent (the signature covers these bytes). */
  readonly body: string
  /** Wall milliseconds of receipt. */
  readonly at: number
  /** The status the receiver answered. */
  readonly answered: number
  /** Whether the signature verified with the secret the receiver held at receipt (`undefined`: none set). */
  readonly valid: boolean | undefined
}

/** A bank's backend stand-in: records every request; can fail on command, die and come back. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`: stable across `kill` / `restart`. */
  readonly url: string
  readonly port: number
  /** Every request received, in arrival order (failed answers included). */
  readonly requests: readonly ReceivedWebhook[]
  /** The requests answered 2xx (the ones the sender may count as delivered). */
  accepted(): ReceivedWebhook[]
  /** The `whsec_` secret to verify with (the one the sender returned once). */
  setSecret(secret: string): void
  /** Verifies a recorded request now with `secret` (default: the one set). */
  verify(request: ReceivedWebhook, secret?: string): boolean
  /** Answers `status` (default 500) to the next `n` requests, then 204 again. */
  failNext(n: number, status?: number): void
  /** Answers `status` to every request until `recover()`. */
  failAll(status?: number): void
  recover(): void
  /** The receiver dies: stops listening and cuts every open connection (the sender sees a network error). */
  kill(): Promise<void>
  /** Listens again on the same port. */
  restart(): Promise<void>
  close(): Promise<void>
}

const header = (req: IncomingMessage, name: string): string => {
  const v = req.headers[name]
  return typeof v === 'string' ? v : ''
}

/** Verifies a Standard Webhooks request (`webhook-id`, `-timestamp`, `-signature` over the raw body). */
export function verifyStandardWebhook(
  secret: string,
  r: Pick<ReceivedWebhook, 'id' | 'timestamp' | 'signature' | 'body'>,
): boolean {
  try {
    new Webhook(secret).verify(r.body, {
      'webhook-id': r.id,
      'webhook-timestamp': r.timestamp,
      'webhook-signature': r.signature,
    })
    return true
  } catch {
    return false
  }
}

/**
 * Starts a receiver on 127.0.0.1 (port 0 unless told). Answers 204 to a request whose signature
 * verifies (or to any request while no secret is set), 400 to one that does not, and the commanded
 * status while failing. Every request is recorded with its raw body.
 */
export async function startWebhookReceiver(options: { port?: number } = {}): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = []
  let secret: string | undefined
  let failCount = 0
  let failStatus = 500
  let failing: number | undefined
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = options.port ?? 0

  const listen = async () => {
    const s = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const r = {
          id: header(req, 'webhook-id'),
          timestamp: header(req, 'webhook-timestamp'),
          signature: header(req, 'webhook-signature'),
          body,
        }
        const valid = secret === undefined ? undefined : verifyStandardWebhook(secret, r)
        let answered = valid === false ? 400 : 204
        if (failing !== undefined) answered = failing
        else if (failCount > 0) {
          failCount--
          answered = failStatus
        }
        requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          ...r,
          at: Date.now(),
          answered,
          valid,
        })
        res.statusCode = answered
        res.end()
      })
    })
    s.on('connection', (socket: Socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    })
    await new Promise<void>((res, rej) => {
      s.once('error', rej)
      s.listen(port, '127.0.0.1', () => res())
    })
    const address = s.address()
    if (address === null || typeof address === 'string') throw new Error('receiver has no TCP address')
    port = address.port
    server = s
  }
  const stop = async () => {
    const s = server
    server = undefined
    if (s === undefined) return
    const closed = new Promise<void>((res) => s.close(() => res()))
    for (const socket of sockets) socket.destroy()
    await closed
  }

  await listen()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    accepted: () => requests.filter((r) => r.answered >= 200 && r.answered < 300),
    setSecret(s) {
      secret = s
    },
    verify(r, s = secret) {
      if (s === undefined) throw new Error('no secret to verify with')
      return verifyStandardWebhook(s, r)
    },
    failNext(n, status = 500) {
      failCount = n
      failStatus = status
    },
    failAll(status = 500) {
      failing = status
    },
    recover() {
      failing = undefined
      failCount = 0
    },
    kill: stop,
    restart: listen,
    close: stop,
  }
}

/** A free TCP port on 127.0.0.1 right now (to start a server whose URL must be known beforehand). */
export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()))
  const address = s.address()
  await new Promise<void>((res) => s.close(() => res()))
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}

/** Signs `body` as a Standard Webhooks sender does (`v1,<base64>`), with `standardwebhooks` itself. */
export function signStandardWebhook(secret: string, id: string, at: Date, body: string): string {
  return (new Webhook(secret) as StandardWebhook & { sign(id: string, at: Date, body: string): string }).sign(
    id,
    at,
    body,
  )
}
