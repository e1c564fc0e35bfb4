// Test support for the generative API test: whole-request mutations (content types, malformed bodies,
// bad URL encoding, path shapes, authorization, methods), as `Mutation`s of a valid request.
import fc from 'fast-check'
import type { ApiRequest, Operation } from './api-requests.js'
import { KEY_B } from './harness.js'
import type { Mutation } from './hostile-values.js'
import { show } from './hostile-values.js'
import { jsonText } from './schema-arbitrary.js'

type Change = Partial<Pick<ApiRequest, 'rawBody' | 'contentType' | 'authorization' | 'method' | 'must'>> & {
  url?: (url: string) => string
  path?: Record<string, string>
}
interface Case {
  cls: string
  must: boolean
  what: string
  change: (req: ApiRequest) => Change
}

const BAD_ESCAPES = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '%FF', '%ED%A0%80', 'a%2', '%%30']
/** Encoded dot segments: URL parsers (light-my-request's, a proxy's) resolve them to another path. */
const DOT_ESCAPES = ['%2e%2e', '%2E', '.%2e']

function bodyCases(op: Operation): Case[] {
  if (op.body === undefined) {
    return ['text/plain', 'application/octet-stream', 'application/json'].map((type) => ({
      cls: 'body on a route without one',
      must: false,
      what: `content-type ${type}`,
      change: () => ({ rawBody: '{"x":1}', contentType: type }),
    }))
  }
  const types: [string, boolean][] = [
    ['text/plain', true],
    ['application/x-www-form-urlencoded', true],
    ['multipart/form-data; boundary=x', true],
    ['application/xml', true],
    ['application/jsonx', true],
    ['application/problem+json', true],
    ['application/json; charset=utf-8', false],
    ['APPLICATION/JSON', false],
  ]
  const raw: [string, string | Buffer, boolean][] = [
    ['truncated JSON', '{', true],
    // An empty body is read as `null`: refused unless the body schema admits null (clear's does).
    ['empty body', '', !op.bodyNullable],
    ['trailing comma', '{"a":1,}', true],
    ['array body', '[]', true],
    ['string body', '"x"', true],
    ['NaN', 'NaN', true],
    ['nesting 200 deep', `${'['.repeat(200)}${']'.repeat(200)}`, true],
    ['trailing garbage', '{} x', true],
    [
      'invalid UTF-8 in a key (an unknown key, ignored)',
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      false,
    ],
    ['body over the limit', `{"x":"${'a'.repeat(2 * 1024 * 1024 + 10)}"}`, true],
    ['BOM before JSON', '\ufeff{}', true],
  ]
  return [
    ...types.map(([type, must]) => ({
      cls: 'wrong content type',
      must,
      what: `content-type ${type}`,
      change: (req: ApiRequest) => ({ contentType: type, rawBody: jsonText(req.body ?? {}) }),
    })),
    {
      cls: 'no content type',
      must: true,
      what: 'no content-type',
      change: () => ({ contentType: null, rawBody: '{}' }),
    },
    {
      // a byte that is no UTF-8 at the start of the first string value: read as U+FFFD, not as sent
      cls: 'invalid UTF-8',
      must: true,
      what: 'invalid UTF-8 in a string value',
      change: (req) => {
        const text = jsonText(req.body ?? {})
        const at = text.indexOf(':"')
        if (at < 0) return { rawBody: text, must: false }
        const bytes = [
          Buffer.from(text.slice(0, at + 2)),
          Buffer.from([0xff]),
          Buffer.from(text.slice(at + 2)),
        ]
        return { rawBody: Buffer.concat(bytes) }
      },
    },
    ...raw.map(([what, body, must]) => ({
      cls: 'malformed body',
      must,
      what,
      change: () => ({ rawBody: body }),
    })),
  ]
}

function pathCases(op: Operation): Case[] {
  const names = op.params.filter((p) => p.in === 'path').map((p) => p.name)
  const out: Case[] = []
  for (const name of names) {
    for (const bad of BAD_ESCAPES) {
      out.push({
        cls: 'bad URL encoding',
        must: true,
        what: `${name} = ${bad}`,
        change: (req) => ({ url: (url) => url.replace(encodeURIComponent(req.path[name] ?? ''), bad) }),
      })
    }
    for (const dots of DOT_ESCAPES) {
      out.push({
        cls: 'encoded dot segment',
        must: false,
        what: `${name} = ${dots}`,
        change: (req) => ({ url: (url) => url.replace(encodeURIComponent(req.path[name] ?? ''), dots) }),
      })
    }
    for (const n of [101, 150, 201, 1000, 20_000]) {
      out.push({
        cls: n > 200 ? 'path id over its limit' : 'long path id',
        must: n > 200,
        what: `${name} of ${n} characters`,
        change: (req) => ({
          url: (url) => url.replace(encodeURIComponent(req.path[name] ?? ''), 'a'.repeat(n)),
        }),
      })
    }
  }
  const shapes: [string, boolean, (url: string) => string][] = [
    ['trailing slash', true, (u) => u.replace(/(\?|$)/, '/$1')],
    ['double slash', true, (u) => u.replace(/^(\/[^/?]+)\//, '$1//')],
    ['extra segment', true, (u) => u.replace(/(\?|$)/, '/extra$1')],
    ['matrix parameter', true, (u) => u.replace(/(\?|$)/, ';x=1$1')],
    ['bad query escape', false, (u) => `${u}${u.includes('?') ? '&' : '?'}junk=%zz`],
    ['empty query pairs', false, (u) => `${u}${u.includes('?') ? '&' : '?'}&&==&`],
    ['query over 8 kB', false, (u) => `${u}${u.includes('?') ? '&' : '?'}q=${'b'.repeat(9000)}`],
  ]
  for (const [what, must, url] of shapes) {
    // an edit that leaves this operation's url as it is (no `/v1/` to double) is no mutation
    if (url(op.path) !== op.path || !must)
      out.push({ cls: 'path shape', must, what, change: () => ({ url }) })
  }
  return out
}

function accessCases(op: Operation, companyId: string): Case[] {
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => m !== op.method)
  const out: Case[] = methods.map((method) => ({
    cls: 'other method',
    must: false,
    what: method,
    change: () => ({ method }),
  }))
  if (!op.secured) return out
  const auths: [string, string | null, boolean][] = [
    ['no authorization', null, true],
    ['unknown key', 'Bearer not-a-key-0123456789abcdef', true],
    ['Basic scheme', 'Basic dXNlcjpwYXNz', true],
    ['empty Bearer', 'Bearer ', true],
    ['key with a trailing space', 'Bearer tenant-a-key-0123456789abcdef ', false],
    ['lower-case scheme', 'bearer tenant-a-key-0123456789abcdef', false],
  ]
  for (const [what, authorization, must] of auths)
    out.push({ cls: 'bad authorization', must, what, change: () => ({ authorization }) })
  const names = op.params.filter((p) => p.in === 'path').map((p) => p.name)
  if (names.includes('companyId')) {
    // the other tenant's key on tenant A's company: 404, exactly as an unknown id
    out.push({
      cls: 'other tenant',
      must: true,
      what: "tenant B's key",
      change: (req) => ({ authorization: `Bearer ${KEY_B}`, path: { ...req.path, companyId } }),
    })
  }
  return out
}

const casesOf = (op: Operation, companyId: string): Case[] => [
  ...bodyCases(op),
  ...pathCases(op),
  ...accessCases(op, companyId),
]

/** How many whole-request cases `op` has. */
export const transportCaseCount = (op: Operation): number => casesOf(op, '').length

/** Whole-request mutations of `op` (`companyId`: tenant A's, for the other tenant's key). */
export function transportMutationOf(op: Operation, companyId: string): fc.Arbitrary<Mutation> {
  return fc.constantFrom(...casesOf(op, companyId)).map((c) => {
    const label = `${c.cls}: ${show(c.what)}`
    return {
      cls: c.cls,
      must: c.must,
      label,
      apply(req: ApiRequest): ApiRequest {
        const { url, path, ...rest } = c.change(req)
        const next: ApiRequest = { ...req, ...rest, ...(path === undefined ? {} : { path }) }
        return url === undefined ? next : { ...next, urlEdit: url }
      },
      [fc.toStringMethod]: () => label,
    }
  })
}
