import { afterEach, describe, expect, it, vi } from 'vitest'
import { signStandardWebhook, startWebhookReceiver, verifyStandardWebhook } from './webhook-receiver.js'

// PLATFORMS.md W13: Codat's documented example, recomputed.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const SECRET = `whsec_${Buffer.alloc(24, 3).toString('base64')}`

const send = (url: string, id: string, body: string, secret = SECRET, at = new Date()) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signStandardWebhook(secret, id, at, body),
    },
    body,
  })

describe('the test webhook receiver', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('verifies Codat’s documented example at its instant, and refuses it 5 minutes later', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Number(VECTOR.timestamp) * 1000)
    expect(verifyStandardWebhook(VECTOR.secret, VECTOR)).toBe(true)
    expect(verifyStandardWebhook(VECTOR.secret, { ...VECTOR, body: '{"test":2432232314}' })).toBe(false)
    vi.setSystemTime((Number(VECTOR.timestamp) + 301) * 1000)
    expect(verifyStandardWebhook(VECTOR.secret, VECTOR)).toBe(false)
  })

  it('records raw bodies, answers 400 to a bad signature, fails on command, and comes back on the same port', async () => {
    const r = await startWebhookReceiver()
    try {
      r.setSecret(SECRET)
      expect((await send(r.url, 'msg_1', '{"a": 1}')).status).toBe(204)
      expect(
        (await send(r.url, 'msg_2', '{"a": 2}', `whsec_${Buffer.alloc(24, 4).toString('base64')}`)).status,
      ).toBe(400)
      r.failNext(1, 503)
      expect((await send(r.url, 'msg_3', '{}')).status).toBe(503)
      expect((await send(r.url, 'msg_3', '{}')).status).toBe(204)
      await r.kill()
      await expect(send(r.url, 'msg_4', '{}')).rejects.toThrow()
      await r.restart()
      expect((await send(r.url, 'msg_4', '{}')).status).toBe(204)
      expect(r.requests.map((q) => [q.id, q.answered, q.valid])).toEqual([
        ['msg_1', 204, true],
        ['msg_2', 400, false],
        ['msg_3', 503, true],
        ['msg_3', 204, true],
        ['msg_4', 204, true],
      ])
      expect(r.requests[0]?.body).toBe('{"a": 1}')
      expect(r.accepted().map((q) => q.id)).toEqual(['msg_1', 'msg_3', 'msg_4'])
    } finally {
      await r.close()
    }
  })
})
