// A request that reaches the server's hooks while it closes is refused with the API's problem+json, not
// Fastify's plain 503. The request below is held in a hook that runs before the guard until close has
// begun, so it meets the guard exactly as a late request on a kept-alive connection would.
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { installClosingGuard } from './framework-errors.js'

describe('the closing guard', () => {
  it('given a server that is closing, when a request reaches it, then it gets 503 shutting_down problem+json with Retry-After and the route never runs', async () => {
    const app = Fastify({ return503OnClosing: false })
    let closingStarted = (): void => {}
    const closing = new Promise<void>((resolve) => {
      closingStarted = resolve
    })
    let arrived = (): void => {}
    const inHook = new Promise<void>((resolve) => {
      arrived = resolve
    })
    app.addHook('onRequest', async (request) => {
      if (request.url !== '/late') return
      arrived()
      await closing
    })
    installClosingGuard(app)
    app.addHook('preClose', async () => closingStarted())
    let runs = 0
    app.get('/late', async () => {
      runs += 1
      return { ok: true }
    })
    app.get('/early', async () => ({ ok: true }))
    await app.ready()

    expect((await app.inject({ method: 'GET', url: '/early' })).statusCode).toBe(200)
    const late = app.inject({ method: 'GET', url: '/late' })
    await inHook
    const closed = app.close()
    const answer = await late
    await closed

    expect(answer.statusCode).toBe(503)
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(answer.headers['retry-after']).toBe('1')
    expect(answer.json()).toMatchObject({ status: 503, code: 'shutting_down' })
    expect(runs).toBe(0)
  })
})
