import type { ResolvedOptions } from '../options.js'
import type { Prng } from './prng.js'
import type { SimState } from './state.js'

/** What every model function works on: the state, the settings, the PRNG and the current simulated time. */
export interface Ctx {
  state: SimState
  opts: ResolvedOptions
  rng: Prng
  now: number
}

/** A response from the model: what an HTTP adapter writes back. `drop` = destroy the connection. */
export interface SimResponse {
  status: number
  body?: unknown
  headers: Record<string, string>
  drop?: boolean
}

export function ok(status: number, body?: unknown): SimResponse {
  return body === undefined ? { status, headers: {} } : { status, body, headers: {} }
}
