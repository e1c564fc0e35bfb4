import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulator } from '../simulator.js'

describe('paging', () => {
  it('the pages of any list, concatenated, are the whole list in order; links appear exactly when a page exists', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 1, max: 10 }), (count, pageSize) => {
        const sim = createSimulator({ apiKeys: ['k'], seed: 1, now: '2026-03-10T12:00:00Z', clock: 'frozen' })
        const ids: string[] = []
        for (let i = 0; i < count; i++) {
          ids.push(
            (sim.api.createCompany({ apiKey: 'k', body: { name: `c${i}` } }).body as { id: string }).id,
          )
        }
        const seen: string[] = []
        const pages = Math.max(1, Math.ceil(count / pageSize))
        for (let page = 1; page <= pages + 1; page++) {
          const body = sim.api.listCompanies({
            apiKey: 'k',
            query: { page: String(page), pageSize: String(pageSize) },
          }).body as {
            results: { id: string }[]
            totalResults: number
            pageNumber: number
            _links: Record<string, { href: string }>
          }
          expect(body.totalResults).toBe(count)
          expect(body.pageNumber).toBe(page)
          expect('next' in body._links).toBe(page * pageSize < count)
          expect('previous' in body._links).toBe(page > 1)
          seen.push(...body.results.map((r) => r.id))
        }
        expect(seen).toEqual(ids)
      }),
      { numRuns: 200 },
    )
  })
})
