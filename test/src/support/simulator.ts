import {
  buildSimulatorServer,
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from '@feedsync/simulator'
import { CODAT_KEY, SIM_START } from './keys.js'

/** A simulator in this process, frozen at `SIM_START`, pushes completing at once, seeded. */
export function newSimulator(options: Partial<SimulatorOptions> = {}): Simulator {
  return createSimulator({
    apiKeys: [CODAT_KEY],
    seed: 7,
    now: SIM_START,
    clock: 'frozen',
    pushLatencyMs: 0,
    ...options,
  })
}

/** A simulator listening on a loopback port (port 0: the system picks one). */
export interface ListeningSimulator {
  readonly sim: Simulator
  readonly url: string
  /** Requests being processed right now (e.g. held by a latency fault after their caller died). */
  inFlight(): number
  /**
   * Every request to the simulator's Codat API so far (`/_sim/*` control requests left out), in
   * arrival order as `METHOD /path?query`: what the engine spent of Codat's request budget.
   */
  codatRequests(): readonly string[]
  /** How many simulator events of `type` were recorded (`PushRequested`, `FaultApplied`, ...). */
  eventCount(type: string): number
  close(): Promise<void>
}

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<ListeningSimulator> {
  const sim = newSimulator(options)
  let inFlight = 0
  const codat: string[] = []
  const counted: Simulator = {
    ...sim,
    async handle(req) {
      if (!req.url.startsWith('/_sim')) codat.push(`${req.method} ${req.url}`)
      inFlight++
      try {
        return await sim.handle(req)
      } finally {
        inFlight--
      }
    },
  }
  const app = buildSimulatorServer(counted)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('simulator has no TCP address')
  return {
    sim,
    url: `http://127.0.0.1:${address.port}`,
    inFlight: () => inFlight,
    codatRequests: () => codat,
    eventCount(type) {
      const events = sim.control.events({ type }).body
      return Array.isArray(events) ? events.length : 0
    },
    close: () => app.close(),
  }
}
