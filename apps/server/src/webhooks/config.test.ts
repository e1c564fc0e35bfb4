import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config.js'
import { SECRET } from './webhook-test-kit.js'

const base = { CODAT_API_KEY: 'k', FEEDSYNC_API_KEYS: 'key-0123456789abcdef' }

describe('webhook configuration', () => {
  it('off without CODAT_WEBHOOK_SECRET: no route, polling and link watch as before', () => {
    const c = loadConfig(base)
    expect(c.webhooks).toBeUndefined()
    expect(c.sync.webhookRecheck).toBeUndefined()
    expect(c.sync.linkRefreshMs).toBe(600_000)
  })

  it('on with a whsec_ secret: the backstop widens (defaults 60 s first, an hour max, a daily link read)', () => {
    const c = loadConfig({ ...base, CODAT_WEBHOOK_SECRET: SECRET })
    expect(c.webhooks?.secret).toBe(SECRET)
    expect(c.sync.webhookRecheck).toEqual({ firstMs: 60_000, maxMs: 3_600_000 })
    expect(c.sync.linkRefreshMs).toBe(86_400_000)
  })

  it('refuses a secret that is not whsec_ + base64, naming the variable and never the value', () => {
    for (const bad of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_not base64!', 'whsec_AAAA']) {
      expect(() => loadConfig({ ...base, CODAT_WEBHOOK_SECRET: bad })).toThrow(ConfigError)
      try {
        loadConfig({ ...base, CODAT_WEBHOOK_SECRET: bad })
      } catch (error) {
        expect((error as Error).message).toContain('CODAT_WEBHOOK_SECRET')
        expect((error as Error).message).not.toContain(bad)
      }
    }
  })
})
