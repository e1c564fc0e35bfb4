import { describe, expect, it } from 'vitest'
import { rewriteNullable } from './rewrite-nullable.js'

describe('rewriteNullable', () => {
  it('rewrites in place so JSON pointers through the node still resolve, and leaves examples alone', () => {
    const s = {
      a: { type: 'string', nullable: true, example: { nullable: true } },
      b: { $ref: '#/x', nullable: true },
      c: { allOf: [{ type: 'object' }], nullable: true, properties: { p: { type: 'integer' } } },
    }
    rewriteNullable(s)
    expect(s).toEqual({
      a: { type: ['string', 'null'], example: { nullable: true } },
      b: { anyOf: [{ $ref: '#/x' }, { type: 'null' }] },
      c: {
        anyOf: [{ allOf: [{ type: 'object' }] }, { type: 'null' }],
        properties: { p: { type: 'integer' } },
      },
    })
  })
})
