import { describe, expect, it } from 'vitest'
import { OpenApiValidator } from './openapi-validator.js'

const err = { $ref: '#/components/responses/Err' }
const doc = {
  openapi: '3.1.0',
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'get-thing',
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': err,
        },
      },
      delete: { operationId: 'delete-thing', responses: { '204': { description: 'gone' } } },
    },
    '/lists': {
      get: {
        operationId: 'list-things',
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { type: 'array', items: { type: 'string' } },
                    { type: 'array', items: { type: 'integer' } },
                  ],
                },
              },
            },
          },
        },
      },
    },
    '/things/latest': {
      get: {
        operationId: 'latest-thing',
        responses: { '200': { content: { 'application/json': { schema: { type: 'string' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'kind'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          note: { type: 'string', nullable: true },
          parent: { $ref: '#/components/schemas/Ref', nullable: true },
          kind: { oneOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'integer' }] },
          size: { type: 'number', format: 'decimal' },
          state: { type: 'string', enum: ['on', 'off'], nullable: true },
        },
        additionalProperties: false,
      },
      Ref: {
        type: 'object',
        required: ['id'],
        properties: { id: { $ref: '#/components/schemas/Thing/properties/id' } },
      },
      Error: { type: 'object', required: ['statusCode'], properties: { statusCode: { type: 'integer' } } },
      ErrorMessage: { $ref: '#/components/schemas/Error' },
    },
    responses: {
      Err: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
  },
}
const ID = '5a7b3c9e-1d2f-4a6b-8c0d-1e2f3a4b5c6d'
const v = new OpenApiValidator(doc, 'test')

describe('OpenApiValidator', () => {
  it('finds the operation of a concrete path, the most specific template first, ignoring the query', () => {
    expect(v.findOperation('GET', `/things/${ID}?x=1`)?.operationId).toBe('get-thing')
    expect(v.findOperation('get', '/things/latest')?.operationId).toBe('latest-thing')
    expect(v.findOperation('DELETE', '/things/latest')?.operationId).toBe('delete-thing')
    expect(v.findOperation('POST', `/things/${ID}`)).toBeUndefined()
    expect(v.findOperation('GET', '/things/')).toBeUndefined()
  })

  it('accepts a path template as well as a concrete path', () => {
    expect(v.findOperation('GET', '/things/{id}')).toEqual({
      operationId: 'get-thing',
      template: '/things/{id}',
      method: 'GET',
    })
    expect(v.operations().map((o) => `${o.method} ${o.template}`)).toEqual([
      'GET /things/{id}',
      'DELETE /things/{id}',
      'GET /lists',
      'GET /things/latest',
    ])
  })

  it('accepts a body matching the schema, with nullable fields and nullable enums given null', () => {
    const body = { id: ID, kind: 'a', note: null, state: null, size: 1.5 }
    expect(v.validate('GET', `/things/${ID}`, 200, body)).toMatchObject({
      valid: true,
      operationId: 'get-thing',
    })
    expect(v.validate('GET', `/things/${ID}`, 200, { ...body, parent: { id: ID }, state: 'on' }).valid).toBe(
      true,
    )
  })

  it('refuses null for a $ref whose only nullable is its sibling (the document does not declare null)', () => {
    const body = { id: ID, kind: 'a', parent: null }
    const r = v.validate('GET', `/things/${ID}`, 200, body)
    expect(r.valid).toBe(false)
    expect(r.errors.join()).toMatch(/\/parent must be object/)
  })

  it('rejects wrong types, unknown properties, bad formats, missing required fields and failed oneOf', () => {
    const bad = v.validate('GET', `/things/${ID}`, 200, {
      id: 'not-a-uuid',
      kind: 'c',
      extra: 1,
      state: 'dim',
    })
    expect(bad.valid).toBe(false)
    const text = bad.errors.join('\n')
    expect(text).toMatch(/additional properties/)
    expect(text).toMatch(/\/id must match format "uuid"/)
    expect(text).toMatch(/\/kind must match exactly one schema in oneOf/)
    expect(text).toMatch(/\/state must be equal to one of the allowed values/)
    expect(v.validate('GET', `/things/${ID}`, 200, { id: ID }).errors.join()).toMatch(
      /required property 'kind'/,
    )
    expect(v.validate('GET', `/things/${ID}`, 200, { id: ID, kind: 'a', parent: { id: 5 } }).valid).toBe(
      false,
    )
  })

  it('follows $ref to components/responses for error statuses', () => {
    expect(v.validate('GET', `/things/${ID}`, 404, { statusCode: 404 }).valid).toBe(true)
    expect(v.validate('GET', `/things/${ID}`, 404, { statusCode: 'x' }).valid).toBe(false)
  })

  it('reports an undeclared status, or checks it against ErrorMessage when told to', () => {
    const strict = v.validate('GET', `/things/${ID}`, 429, { statusCode: 429 })
    expect(strict.valid).toBe(false)
    expect(strict.errors[0]).toMatch(/HTTP 429 is not declared/)
    const loose = v.validate(
      'GET',
      `/things/${ID}`,
      429,
      { statusCode: 429 },
      { undeclaredError: 'error-message' },
    )
    expect(loose).toMatchObject({ valid: true, responseKey: 'ErrorMessage' })
    expect(v.validate('GET', `/things/${ID}`, 429, {}, { undeclaredError: 'error-message' }).valid).toBe(
      false,
    )
    expect(v.validate('GET', `/things/${ID}`, 201, {}, { undeclaredError: 'error-message' }).valid).toBe(
      false,
    )
  })

  it('requires no body where the document gives no content, and a body where it does', () => {
    expect(v.validate('DELETE', `/things/${ID}`, 204, undefined).valid).toBe(true)
    expect(v.validate('DELETE', `/things/${ID}`, 204, {}).valid).toBe(false)
    expect(v.validate('GET', '/things/latest', 200, undefined).valid).toBe(false)
  })

  it('accepts an empty array that matches both array branches of a list oneOf, and nothing else ambiguous', () => {
    expect(v.validate('GET', '/lists', 200, []).valid).toBe(true)
    expect(v.validate('GET', '/lists', 200, ['a']).valid).toBe(true)
    expect(v.validate('GET', '/lists', 200, [true]).errors.join()).toMatch(/must match exactly one schema/)
    expect(v.validate('GET', '/lists', 200, {}).valid).toBe(false)
    expect(v.validate('GET', `/things/${ID}`, 200, []).valid).toBe(false)
  })

  it('reports a request the document does not declare', () => {
    expect(v.validate('GET', '/nowhere', 200, {}).errors[0]).toMatch(/no such operation/)
  })
})
