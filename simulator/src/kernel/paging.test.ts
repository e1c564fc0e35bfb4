import { describe, expect, it } from 'vitest'
import { PagingError, paginate } from './paging.js'

const spec = { typeName: 'Thing', fields: ['id'] }
const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
const page = (q: Record<string, string>) => paginate(items, spec, '/things', q)

describe('paginate: page and pageSize are positive int32 integers within the document bounds', () => {
  it.each([
    ['page', '0'],
    ['page', '-1'],
    ['page', '1.5'],
    ['page', '1e3'],
    ['page', '+1'],
    ['page', ' 1'],
    ['page', ''],
    ['page', '12345678901234567890'],
    ['page', '2147483648'],
    ['pageSize', '0'],
    ['pageSize', '1.5'],
    ['pageSize', '5001'],
    ['pageSize', '00000000000000000001'],
    ['pageSize', ''],
  ])('%s=%s is refused', (k, v) => {
    expect(() => page({ [k]: v })).toThrow(PagingError)
  })

  it('accepts the bounds themselves: page 1 and 2147483647, pageSize 1 and 5000', () => {
    expect(page({ page: '1', pageSize: '1' }).results).toEqual([{ id: 'a' }])
    expect(page({ page: '2147483647', pageSize: '5000' })).toMatchObject({ results: [], totalResults: 3 })
    expect(page({}).pageSize).toBe(100)
  })
})
