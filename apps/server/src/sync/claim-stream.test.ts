import { describe, expect, it } from 'vitest'
import { type Claimed, workClaims } from './claim-stream.js'

/** One turn of the event loop: a stand-in for a sync's I/O. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A due-work table in memory: `claim(limit)` takes the oldest `limit` keys, as `claimDue` does. */
function pool(size: number) {
  const keys = Array.from({ length: size }, (_, i) => i)
  const calls: number[] = []
  return {
    calls,
    left: () => keys.length,
    claim: async (limit: number): Promise<Claimed<number>> => {
      calls.push(limit)
      await turn()
      const tasks = keys.splice(0, limit)
      return { claimed: tasks.length, tasks }
    },
  }
}

const none = async () => {}

describe('workClaims: a cycle claims only what its runners can start on', () => {
  it('given nothing due, when a cycle runs, then it makes one claim and ends not full', async () => {
    const p = pool(0)
    const r = await workClaims({
      width: 4,
      max: 200,
      claim: p.claim,
      work: none,
      closing: () => false,
      release: none,
    })
    expect(r).toEqual({ claimed: 0, full: false })
    expect(p.calls).toEqual([4])
  })

  it('given 30 due keys and 4 runners, then no claim asks for more than the free runners and never more than 4 are held', async () => {
    const p = pool(30)
    let held = 0
    let most = 0
    const claim = async (limit: number) => {
      const got = await p.claim(limit)
      held += got.tasks.length
      most = Math.max(most, held)
      return got
    }
    const work = async () => {
      for (let i = 0; i < 3; i++) await turn()
      held--
    }
    const r = await workClaims({ width: 4, max: 200, claim, work, closing: () => false, release: none })
    expect(r).toEqual({ claimed: 30, full: false })
    expect(p.left()).toBe(0)
    expect(most).toBeLessThanOrEqual(4)
    expect(Math.max(...p.calls)).toBe(4)
  })

  it('given more due than max, then the cycle stops claiming at max and says full', async () => {
    const p = pool(50)
    const r = await workClaims({
      width: 4,
      max: 10,
      claim: p.claim,
      work: turn,
      closing: () => false,
      release: none,
    })
    expect(r).toEqual({ claimed: 10, full: true })
    expect(p.left()).toBe(40)
  })

  it('given three processes on one pool of 120 keys, then each works within 20% of the mean', async () => {
    const p = pool(120)
    const worked = [0, 0, 0]
    await Promise.all(
      worked.map((_, i) =>
        workClaims({
          width: 4,
          max: 200,
          claim: p.claim,
          work: async () => {
            await turn()
            await turn()
            worked[i] = (worked[i] ?? 0) + 1
          },
          closing: () => false,
          release: none,
        }),
      ),
    )
    expect(worked.reduce((a, b) => a + b)).toBe(120)
    for (const w of worked) expect(Math.abs(w - 40)).toBeLessThanOrEqual(8)
  })

  it('given a claim that fails, then the runners at work finish and the cycle rejects with its error', async () => {
    let calls = 0
    let finished = 0
    const claim = async (limit: number): Promise<Claimed<number>> => {
      calls++
      if (calls > 1) throw new Error('database gone')
      return { claimed: limit, tasks: Array.from({ length: limit }, (_, i) => i) }
    }
    const work = async () => {
      await turn()
      finished++
    }
    await expect(
      workClaims({ width: 2, max: 200, claim, work, closing: () => false, release: none }),
    ).rejects.toThrow('database gone')
    expect(finished).toBe(2)
  })

  it('given the worker closing, then queued claims are released, not worked', async () => {
    let closing = false
    const released: number[] = []
    const worked: number[] = []
    const claim = async (limit: number): Promise<Claimed<number>> => {
      closing = true // stop() arrives while the claim is on its way
      return { claimed: limit, tasks: Array.from({ length: limit }, (_, i) => i) }
    }
    const r = await workClaims({
      width: 3,
      max: 200,
      claim,
      work: async (t) => {
        worked.push(t)
      },
      closing: () => closing,
      release: async (t) => {
        released.push(t)
      },
    })
    expect(worked).toEqual([])
    expect(released.sort()).toEqual([0, 1, 2])
    expect(r.claimed).toBe(3)
  })
})
