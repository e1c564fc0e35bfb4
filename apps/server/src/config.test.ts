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
    // No batch size or window: each destination's own (QBO 1000 lines / 7 days, Xero a year).
    expect(c.sync.limits).toEqual({ policy: 'end_of_day' })
  })

  it("reads the Codat request budget and the poll back-off, defaulting to Codat's limits", () => {
    expect(loadConfig(base).codatBudget).toEqual({ perMinute: 1000, blockSize: 5, companyConcurrency: 10 })
    expect(loadConfig(base).sync.pollMaxIntervalMs).toBe(10_000)
    // Unset: each destination's own Pending time decides the first read.
    expect(loadConfig(base).sync.pollFirstMs).toBeUndefined()
    expect(loadConfig({ ...base, FEEDSYNC_POLL_FIRST_MS: '0' }).sync.pollFirstMs).toBe(0)
    expect(loadConfig({ ...base, FEEDSYNC_POLL_FIRST_MS: '3000' }).sync.pollFirstMs).toBe(3000)
    expect(() => loadConfig({ ...base, FEEDSYNC_POLL_FIRST_MS: '2s' })).toThrow(ConfigError)
    const c = loadConfig({
      ...base,
      FEEDSYNC_CODAT_REQUESTS_PER_MINUTE: '120',
      FEEDSYNC_CODAT_BUDGET_BLOCK: '2',
      FEEDSYNC_CODAT_COMPANY_CONCURRENCY: '3',
      FEEDSYNC_POLL_MAX_INTERVAL_MS: '5000',
    })
    expect(c.codatBudget).toEqual({ perMinute: 120, blockSize: 2, companyConcurrency: 3 })
    expect(c.sync.pollMaxIntervalMs).toBe(5000)
    expect(() => loadConfig({ ...base, FEEDSYNC_CODAT_COMPANY_CONCURRENCY: '11' })).toThrow(ConfigError)
    expect(() => loadConfig({ ...base, FEEDSYNC_CODAT_REQUESTS_PER_MINUTE: '0' })).toThrow(ConfigError)
  })

  it('passes FEEDSYNC_MAX_BATCH_SIZE and FEEDSYNC_HISTORIC_DAYS to the planner only when set', () => {
    const c = loadConfig({ ...base, FEEDSYNC_MAX_BATCH_SIZE: '50', FEEDSYNC_HISTORIC_DAYS: '3' })
    expect(c.sync.limits).toEqual({ maxBatchSize: 50, historicDays: 3, policy: 'end_of_day' })
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

  describe('the web app (pages)', () => {
    const key = Buffer.alloc(32, 9)

    it('without its variables: no session key or portal secret (generated at start), links on the listen address', () => {
      expect(loadConfig(base).pages).toEqual({
        sessionKey: undefined,
        portalSecret: undefined,
        publicUrl: undefined,
        bankName: 'Your bank',
      })
    })

    it('reads the session key (base64 or base64url of 32 bytes), the portal secret, the public origin and the bank name', () => {
      const c = loadConfig({
        ...base,
        FEEDSYNC_SESSION_KEY: key.toString('base64'),
        FEEDSYNC_PORTAL_SECRET: 'p'.repeat(32),
        FEEDSYNC_PUBLIC_URL: 'https://feeds.bank.example/',
        FEEDSYNC_BANK_NAME: ' Northwind Bank ',
      })
      expect(c.pages.sessionKey?.equals(key)).toBe(true)
      expect(c.pages.portalSecret).toBe('p'.repeat(32))
      expect(c.pages.publicUrl).toBe('https://feeds.bank.example')
      expect(c.pages.bankName).toBe('Northwind Bank')
      const url = loadConfig({ ...base, FEEDSYNC_SESSION_KEY: key.toString('base64url') })
      expect(url.pages.sessionKey?.equals(key)).toBe(true)
    })

    it.each([
      [{ FEEDSYNC_SESSION_KEY: Buffer.alloc(16, 1).toString('base64') }, /FEEDSYNC_SESSION_KEY/],
      [{ FEEDSYNC_SESSION_KEY: Buffer.alloc(33, 1).toString('base64') }, /FEEDSYNC_SESSION_KEY/],
      [{ FEEDSYNC_SESSION_KEY: 'not base64 at all!' }, /FEEDSYNC_SESSION_KEY/],
      [{ FEEDSYNC_PORTAL_SECRET: 'short' }, /FEEDSYNC_PORTAL_SECRET must be at least 32/],
      [{ FEEDSYNC_PORTAL_SECRET: `${'p'.repeat(20)} ${'q'.repeat(20)}` }, /FEEDSYNC_PORTAL_SECRET/],
      [{ FEEDSYNC_PUBLIC_URL: 'feeds.bank.example' }, /FEEDSYNC_PUBLIC_URL/],
      [{ FEEDSYNC_PUBLIC_URL: 'javascript:alert(1)' }, /FEEDSYNC_PUBLIC_URL/],
      [{ FEEDSYNC_PUBLIC_URL: 'https://feeds.bank.example/app' }, /origin only/],
      [{ FEEDSYNC_PUBLIC_URL: 'https://user:pw@feeds.bank.example' }, /origin only/],
    ])('fails at start on a bad web-app setting %#', (over, message) => {
      expect(() => loadConfig({ ...base, ...over })).toThrow(ConfigError)
      expect(() => loadConfig({ ...base, ...over })).toThrow(message)
    })

    it('never puts the session key or the portal secret in its messages', () => {
      const secrets = {
        FEEDSYNC_SESSION_KEY: Buffer.alloc(31, 5).toString('base64'),
        FEEDSYNC_PORTAL_SECRET: 'topsecretportal',
      }
      for (const [name, value] of Object.entries(secrets)) {
        expect(() => loadConfig({ ...base, [name]: value })).toThrow(name)
        try {
          loadConfig({ ...base, [name]: value })
        } catch (error) {
          expect(String(error)).not.toContain(value)
        }
      }
    })
  })
})
