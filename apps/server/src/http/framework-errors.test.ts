// Answers Node's HTTP parser and Fastify's router give before any route runs, over a real socket:
// each is problem+json with a stable code.
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auth, type Harness, harness } from '../testing/harness.js'

let h: Harness
let port: number
beforeAll(async () => {
  h = await harness()
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  const address = h.app.server.address()
  port = typeof address === 'object' && address !== null ? address.port : 0
})
afterAll(async () => {
  await h.close()
})

/** Sends `request` as raw bytes and reads the whole answer (the server closes or ends it). */
function send(request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      text += chunk
      const end = text.indexOf('\r\n\r\n')
      const length = /content-length: (\d+)/i.exec(text)
      if (end !== -1 && length !== null && text.length - end - 4 >= Number(length[1])) socket.end()
    })
    socket.on('error', reject)
    socket.on('close', () => {
      const end = text.indexOf('\r\n\r\n')
      resolve({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]),
        headers: text.slice(0, end),
        body: text.slice(end + 4),
      })
    })
    socket.write(request)
  })
}

const key = auth().authorization

describe('answers from outside the routes', () => {
  it.each([
    {
      name: 'an encoded ".." as a path id',
      request: `GET /v1/companies/%2E%2E HTTP/1.1\r\nHost: x\r\nAuthorization: ${key}\r\nConnection: close\r\n\r\n`,
      status: 400,
      code: 'invalid_id',
    },
    {
      name: 'a path id of 201 characters',
      request: `GET /v1/companies/${'c'.repeat(201)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${key}\r\nConnection: close\r\n\r\n`,
      status: 400,
      code: 'invalid_id',
    },
    {
      name: 'a %-escape that is not UTF-8',
      request: `GET /v1/companies/%C0%AF HTTP/1.1\r\nHost: x\r\nAuthorization: ${key}\r\nConnection: close\r\n\r\n`,
      status: 400,
      code: 'malformed_url',
    },
    {
      name: 'headers over 16 KiB',
      request: `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      status: 431,
      code: 'headers_too_large',
    },
    {
      name: 'a malformed chunked body',
      request:
        `POST /v1/companies HTTP/1.1\r\nHost: x\r\nAuthorization: ${key}\r\nContent-Type: application/json\r\n` +
        'Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
      status: 400,
      code: 'malformed_request',
    },
    {
      name: 'a request line that is not HTTP',
      request: 'HELLO\r\n\r\n',
      status: 400,
      code: 'malformed_request',
    },
    {
      name: 'an unknown method on a known path',
      request: `BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      status: 400,
      code: 'malformed_request',
    },
  ])('$name → $status $code as problem+json', async ({ request, status, code }) => {
    const res = await send(request)
    expect(res.status, res.body).toBe(status)
    expect(res.headers.toLowerCase()).toContain('content-type: application/problem+json')
    expect(JSON.parse(res.body)).toMatchObject({
      status,
      code,
      type: expect.any(String),
      detail: expect.any(String),
    })
  })

  it("answers the router's 404 and a wrong method as problem+json", async () => {
    for (const [method, url] of [
      ['GET', '/nothing/here'],
      ['DELETE', '/healthz'],
    ] as const) {
      const res = await h.app.inject({ method, url })
      expect(res.statusCode).toBe(404)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().code).toBe('route_not_found')
    }
  })
})
