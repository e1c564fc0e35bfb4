import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sharedConformance } from './conformance/assert-conforms.js'
import { buildSimulatorServer } from './server.js'
import { createSimulator } from './simulator.js'
import { basic, KEY, START } from './testing/harness.js'

const ERROR_KEYS = ['statusCode', 'service', 'error', 'correlationId', 'canBeRetried', 'detailedErrorCode']

/** Codat's ErrorMessage: every field, `statusCode` = the HTTP status, and the document's schema. */
function expectCodatError(status: number, expected: number, text: string, headers: Record<string, unknown>) {
  expect(status).toBe(expected)
  expect(String(headers['content-type'])).toMatch(/^application\/json/)
  const body = JSON.parse(text)
  expect(Object.keys(body)).toEqual(expect.arrayContaining(ERROR_KEYS))
  expect(body.statusCode).toBe(expected)
  expect(body.service).toBe('PublicApi')
  expect(body.correlationId).toMatch(/^[0-9a-f]{32}$/)
  expect(sharedConformance()?.current.check('#/components/schemas/ErrorMessage', body) ?? []).toEqual([])
}

const sim = createSimulator({ apiKeys: [KEY], seed: 3, now: START, clock: 'frozen' })
const app = buildSimulatorServer(sim, { bodyLimit: 4096 })
const auth = { authorization: basic(KEY) }

describe("framework-level answers carry Codat's error body", () => {
  it.each([
    ['OPTIONS', '/companies', 405],
    ['TRACE', '/companies', 405],
    ['PROPFIND', '/companies', 405],
    ['OPTIONS', '/nowhere', 404],
    ['GET', '/nowhere', 404],
    ['GET', '/companies/%', 400],
    ['GET', '/companies/%E0%A4%A', 400],
    ['DELETE', '/companies', 405],
  ])('%s %s → %i', async (method, url, expected) => {
    const r = await app.inject({ method: method as 'GET', url, headers: auth })
    expectCodatError(r.statusCode, expected, r.body, r.headers)
  })

  it('a body over the limit is a 413, a bad JSON body a 400, an unreadable media type a 415', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/companies',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(5000) }),
    })
    expectCodatError(big.statusCode, 413, big.body, big.headers)
    const bad = await app.inject({
      method: 'POST',
      url: '/companies',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name":',
    })
    expectCodatError(bad.statusCode, 400, bad.body, bad.headers)
    const media = await app.inject({
      method: 'POST',
      url: '/companies',
      headers: { ...auth, 'content-type': ';' },
      payload: '{"name":"a"}',
    })
    expectCodatError(media.statusCode, 415, media.body, media.headers)
  })

  it('a 20-digit page number and a fractional pageSize are 400s in the error body', async () => {
    for (const q of ['page=12345678901234567890', 'pageSize=1.5', 'page=0', 'pageSize=5001']) {
      const r = await app.inject({ method: 'GET', url: `/companies?${q}`, headers: auth })
      expectCodatError(r.statusCode, 400, r.body, r.headers)
    }
  })

  describe('over a socket: what Node answers before Fastify sees a request', () => {
    let port = 0
    beforeAll(async () => {
      await app.listen({ port: 0, host: '127.0.0.1' })
      port = (app.server.address() as { port: number }).port
    })
    afterAll(() => app.close())

    /** Sends raw bytes, reads the answer until the server closes. */
    const raw = (bytes: string) =>
      new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
        let data = ''
        socket.on('data', (b) => {
          data += b.toString()
        })
        socket.on('error', reject)
        socket.on('close', () => {
          const [head = '', body = ''] = data.split('\r\n\r\n')
          const [line = '', ...rest] = head.split('\r\n')
          const headers: Record<string, string> = {}
          for (const h of rest)
            headers[h.slice(0, h.indexOf(':')).toLowerCase()] = h.slice(h.indexOf(':') + 1).trim()
          resolve({ status: Number(line.split(' ')[1]), headers, body })
        })
      })

    it('headers over 16 KiB → 431; a URL over 16 KiB → 431', async () => {
      const h = await raw(`GET /companies HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
      expectCodatError(h.status, 431, h.body, h.headers)
      const u = await raw(`GET /companies/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
      expectCodatError(u.status, 431, u.body, u.headers)
    })

    it('a malformed chunked body and a malformed request line → 400', async () => {
      const chunked = await raw(
        'POST /companies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
      )
      expectCodatError(chunked.status, 400, chunked.body, chunked.headers)
      const garbage = await raw('HELLO\r\n\r\n')
      expectCodatError(garbage.status, 400, garbage.body, garbage.headers)
    })
  })
})
