import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { basic, fetchCaller } from './support/api-client.js'
import { createPgliteDatabase, type TestDatabase } from './support/database.js'
import { daysEndingOn, FeedScenario, transactionsOn } from './support/feed-scenario.js'
import { CODAT_KEY } from './support/keys.js'
import {
  buildServerBundle,
  SERVER_BUNDLE,
  type ServerProcess,
  spawnServer,
} from './support/server-process.js'
import { type ListeningSimulator, startSimulator } from './support/simulator.js'

const ACCOUNT = 'chk-1'

describe('the server bundle (apps/server/dist/main.js, as `pnpm server` runs it)', () => {
  let db: TestDatabase
  let sim: ListeningSimulator
  let server: ServerProcess | undefined

  beforeAll(async () => {
    await buildServerBundle()
    db = await createPgliteDatabase()
    sim = await startSimulator({ clock: 'running', pushLatencyMs: 0 })
  })
  afterAll(async () => {
    await server?.stop()
    await sim?.close()
    await db?.dispose()
  })

  it('given a fresh build, then PGlite is imported only when the store opens one, and our packages are inlined', async () => {
    const code = await readFile(SERVER_BUNDLE, 'utf8')
    const pglite = code.split('\n').filter((l) => l.includes('@electric-sql/pglite/'))
    expect(pglite.length, 'the bundle refers to PGlite').toBeGreaterThan(0)
    for (const l of pglite)
      expect(l, 'every reference to PGlite is a dynamic import').toMatch(/await import\(/)
    expect(code).not.toMatch(/from ["']@feedsync\//)
  })

  it('given a CODAT_API_KEY that Codat refuses, then the bundle exits 2 before listening, naming CODAT_API_KEY and never the key', async () => {
    const wrong = spawnServer({
      codatBaseUrl: sim.url,
      env: { ...db.env, CODAT_API_KEY: 'a-key-the-simulator-does-not-know' },
      entry: 'bundle',
    })
    await expect(wrong).rejects.toThrow(/code 2[\s\S]*refused CODAT_API_KEY \(HTTP 401/)
    await expect(wrong).rejects.not.toThrow(/a-key-the-simulator-does-not-know/)
  })

  it('given the bundle started with plain node on PGlite, then /readyz answers 200 and a company is onboarded, fed and pushed to QBO', async () => {
    server = await spawnServer({
      codatBaseUrl: sim.url,
      env: { ...db.env, FEEDSYNC_PUSH_POLICY: 'immediate', FEEDSYNC_SYNC_INTERVAL_MS: '3600000' },
      entry: 'bundle',
    })
    const output = server.output
    onTestFailed(() => console.error(`--- server output ---\n${output.slice(-40).join('\n')}`))
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)

    const s = new FeedScenario(server.api, fetchCaller(sim.url, basic(CODAT_KEY)))
    await s.onboard([ACCOUNT], 'Bundle Bakery')
    expect(s.companyId).not.toBe('')
    const today = (await s.now()).slice(0, 10)
    const days = daysEndingOn(today, 2)
    await s.link([ACCOUNT], days[0] ?? today)
    const txns = transactionsOn(days.slice(0, 1), 3)
    await s.record(ACCOUNT, txns)
    const feed = await s.syncUntilSettled(ACCOUNT, 10_000)
    expect(feed.counts.pushed).toBe(txns.length)
    const [qbo] = await s.pull()
    expect(qbo?.lines.filter((l) => !l.isTest).map((l) => l.id)).toEqual(
      expect.arrayContaining(txns.map((t) => t.id)),
    )
  })
})
