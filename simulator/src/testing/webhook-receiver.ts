import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect } from 'vitest'
import type { Harness } from './harness.js'
import { validLine } from './push-helpers.js'

/** The test's own Svix verifier (W12), independent of sign.ts; checked against W13 below. */
export function verify(secret: string, id: string, ts: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const want = Buffer.from(createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64'))
  return header.split(' ').some((s) => {
    const got = Buffer.from(s.replace(/^v1,/, ''))
    return s.startsWith('v1,') && got.length === want.length && timingSafeEqual(got, want)
  })
}

export interface Received {
  headers: IncomingMessage['headers']
  body: string
}

/** A real HTTP receiver on 127.0.0.1:0 answering each request with the next status of `answers` (then 200). */
export async function receiver(answers: number[] = []) {
  const got: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      got.push({ headers: req.headers, body })
      res.statusCode = answers.shift() ?? 200
      res.end('ignored')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  const port = (server.address() as AddressInfo).port
  return { got, url: `http://127.0.0.1:${port}/webhooks/codat` }
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

export async function subscribe(h: Harness, url: string, eventTypes: string[]) {
  const r = await h.call('POST', '/webhooks', { url, eventTypes })
  expect(r.status).toBe(201)
  const secret = (await h.call('GET', `/_sim/webhooks/${r.body.id}/secret`)).body.secret as string
  return { id: r.body.id as string, secret }
}

/** Sets up a linked account, subscribes, pushes one line, lets it settle (2 s) and drains. */
export async function pushOnce(h: Harness, answers: number[] = [], faults?: unknown) {
  h.conformance = false
  const rx = await receiver(answers)
  const ep = await subscribe(h, rx.url, ['bankTransactions.write.successful'])
  if (faults) expect((await h.call('POST', `/_sim/webhooks/${ep.id}/faults`, faults)).status).toBe(200)
  const s = await h.setup()
  const push = await h.push(s.pushUrl, s.accountId, [validLine('a', '2026-03-10')])
  expect(push.status).toBe(200)
  await h.advance('PT2S')
  await h.call('POST', '/_sim/webhooks/drain')
  return { rx, ep, key: push.body.pushOperationKey as string }
}

export const messages = async (h: Harness) => (await h.call('GET', '/_sim/webhooks/messages')).body.results
