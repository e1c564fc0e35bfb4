import { describe, expect, it } from 'vitest'
import { matches, parseQuery } from './query.js'

const where = (q: string, obj: unknown) => matches(parseQuery(q), obj, (f) => f.split('.'))

describe('Codat query language', () => {
  const op = {
    status: 'Failed',
    statusCode: 400,
    dataType: 'bankTransactions',
    requestedOnUtc: '2026-03-10T12:00:00Z',
    tags: { region: 'uk' },
  }

  it('supports = != ~ > < >= <= on strings, numbers and dates', () => {
    expect(where('status=Failed', op)).toBe(true)
    expect(where('status!=Failed', op)).toBe(false)
    expect(where('dataType~Trans', op)).toBe(true)
    expect(where('statusCode>399', op)).toBe(true)
    expect(where('statusCode<=399', op)).toBe(false)
    expect(where('requestedOnUtc>=2026-03-10', op)).toBe(true)
    expect(where('requestedOnUtc<2026-03-10', op)).toBe(false)
    expect(where('tags.region = uk', op)).toBe(true)
  })

  it('&& binds tighter than ||, and { } groups', () => {
    expect(where('status=Success || status=Failed && statusCode=400', op)).toBe(true)
    expect(where('{status=Success || status=Failed} && statusCode=200', op)).toBe(false)
    expect(where('{statusCode > 500 || statusCode < 401} && status != Success', op)).toBe(true)
  })

  it('rejects malformed expressions', () => {
    for (const bad of [
      'status',
      'status=',
      '{status=Failed',
      'status=Failed &&',
      'status==x',
      '=x',
      'a=b}',
    ]) {
      expect(() => parseQuery(bad)).toThrow()
    }
  })
})
