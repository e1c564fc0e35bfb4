import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simulatorHandlers } from './msw.js'
import { createSimulator } from './simulator.js'
import { basic, KEY, START } from './testing/harness.js'

const sim = createSimulator({ apiKeys: [KEY], seed: 3, now: START, clock: 'frozen' })
const server = setupServer(...simulatorHandlers(sim, 'https://api.codat.io'))

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('msw handlers', () => {
  it('intercept https://api.codat.io in-process and answer from the same model', async () => {
    const headers = { authorization: basic(KEY), 'content-type': 'application/json' }
    const created = await fetch('https://api.codat.io/companies', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Via msw' }),
    })
    expect(created.status).toBe(200)
    const body = (await created.json()) as { id: string }
    const got = await fetch(`https://api.codat.io/companies/${body.id}`, { headers })
    expect(((await got.json()) as { name: string }).name).toBe('Via msw')
    expect(got.headers.get('x-rate-limit-limit')).toBe('1000')
    const del = await fetch(`https://api.codat.io/companies/${body.id}`, { method: 'DELETE', headers })
    expect(del.status).toBe(204)
    const unauth = await fetch('https://api.codat.io/companies')
    expect(unauth.status).toBe(401)
    const clock = await fetch('https://api.codat.io/_sim/clock', { headers })
    expect(await clock.json()).toEqual({ now: '2026-03-10T12:00:00.000Z' })
  })
})
