// Test support: the bad-request catalogue. Each case is answered 4xx problem+json with a stable code,
// and changes nothing: no event appended, no call to Codat.
import { createEventStore, type EventStore } from '@feedsync/store'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { auth, type Harness, harness, onboard } from './harness.js'

/** The app every case of one file runs against: a company onboarded, one transaction `seen` recorded. */
export interface Seeded {
  h: Harness
  store: EventStore
  companyId: string
  /** `/v1/companies/<companyId>/accounts/acc-1` */
  base: string
}

/** One bad request and the problem it must get. The url defaults to `${base}/transactions` (POST). */
export interface BadRequestCase {
  name: string
  method?: 'GET' | 'POST'
  url?: () => string
  req: () => { payload?: unknown; headers?: Record<string, string> }
  status: number
  code: string
}

/** Registers the file's `beforeAll`/`afterAll`; the returned object is filled in before the first test. */
export function seededApp(): Seeded {
  const seeded = {} as Seeded
  beforeAll(async () => {
    seeded.store = await createEventStore({ kind: 'pglite' })
    seeded.h = await harness({ store: seeded.store })
    seeded.companyId = (await onboard(seeded.h)).companyId
    seeded.base = `/v1/companies/${seeded.companyId}/accounts/acc-1`
    const res = await seeded.h.app.inject({
      method: 'POST',
      url: `${seeded.base}/transactions`,
      headers: auth(),
      payload: {
        transactions: [
          { id: 'seen', date: '2026-11-24', description: 'Coffee', amount: '-3.10', status: 'cleared' },
        ],
      },
    })
    expect(res.statusCode).toBe(200)
  })
  afterAll(async () => {
    await seeded.h.close()
    await seeded.store.close()
  })
  return seeded
}

/** One test per case: its status and code, a problem+json body, and nothing changed. */
export function itAnswersEachWithAProblem(seeded: Seeded, cases: readonly BadRequestCase[]): void {
  it.each(cases)('$name → $status $code, problem+json, nothing changes', async (c) => {
    const { h, store, base } = seeded
    const eventCount = async () => (await store.readAll({ limit: 1_000_000 })).events.length
    const before = await eventCount()
    const codatCalls = h.codat.calls.length
    const req = c.req()
    const res = await h.app.inject({
      method: c.method ?? 'POST',
      url: c.url?.() ?? `${base}/transactions`,
      ...(req.headers === undefined ? {} : { headers: req.headers }),
      ...(req.payload === undefined ? {} : { payload: req.payload as string }),
    })
    expect(res.statusCode, res.body).toBe(c.status)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const problem = res.json()
    expect(problem).toMatchObject({ status: c.status, code: c.code })
    expect(typeof problem.type).toBe('string')
    expect(typeof problem.title).toBe('string')
    expect(typeof problem.detail).toBe('string')
    expect(await eventCount()).toBe(before)
    expect(h.codat.calls.length).toBe(codatCalls)
  })
}

/** A valid transaction, with `over` replacing some of its fields. */
export const txn = (over: Record<string, unknown> = {}) => ({
  id: 'new-1',
  date: '2026-11-24',
  description: 'Lunch',
  amount: '-12.30',
  status: 'cleared',
  ...over,
})

/** A raw JSON text body (exactly as sent). */
export const raw = (text: string) => ({
  payload: text,
  headers: { ...auth(), 'content-type': 'application/json' },
})

/** An ingest body of `transactions`. */
export const body = (transactions: unknown[]) => ({ payload: { transactions }, headers: auth() })
