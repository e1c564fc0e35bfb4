import { describe, expect, it } from 'vitest'
import { assertConforms, conformanceAvailable } from './assert-conforms.js'

describe('the OpenAPI conformance checker used by every Harness test', () => {
  it('accepts a conforming body and rejects wrong shapes, undeclared 2xx and bodies on 204', () => {
    if (!conformanceAvailable()) {
      console.log('skipped: ../shared/codat is absent')
      return
    }
    const id = '6e3e4f5a-1b2c-4d3e-8f9a-0b1c2d3e4f5a'
    expect(() =>
      assertConforms('GET', `/companies/${id}`, 200, { id, name: 'A', redirect: 'https://link.codat.io/x' }),
    ).not.toThrow()
    expect(() =>
      assertConforms('GET', `/companies/${id}`, 200, { id, name: 7, redirect: 'https://x' }),
    ).toThrow(/does not match/)
    expect(() => assertConforms('GET', `/companies/${id}`, 201, {})).toThrow(/not declared/)
    expect(() => assertConforms('DELETE', `/companies/${id}`, 204, { x: 1 })).toThrow(/no body/)
    const conn = `/companies/${id}/connections/${id}`
    expect(() => assertConforms('GET', conn, 200, { id, status: 'Sideways' })).toThrow(/does not match/)
    expect(() =>
      assertConforms('GET', `${conn}/data/proxy?endpoint=x`, 200, { username: 'u', password: 'p' }),
    ).not.toThrow()
    expect(() => assertConforms('GET', `/companies/${id}`, 422, { statusCode: '422' })).toThrow(
      /does not match/,
    )
  })
})
