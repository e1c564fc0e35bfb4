/**
 * Where "now" comes from. The system clock in production; the simulator's virtual clock for a local
 * run (`FEEDSYNC_CLOCK=simulator`); a manual clock in tests.
 *
 * @example
 * const at = await clock.now() // '2026-11-25T09:00:00.000Z'
 */
export interface Clock {
  now(): Promise<string>
}

/** The clock could not be read (the simulator's clock is down or answered nonsense). */
export class ClockUnavailableError extends Error {
  override readonly name = 'ClockUnavailableError'
}

export const systemClock: Clock = { now: async () => new Date().toISOString() }

/** Follows the simulator's virtual clock: `GET <baseUrl>/_sim/clock` answers `{ now }`. */
export function simulatorClock(baseUrl: string, apiKey: string, fetchFn: typeof fetch = fetch): Clock {
  const authorization = `Basic ${Buffer.from(apiKey, 'utf8').toString('base64')}`
  const url = `${baseUrl.replace(/\/+$/, '')}/_sim/clock`
  return {
    async now() {
      let body: unknown
      try {
        const res = await fetchFn(url, { headers: { authorization }, signal: AbortSignal.timeout(5000) })
        if (!res.ok) throw new ClockUnavailableError(`simulator clock answered HTTP ${res.status}`)
        body = await res.json()
      } catch (error) {
        if (error instanceof ClockUnavailableError) throw error
        throw new ClockUnavailableError('simulator clock unreachable', { cause: error })
      }
      const now =
        typeof body === 'object' && body !== null && 'now' in body && typeof body.now === 'string'
          ? body.now
          : undefined
      if (now === undefined || Number.isNaN(Date.parse(now)))
        throw new Error('simulator clock sent no ISO `now`')
      return new Date(Date.parse(now)).toISOString()
    },
  }
}

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  private ms_: number

  constructor(start: string) {
    this.ms_ = Date.parse(start)
  }

  async now(): Promise<string> {
    return new Date(this.ms_).toISOString()
  }

  /** The current instant in epoch milliseconds (synchronous, for fakes). */
  get ms(): number {
    return this.ms_
  }

  set(iso: string): void {
    this.ms_ = Date.parse(iso)
  }

  advance(ms: number): void {
    this.ms_ += ms
  }
}
