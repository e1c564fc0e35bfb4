// When a push operation is read: the pause after each Pending answer (`nextReadMs`), per destination.
import { destinations } from '@feedsync/core'
import { describe, expect, it } from 'vitest'
import { nextReadMs } from './batch-machine.js'
import { type BatchPhase, phaseOf } from './batch-phase.js'
import { operation, PLANNED_AT, rig, stateWith } from './batch-rig.js'

/** A fake Codat whose push stays Pending `pendingMs` of the time the machine sleeps. */
function pendingFor(pendingMs: number) {
  let elapsed = 0
  return {
    onSleep: (ms: number) => {
      elapsed += ms
    },
    get: async () => operation(elapsed >= pendingMs ? 'Success' : 'Pending'),
  }
}

/** Steps a fresh batch until it is settled (at most `limit` steps). */
async function settle(r: ReturnType<typeof rig>, limit = 10): Promise<BatchPhase> {
  let phase = phaseOf(stateWith('planned'), 'b1', { fresh: true })
  for (let i = 0; i < limit && (phase.status === 'planned' || phase.status === 'submitted'); i++) {
    phase = await r.step(phase)
  }
  return phase
}

const defaults = { pollFirstMs: undefined, pollIntervalMs: 1000, pollMaxIntervalMs: 10_000, maxPolls: 30 }

describe('when a pending push is read', () => {
  it("given a QBO push Codat completes after 2 s, waits QBO's usual Pending time once, then reads it once: 1 create + 1 read", async () => {
    const r = rig({ state: stateWith('planned'), settings: defaults, ...pendingFor(2000) })
    expect(await settle(r)).toMatchObject({ status: 'outcome', outcome: 'succeeded' })
    expect(r.calls).toEqual(['create', 'get'])
    expect(r.sleeps()).toEqual([2000])
  })

  it('given a push still Pending after the usual time, widens from FEEDSYNC_POLL_INTERVAL_MS after the first read', async () => {
    const r = rig({ state: stateWith('planned'), settings: defaults, ...pendingFor(5000) })
    expect(await settle(r)).toMatchObject({ status: 'outcome', outcome: 'succeeded' })
    // 2 s (Pending) + 1 s (Pending) + 2 s (Success at 5 s).
    expect(r.sleeps()).toEqual([2000, 1000, 2000])
    expect(r.calls).toEqual(['create', 'get', 'get', 'get'])
  })

  it("given a Sage account, waits Sage's usual Pending time (S22, 60 s) before the first read", async () => {
    const sageAccount = {
      accountId: 'acc-1',
      currency: 'GBP',
      decimals: 2,
      openingBalance: 0n,
      timeZone: 'Europe/London',
      registeredAt: PLANNED_AT,
      destination: 'sage' as const,
    }
    const r = rig({
      state: { ...stateWith('planned'), account: sageAccount },
      settings: defaults,
      ...pendingFor(60_000),
    })
    expect(await settle(r)).toMatchObject({ status: 'outcome', outcome: 'succeeded' })
    expect(r.sleeps()).toEqual([60_000])
    expect(r.calls).toEqual(['create', 'get'])
  })

  it("given pollFirstMs set, waits that instead of the destination's figure", async () => {
    const r = rig({
      state: stateWith('planned'),
      settings: { ...defaults, pollFirstMs: 300 },
      ...pendingFor(0),
    })
    await settle(r)
    expect(r.sleeps()).toEqual([300])
  })

  it('given a create answered with a terminal status, records it without pause or read', async () => {
    const r = rig({
      state: stateWith('planned'),
      settings: defaults,
      create: async () => operation('Success'),
    })
    expect(await settle(r)).toMatchObject({ status: 'outcome', outcome: 'succeeded' })
    expect(r.calls).toEqual(['create'])
    expect(r.sleeps()).toEqual([])
  })

  it('given a batch found submitted by a later sync (its push long past), reads it at once', async () => {
    const r = rig({ state: stateWith('submitted', 'op-1'), settings: defaults })
    await r.step(phaseOf(stateWith('submitted', 'op-1'), 'b1', { fresh: false }))
    expect(r.calls).toEqual(['get'])
    expect(r.sleeps()).toEqual([])
  })
})

describe('nextReadMs', () => {
  it("first waits the destination's usual Pending time (QBO 2 s, Xero 5 s, Sage 60 s), or pollFirstMs when set", () => {
    expect(
      [destinations.qbo, destinations.xero, destinations.sage].map((d) => nextReadMs(0, d, defaults)),
    ).toEqual([2000, 5000, 60_000])
    expect(nextReadMs(0, destinations.sage, { ...defaults, pollFirstMs: 0 })).toBe(0)
  })

  it('then widens the pause between reads of a Pending operation, doubling up to the maximum', () => {
    const settings = { pollFirstMs: undefined, pollIntervalMs: 1000, pollMaxIntervalMs: 10_000 }
    expect([1, 2, 3, 4, 5, 6, 30].map((n) => nextReadMs(n, destinations.qbo, settings))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ])
    const zero = { pollFirstMs: undefined, pollIntervalMs: 0, pollMaxIntervalMs: 10_000 }
    expect(nextReadMs(1, destinations.qbo, zero)).toBe(0)
    // A maximum below the first pause never shortens it.
    const low = { pollFirstMs: undefined, pollIntervalMs: 500, pollMaxIntervalMs: 100 }
    expect(nextReadMs(4, destinations.qbo, low)).toBe(500)
  })
})
