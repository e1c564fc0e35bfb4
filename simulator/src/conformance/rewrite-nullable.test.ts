import { describe, expect, it } from 'vitest'
import { rewriteNullable } from './rewrite-nullable.js'

describe('rewriteNullable', () => {
  it('rewrites in place so JSON pointers through the node still resolve, and leaves examples alone', () => {
    const s = {
      a: { type: 'string', nullable: true, example: { nullable: true } },
      e: { type: 'string', enum: ['x'], nullable: true },
      f: { type: 'string', nullable: false },
    }
    rewriteNullable(s)
    expect(s).toEqual({
      a: { type: ['string', 'null'], example: { nullable: true } },
      e: { type: ['string', 'null'], enum: ['x', null] },
      f: { type: 'string' },
    })
  })

  it('does not widen where the document does not declare null: beside a $ref, or without a type', () => {
    const s = {
      b: { $ref: '#/x', nullable: true },
      c: { allOf: [{ type: 'object' }], nullable: true, properties: { p: { type: 'integer' } } },
      d: { nullable: true, $ref: '#/y', type: 'string' },
    }
    rewriteNullable(s)
    expect(s).toEqual({
      b: { $ref: '#/x' },
      c: { allOf: [{ type: 'object' }], properties: { p: { type: 'integer' } } },
      d: { $ref: '#/y', type: 'string' },
    })
  })
})
