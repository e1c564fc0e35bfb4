import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { CodatApiError } from './errors.js'
import type { LimitedOutcome, LimitedRequest, RequestLimiter } from './limiter.js'
import { BASE, COMPANY_ID, errorBody, testClient, useFakeCodat } from './testing/codat-fake.js'

const { server, log } = useFakeCodat()
/** Requests answered by this file's one-shot overrides (the fake's own handlers log theirs). */
let overridden = 0

/** A limiter that records what it is asked and told, and grants (or refuses) as set. */
function recordingLimiter(refuseMs?: number) {
  const asked: { request: LimitedRequest; maxWaitMs: number; sentBefore: number }[] = []
  const told: LimitedOutcome[] = []
  const limiter: RequestLimiter = {
    async acquire(request, maxWaitMs) {
      asked.push({ request, maxWaitMs, sentBefore: log.length + overridden })
      if (refuseMs !== undefined) return { ok: false, retryAfterMs: refuseMs }
      return { ok: true, done: (outcome) => told.push(outcome) }
    },
  }
  return { limiter, asked, told }
}

describe('a request limiter', () => {
  it('given a limiter, when a call is retried after a 429, then every attempt is acquired before it is sent and its outcome reported', async () => {
    server.use(
      http.get(
        `${BASE}/companies/:companyId`,
        () => {
          overridden++
          return HttpResponse.json(errorBody(429, 'too many'), {
            status: 429,
            headers: { 'retry-after': '3' },
          })
        },
        { once: true },
      ),
    )
    overridden = 0
    const { limiter, asked, told } = recordingLimiter()
    const { client, sleeps } = testClient({ limiter })
    await client.companies.get({ companyId: COMPANY_ID })
    expect(asked.map((a) => a.sentBefore)).toEqual([0, 1])
    expect(asked[0]?.request).toEqual({
      operation: 'companies.get',
      method: 'GET',
      path: `/companies/${COMPANY_ID}`,
      companyId: COMPANY_ID,
    })
    expect(asked[0]?.maxWaitMs).toBe(60_000)
    expect(told).toEqual([
      { status: 429, retryAfterMs: 3000 },
      { status: 200, retryAfterMs: undefined },
    ])
    expect(sleeps).toEqual([3000])
  })

  it('names no company for /companies itself', async () => {
    const { limiter, asked } = recordingLimiter()
    const { client } = testClient({ limiter })
    await client.companies.list()
    expect(asked[0]?.request.companyId).toBeUndefined()
  })

  it('given a limiter blocked for longer than the call may wait, then nothing is sent and the call fails as a 429 with the wait', async () => {
    const { limiter } = recordingLimiter(120_000)
    const { client } = testClient({ limiter })
    const error = await client.companies.get({ companyId: COMPANY_ID }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CodatApiError)
    expect((error as CodatApiError).status).toBe(429)
    expect((error as CodatApiError).retryAfterMs).toBe(120_000)
    expect(log).toHaveLength(0)
  })
})
