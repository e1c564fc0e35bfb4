import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

const base = { CODAT_API_KEY: 'codat-key', FEEDSYNC_API_KEYS: 'key-one-0123456789,key-two-0123456789' }

describe('loadConfig', () => {
  it('applies defaults: PGlite under ./.data, real Codat, system clock, end-of-day policy', () => {
    const c = loadConfig(base)
    expect(c.database).toEqual({ kind: 'pglite', dataDir: './.data' })
    expect(c.codat.baseUrl).toBe('https://api.codat.io')
    expect(c.apiKeys).toEqual(['key-one-0123456789', 'key-two-0123456789'])
    expect(c.clock).toBe('system')
    expect(c.sync.limits).toEqual({ maxBatchSize: 1000, historicDays: 7, policy: 'end_of_day' })
  })

  it('reads Postgres, the simulator clock and the push policy', () => {
    const c = loadConfig({
      ...base,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      FEEDSYNC_CLOCK: 'simulator',
      FEEDSYNC_PUSH_POLICY: 'immediate',
      PORT: '8080',
    })
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' })
    expect(c.clock).toBe('simulator')
    expect(c.sync.limits.policy).toBe('immediate')
    expect(c.port).toBe(8080)
  })

  it.each([
    [{ CODAT_API_KEY: '' }, /CODAT_API_KEY/],
    [{ FEEDSYNC_API_KEYS: ' , ' }, /FEEDSYNC_API_KEYS/],
    [{ FEEDSYNC_API_KEYS: 'short' }, /at least 16/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ CODAT_BASE_URL: 'ftp://x' }, /CODAT_BASE_URL/],
    [{ FEEDSYNC_CLOCK: 'wall' }, /FEEDSYNC_CLOCK/],
    [{ FEEDSYNC_TIME_ZONE: 'Mars/Base' }, /FEEDSYNC_TIME_ZONE/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('fails at start on bad configuration %#', (over, message) => {
    expect(() => loadConfig({ ...base, ...over })).toThrow(ConfigError)
    expect(() => loadConfig({ ...base, ...over })).toThrow(message)
  })

  it('never puts a secret in its messages', () => {
    try {
      loadConfig({ ...base, FEEDSYNC_API_KEYS: 'supersecretkey-0123456789,supersecretkey-0123456789' })
      expect.unreachable()
    } catch (error) {
      expect(String(error)).not.toContain('supersecretkey')
    }
  })
})
