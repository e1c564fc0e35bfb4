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

/** One request to the simulator's Codat API as answered: wall-clock arrival, status, `Retry-After`. */
export interface CodatLogEntry {
  readonly at: number
  /** Wall-clock time the answer was ready. */
  readonly doneAt: number
  readonly request: string
  readonly status: number
  /** Seconds, as the simulator announced them on a 429. */
  readonly retryAfter: number | undefined
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
  /** The same requests with their arrival time (wall clock), status and any `Retry-After`. */
  codatLog(): readonly CodatLogEntry[]
  /** How many simulator events of `type` were recorded (`PushRequested`, `FaultApplied`, ...). */
  eventCount(type: string): number
  close(): Promise<void>
}

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<ListeningSimulator> {
  const sim = newSimulator(options)
  let inFlight = 0
  const codat: string[] = []
  const log: CodatLogEntry[] = []
  const counted: Simulator = {
    ...sim,
    async handle(req) {
      const isCodat = !req.url.startsWith('/_sim')
      if (isCodat) codat.push(`${req.method} ${req.url}`)
      const at = Date.now()
      inFlight++
      try {
        const res = await sim.handle(req)
        if (isCodat) {
          const retryAfter = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1]
          log.push({
            at,
            doneAt: Date.now(),
            request: `${req.method} ${req.url}`,
            status: res.status,
            retryAfter: retryAfter === undefined ? undefined : Number(retryAfter),
          })
        }
        return res
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
    codatLog: () => log,
    eventCount(type) {
      const events = sim.control.events({ type }).body
      return Array.isArray(events) ? events.length : 0
    },
    close: () => app.close(),
  }
}
