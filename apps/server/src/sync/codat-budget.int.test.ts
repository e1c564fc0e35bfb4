import { randomUUID } from 'node:crypto'
import type { LimitedRequest, RequestLimiter } from '@feedsync/codat-client'
import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bucketLimits, CodatBudget, type CodatBudgetSettings } from './codat-budget.js'

const url = process.env.TEST_DATABASE_URL
if (url === undefined) console.warn('[codat-budget] Postgres cases skipped: TEST_DATABASE_URL is not set')

/** Two processes' stores: two pools on one Postgres database, or one in-memory PGlite shared. */
const DATABASES = [
  {
    name: 'PGlite',
    skip: false,
    open: async (): Promise<[EventStore, EventStore]> => {
      const store = await createEventStore({ kind: 'pglite' })
      return [store, store]
    },
  },
  {
    name: 'Postgres',
    skip: url === undefined,
    open: async (): Promise<[EventStore, EventStore]> => [
      await createEventStore({ kind: 'postgres', url: url ?? '' }),
      await createEventStore({ kind: 'postgres', url: url ?? '' }),
    ],
  },
]

const call = (companyId?: string): LimitedRequest => ({
  operation: 'companies.get',
  method: 'GET',
  path: companyId === undefined ? '/companies' : `/companies/${companyId}`,
  companyId,
})

/** Acquires, and reports the outcome at once (a request that took no time). */
async function send(limiter: RequestLimiter, request = call(), maxWaitMs = 60_000) {
  const grant = await limiter.acquire(request, maxWaitMs)
  if (grant.ok) grant.done({ status: 200, retryAfterMs: undefined })
  return grant
}

for (const db of DATABASES) {
  describe.skipIf(db.skip)(`the Codat request budget on ${db.name}`, () => {
    let stores: [EventStore, EventStore]
    beforeAll(async () => {
      stores = await db.open()
    }, 60_000)
    afterAll(async () => {
      await Promise.all([...new Set(stores)].map((s) => s.close()))
    })

    let failed = 0
    let statements = 0
    const none = { inc: () => {} }
    const metrics = {
      tokensTaken: none,
      statements: { inc: () => void statements++ },
      waits: none,
      waitSeconds: none,
      rateLimited: none,
      errors: { inc: () => void failed++ },
    }
    const metricsErrors = async () => failed
    const two = (settings: Partial<CodatBudgetSettings> = {}) => {
      const key = `codat-${randomUUID()}`
      const full = { perMinute: 600, blockSize: 5, companyConcurrency: 10, ...settings }
      return [
        new CodatBudget({ store: stores[0], settings: full, key, metrics }),
        new CodatBudget({ store: stores[1], settings: full, key, metrics }),
      ] as const
    }

    it('given two budgets on one database with many callers, then together they never pass the bucket: burst + rate × elapsed + the blocks they hold', async () => {
      const [a, b] = two({ perMinute: 600 })
      const { capacity, perSecond } = bucketLimits(600)
      const statementsBefore = statements
      const started = performance.now()
      const granted: number[] = []
      const runFor = 1500
      const caller = async (budget: CodatBudget) => {
        while (performance.now() - started < runFor) {
          const grant = await send(budget)
          if (grant.ok) granted.push(performance.now() - started)
        }
      }
      await Promise.all(Array.from({ length: 8 }, (_, i) => caller(i % 2 === 0 ? a : b)))
      granted.sort((x, y) => x - y)
      for (const [i, at] of granted.entries()) {
        expect(i + 1, `grant ${i + 1} at ${Math.round(at)} ms`).toBeLessThanOrEqual(
          capacity + (perSecond * at) / 1000 + 2 * 5,
        )
      }
      expect(await metricsErrors(), 'no budget statement failed').toBe(0)
      // Tokens come in blocks (4 callers wait per budget): well under one statement per request.
      const perRequest = (statements - statementsBefore) / granted.length
      console.log(`${db.name}: ${granted.length} requests, ${perRequest.toFixed(2)} budget statements each`)
      expect(perRequest).toBeLessThanOrEqual(0.5)
      // ... and the budget is spent, not starved: at least the burst went out.
      expect(granted.length).toBeGreaterThanOrEqual(capacity)
    })

    it('given a 429 with Retry-After seen by one budget, then the other sends nothing until it ends, and refuses callers who will not wait that long', async () => {
      const [a, b] = two()
      const first = await a.acquire(call(), 60_000)
      expect(first.ok).toBe(true)
      if (first.ok) first.done({ status: 429, retryAfterMs: 1200 })
      await a.settled() // the block's write is not awaited by the request
      const refused = await b.acquire(call(), 200)
      expect(refused).toMatchObject({ ok: false })
      if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(900)
      // The one that saw the 429 holds back too, without asking the database.
      expect(await a.acquire(call(), 0)).toMatchObject({ ok: false })
      const started = performance.now()
      expect((await send(b)).ok).toBe(true)
      expect(performance.now() - started).toBeGreaterThanOrEqual(800)
    })

    it('given tokens one budget reserved ahead, when another process blocks the bucket (a 429) before they come due, then it sends nothing until the block ends', async () => {
      const key = `codat-${randomUUID()}`
      const limits = bucketLimits(600)
      let tookAhead: () => void = () => {}
      const reserved = new Promise<void>((resolve) => {
        tookAhead = resolve
      })
      const watched = {
        takeTokens: async (...args: Parameters<EventStore['takeTokens']>) => {
          const taken = await stores[1].takeTokens(...args)
          if (taken.granted > 0 && taken.waitMs > 0) tookAhead()
          return taken
        },
        blockTokens: (k: string, ms: number) => stores[1].blockTokens(k, ms),
      }
      const b = new CodatBudget({
        store: watched,
        settings: { perMinute: 600, blockSize: 1, companyConcurrency: 10 },
        key,
        metrics,
      })
      // Others spent the burst and reserved ahead: b's token is due about 1.3 s from now.
      expect((await stores[0].takeTokens(key, 40, limits)).granted).toBe(40)
      const sent = send(b)
      await reserved
      await stores[0].blockTokens(key, 3000)
      const blockedAt = performance.now()
      expect((await sent).ok).toBe(true)
      expect(performance.now() - blockedAt).toBeGreaterThanOrEqual(2900)
    })

    it('lets at most companyConcurrency requests per company be in flight, and other companies pass', async () => {
      const [a] = two({ companyConcurrency: 2, perMinute: 6000 })
      let inFlight = 0
      let most = 0
      const held = async (companyId: string) => {
        const grant = await a.acquire(call(companyId), 60_000)
        if (!grant.ok) throw new Error('refused')
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 30))
        inFlight--
        grant.done({ status: 200, retryAfterMs: undefined })
      }
      const busy = Promise.all(Array.from({ length: 6 }, () => held('co-1')))
      const other = await a.acquire(call('co-2'), 60_000)
      expect(other.ok).toBe(true)
      if (other.ok) other.done({ status: 200, retryAfterMs: undefined })
      await busy
      expect(most).toBe(2)
    })

    it('serves waiting callers oldest first, for tokens and for company slots', async () => {
      const [a] = two({ perMinute: 1200, blockSize: 1 })
      const { capacity } = bucketLimits(1200)
      for (let i = 0; i < capacity; i++) expect((await send(a)).ok).toBe(true)
      const order: number[] = []
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          await send(a)
          order.push(i)
        }),
      )
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7])

      const [c] = two({ perMinute: 6000, companyConcurrency: 1 })
      const gate = await c.acquire(call('co-1'), 60_000)
      const slots: number[] = []
      const queued = Array.from({ length: 5 }, async (_, i) => {
        await send(c, call('co-1'))
        slots.push(i)
      })
      if (gate.ok) gate.done({ status: 200, retryAfterMs: undefined })
      await Promise.all(queued)
      expect(slots).toEqual([0, 1, 2, 3, 4])
    })
  })
}
