import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, harness } from '../testing/harness.js'
import { withExamples } from './openapi-examples.js'

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
  examples?: unknown[]
  example?: unknown
  type?: unknown
}
type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema: Schema; example?: unknown }[]
        requestBody?: { content?: Record<string, { schema: Schema }> }
        responses?: Record<string, { content?: Record<string, { schema: Schema }> }>
      }
    >
  >
}

const isStructure = (s: Schema): boolean =>
  s.type === 'object' ||
  s.type === 'array' ||
  (s.anyOf ?? s.oneOf ?? []).some((b) => b.type === 'object' || b.type === 'array')

/** Every leaf of the document (parameters and non-structure properties), with where it is. */
function leaves(doc: Doc): { where: string; schema: Schema }[] {
  const out: { where: string; schema: Schema }[] = []
  const walk = (s: Schema | undefined, where: string) => {
    if (s === undefined) return
    for (const [name, p] of Object.entries(s.properties ?? {})) {
      if (!isStructure(p)) out.push({ where: `${where}.${name}`, schema: p })
      walk(p, `${where}.${name}`)
    }
    for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(b, where)
    walk(s.items, `${where}[]`)
  }
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const at = `${method.toUpperCase()} ${path}`
      for (const p of op.parameters ?? []) {
        // A parameter's own example (beside its schema) counts as the schema's.
        const schema = p.example === undefined ? p.schema : { ...p.schema, examples: [p.example] }
        out.push({ where: `${at} ${p.in} ${p.name}`, schema })
      }
      for (const c of Object.values(op.requestBody?.content ?? {})) walk(c.schema, `${at} body`)
      for (const [status, r] of Object.entries(op.responses ?? {}))
        for (const c of Object.values(r.content ?? {})) walk(c.schema, `${at} ${status}`)
    }
  }
  return out
}

const examplesOf = (s: Schema): unknown[] => [
  ...(s.examples ?? []),
  ...(s.example === undefined ? [] : [s.example]),
]

describe('the OpenAPI document’s examples', () => {
  let h: Harness
  let doc: Doc
  beforeAll(async () => {
    h = await harness()
    doc = h.app.swagger() as Doc
  })
  afterAll(async () => {
    await h.close()
  })

  it('given every route, then every parameter and every leaf property has an example (add a missing name to BY_NAME in openapi-examples.ts)', () => {
    const all = leaves(doc)
    expect(all.length).toBeGreaterThan(300)
    const missing = all.filter((l) => examplesOf(l.schema).length === 0).map((l) => l.where)
    expect(missing).toEqual([])
  })

  it('given every example, then it is valid under its own schema (so "Try it out" sends a request the route takes)', () => {
    const invalid: string[] = []
    for (const l of leaves(doc)) {
      const { examples: _e, example: _x, ...schema } = l.schema
      const check = Compile(schema as never)
      for (const e of examplesOf(l.schema))
        if (!check.Check(e)) invalid.push(`${l.where}: ${JSON.stringify(e)}`)
    }
    expect(invalid).toEqual([])
  })

  it('given the money and date fields, then they are decimal strings and ISO dates, never "string"', () => {
    const text = JSON.stringify(doc)
    expect(text).not.toMatch(/"examples":\["string"\]/)
    const body = doc.paths['/v1/companies/{companyId}/accounts/{accountId}/transactions']?.post?.requestBody
    const txn = body?.content?.['application/json']?.schema.properties?.transactions?.items?.properties
    for (const e of txn?.amount?.examples ?? ['missing']) expect(e).toMatch(/^-?\d+\.\d{2}$/)
    for (const e of txn?.date?.examples ?? ['missing']) expect(e).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(txn?.id?.examples).toEqual(['txn-2026-11-29-003'])
  })

  it("given the onboarding body, then each account's balance says it is the feed's opening balance and what it is for", () => {
    const body = doc.paths['/v1/companies']?.post?.requestBody?.content?.['application/json']?.schema
    const balance = body?.properties?.accounts?.items?.properties?.balance
    expect(balance?.description).toContain(
      "The feed's opening balance: the account's balance before the first transaction",
    )
    expect(balance?.description).toContain('reconciliation')
    const txn = doc.paths['/v1/companies/{companyId}/accounts/{accountId}/transactions']?.post?.requestBody
    const lineBalance =
      txn?.content?.['application/json']?.schema.properties?.transactions?.items?.properties?.balance
    expect(lineBalance?.description ?? '').not.toContain('opening balance')
  })

  it('given a schema that brings its own example, then that one is kept, and the input is not changed', () => {
    const input = {
      paths: {
        '/x': {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { amount: { type: 'string', examples: ['5.00'] }, date: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    }
    const out = withExamples(input)
    const props = out.paths['/x'].post.requestBody.content['application/json'].schema.properties
    expect(props.amount.examples).toEqual(['5.00'])
    expect((props.date as { examples?: unknown[] }).examples).toEqual(['2026-11-29'])
    expect(
      input.paths['/x'].post.requestBody.content['application/json'].schema.properties.date as object,
    ).toEqual({
      type: 'string',
    })
  })
})
