import { simulatorClock } from '@feedsync/server'
import type { Simulator, SimulatorOptions } from '@feedsync/simulator'
import { simulatorHandlers } from '@feedsync/simulator'
import type { EventStore } from '@feedsync/store'
import { setupServer } from 'msw/node'
import { basic, fetchCaller } from './api-client.js'
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './database.js'
import { FeedScenario } from './feed-scenario.js'
import { type InProcessServer, startInProcessServer } from './in-process-server.js'
import { CODAT_KEY } from './keys.js'
import { type PlatformCase, QBO_PLATFORM } from './platforms.js'
import { newSimulator, startSimulator } from './simulator.js'

/** How the server reaches the simulator: msw intercepting fetch in-process, or a real loopback socket. */
export type Transport = 'msw' | 'http'

/** Where the msw handlers answer (never resolved on the network: msw intercepts it). */
export const MSW_CODAT_URL = 'https://codat.e2e.test'

/** Server (in this process) + simulator + a fresh database, wired together. */
export interface System {
  readonly sim: Simulator
  readonly server: InProcessServer
  readonly store: EventStore
  readonly db: TestDatabase
  readonly scenario: FeedScenario
  close(): Promise<void>
}

/**
 * Starts the whole system in this process. `msw`: the Codat base URL is intercepted by the simulator's
 * msw handlers and the server's clock reads the simulator directly; `http`: the simulator listens on a
 * port and the server's clock is `simulatorClock` over HTTP (what `FEEDSYNC_CLOCK=simulator` uses).
 * `platform` (QBO unless told) is the ledger `scenario` links to; its simulator options come after `sim`.
 */
export async function startSystem(options: {
  transport: Transport
  database: DatabaseKind
  platform?: PlatformCase
  sim?: Partial<SimulatorOptions>
  env?: Record<string, string>
  codatTimeoutMs?: number
}): Promise<System> {
  const platform = options.platform ?? QBO_PLATFORM
  const simOptions: Partial<SimulatorOptions> = {
    ...options.sim,
    ...platform.sim({ pushLatencyMs: 0, ...options.sim }),
  }
  const db = await createTestDatabase(options.database)
  const store = await db.openStore()
  const closers: (() => Promise<void> | void)[] = []
  try {
    let sim: Simulator
    let codatBaseUrl: string
    let server: InProcessServer
    if (options.transport === 'msw') {
      sim = newSimulator(simOptions)
      codatBaseUrl = MSW_CODAT_URL
      const msw = setupServer(...simulatorHandlers(sim, codatBaseUrl))
      msw.listen({ onUnhandledRequest: 'error' })
      closers.push(() => msw.close())
      const s = sim
      server = await startInProcessServer({
        store,
        codatBaseUrl,
        clock: { now: async () => s.now().toISOString() },
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.codatTimeoutMs === undefined ? {} : { codatTimeoutMs: options.codatTimeoutMs }),
      })
    } else {
      const listening = await startSimulator(simOptions)
      closers.push(() => listening.close())
      sim = listening.sim
      codatBaseUrl = listening.url
      server = await startInProcessServer({
        store,
        codatBaseUrl,
        clock: simulatorClock(codatBaseUrl, CODAT_KEY),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.codatTimeoutMs === undefined ? {} : { codatTimeoutMs: options.codatTimeoutMs }),
      })
    }
    closers.push(() => server.close())
    const scenario = new FeedScenario(server.api, fetchCaller(codatBaseUrl, basic(CODAT_KEY)), platform)
    return {
      sim,
      server,
      store,
      db,
      scenario,
      async close() {
        for (const c of closers.reverse()) await c()
        await store.close()
        await db.dispose()
      },
    }
  } catch (error) {
    for (const c of closers.reverse()) await c()
    await store.close()
    await db.dispose()
    throw error
  }
}
