import { CodatApiError, CodatNetworkError } from '@feedsync/codat-client'
import { describe, expect, it } from 'vitest'
import { ClockUnavailableError } from '../clock.js'
import { ServiceError } from '../errors.js'
import { toProblem } from './error-handler.js'
import { STATUS_OF } from './problem.js'

const ctx = { operation: 'companies.create', method: 'POST', path: '/companies', attempts: 3 }

describe('toProblem', () => {
  it('maps Codat being down or rate-limiting us to 503, and Codat refusing to 502', () => {
    expect(toProblem(new CodatApiError(ctx, 429, { error: 'slow down' }))).toMatchObject({
      status: 503,
      code: 'codat_unavailable',
    })
    expect(toProblem(new CodatApiError(ctx, 500, undefined))).toMatchObject({
      status: 503,
      code: 'codat_unavailable',
    })
    expect(toProblem(new CodatNetworkError(ctx, 'reset'))).toMatchObject({
      status: 503,
      code: 'codat_unavailable',
    })
    expect(toProblem(new CodatApiError(ctx, 400, { error: 'bad name' }))).toMatchObject({
      status: 502,
      code: 'codat_rejected',
      detail: 'Codat refused the request (HTTP 400): bad name',
    })
  })

  it("names CODAT_API_KEY when Codat refuses feedsync's own key (401, 403), still a 502", () => {
    for (const status of [401, 403]) {
      const p = toProblem(new CodatApiError(ctx, status, { error: 'Unauthorized' }))
      expect(p).toMatchObject({ status: 502, code: 'codat_rejected' })
      expect(p?.detail).toContain('CODAT_API_KEY')
    }
    expect(toProblem(new CodatApiError(ctx, 400, { error: 'x' }))?.detail).not.toContain('CODAT_API_KEY')
  })

  it('maps an unreadable simulator clock to 503 and leaves unknown errors to the 500 path', () => {
    expect(toProblem(new ClockUnavailableError('simulator clock unreachable'))).toMatchObject({ status: 503 })
    expect(toProblem(new Error('boom'))).toBeUndefined()
  })

  it('takes every status from the one map', () => {
    for (const code of Object.keys(STATUS_OF) as (keyof typeof STATUS_OF)[]) {
      const p = toProblem(new ServiceError(code, 'x'))
      if (p === undefined) throw new Error(`no problem for ${code}`)
      expect(p.status).toBe(STATUS_OF[code])
      expect(p.status).toBeGreaterThanOrEqual(400)
      expect(p.type).toContain(code.replaceAll('_', '-'))
    }
  })
})
