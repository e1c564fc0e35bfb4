// Test support: a real local webhook receiver (node:http on 127.0.0.1:0) answering a chosen status.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got. */
export interface Received {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** A listening receiver: what it got, the status it answers, its URL. */
export interface Receiver {
  readonly url: string
  readonly received: Received[]
  status: number
  close(): Promise<void>
}

/** Starts a receiver on an ephemeral port. */
export async function startReceiver(status = 204): Promise<Receiver> {
  const received: Received[] = []
  const state = { status }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      res.statusCode = state.status
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    get status() {
      return state.status
    },
    set status(s: number) {
      state.status = s
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
