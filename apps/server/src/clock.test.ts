import { describe, expect, it } from 'vitest'
import { ClockUnavailableError, ManualClock, simulatorClock } from './clock.js'

describe('clocks', () => {
  it('the simulator clock reads GET /_sim/clock with the Codat key as Basic auth', async () => {
    const seen: { url: string; auth: string | null }[] = []
    const fetchFn = (async (url: string, init?: RequestInit) => {
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') })
      return new Response(JSON.stringify({ now: '2026-03-10T12:00:00Z' }), { status: 200 })
    }) as typeof fetch
    const clock = simulatorClock('http://127.0.0.1:4010/', 'k', fetchFn)
    expect(await clock.now()).toBe('2026-03-10T12:00:00.000Z')
    expect(seen).toEqual([
      { url: 'http://127.0.0.1:4010/_sim/clock', auth: `Basic ${Buffer.from('k').toString('base64')}` },
    ])
  })

  it('the simulator clock fails loudly on a bad answer', async () => {
    const fetchFn = (async () => new Response('{"now":"soon"}', { status: 200 })) as unknown as typeof fetch
    await expect(simulatorClock('http://x', 'k', fetchFn).now()).rejects.toThrow(/ISO/)
  })

  it('an unreachable simulator clock is a typed error (answered 503 by the API)', async () => {
    const fetchFn = (async () => {
      throw new TypeError('fetch failed')
    }) as unknown as typeof fetch
    await expect(simulatorClock('http://x', 'k', fetchFn).now()).rejects.toThrow(ClockUnavailableError)
  })

  it('a manual clock moves only when told', async () => {
    const c = new ManualClock('2026-11-25T00:00:00Z')
    c.advance(90_000)
    expect(await c.now()).toBe('2026-11-25T00:01:30.000Z')
  })
})
