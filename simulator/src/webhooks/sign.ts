import { createHmac } from 'node:crypto'
import type { Prng } from '../kernel/prng.js'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * Svix signature (PLATFORMS.md W12): `v1,` + base64(HMAC-SHA256(base64-decode(secret without `whsec_`),
 * `<id>.<timestamp>.<raw body>`)).
 *
 * @example sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')
 */
export function sign(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const mac = createHmac('sha256', key).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64')
  return `v1,${mac}`
}

/** A fresh signing secret: `whsec_` + base64 of 24 bytes from the seeded PRNG (W14). */
export function newSecret(rng: Prng): string {
  const bytes = Buffer.alloc(24)
  for (let i = 0; i < 24; i += 4) bytes.writeUInt32BE(rng.u32(), i)
  return `whsec_${bytes.toString('base64')}`
}

/** A message id: `msg_` + 27 base62 characters from the seeded PRNG (W14). */
export function newMessageId(rng: Prng): string {
  return `msg_${rng.fromAlphabet(BASE62, 27)}`
}
