import { describe, expect, it } from 'vitest'
import { Prng, seedPrng } from '../kernel/prng.js'
import { newMessageId, newSecret, sign } from './sign.js'

describe('webhook signing (PLATFORMS.md W12-W14)', () => {
  it("matches Codat's W13 test vector", () => {
    expect(
      sign(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })
  it('changes with the body, the timestamp and the id', () => {
    const s = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const base = sign(s, 'msg_a', 1, '{}')
    expect(sign(s, 'msg_a', 1, '{ }')).not.toBe(base)
    expect(sign(s, 'msg_a', 2, '{}')).not.toBe(base)
    expect(sign(s, 'msg_b', 1, '{}')).not.toBe(base)
  })
  it('draws secrets (24 bytes) and message ids (msg_ + 27 base62) from the seeded PRNG', () => {
    const a = new Prng({ rng: seedPrng(7) })
    const b = new Prng({ rng: seedPrng(7) })
    const secret = newSecret(a)
    expect(secret).toBe(newSecret(b))
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24)
    expect(newMessageId(a)).toMatch(/^msg_[0-9A-Za-z]{27}$/)
  })
})
