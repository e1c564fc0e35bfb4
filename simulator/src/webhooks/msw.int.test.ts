import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simulatorHandlers } from '../msw.js'
import { createSimulator } from '../simulator.js'
import { basic, KEY, START } from '../testing/harness.js'

const sim = createSimulator({ apiKeys: [KEY], seed: 3, now: START, clock: 'frozen' })
const server = setupServer(...simulatorHandlers(sim, 'https://api.codat.io'))
const got: string[] = []
const rx = createServer((req, res) => {
  got.push(String(req.headers['webhook-id']))
  req.resume()
  req.on('end', () => res.end())
})

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' })
  await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r))
})
afterAll(async () => {
  server.close()
  await new Promise((r) => rx.close(r))
})

describe('webhooks with the simulator in-process behind msw', () => {
  it('deliveries reach a real receiver (msw does not answer them)', async () => {
    const headers = { authorization: basic(KEY), 'content-type': 'application/json' }
    const url = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook`
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`https://api.codat.io${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    expect((await call('POST', '/webhooks', { url, eventTypes: ['connection.created'] })).status).toBe(201)
    const c = (await (await call('POST', '/companies', { name: 'M' })).json()) as { id: string }
    await call('POST', `/companies/${c.id}/connections`, { platformKey: 'hcws' })
    await call('POST', '/_sim/webhooks/drain')
    expect(got).toHaveLength(1)
    expect(got[0]).toMatch(/^msg_/)
  })
})
