/**
 * Real examples for the OpenAPI document (`/openapi.json`, `/docs`), so Swagger's "Try it out" and
 * its sample replies show ids, decimal-string amounts and dates instead of `"string"`. Applied to the
 * generated document (a copy: route schemas are shared objects) by `withExamples`, from one table
 * keyed by property or parameter name; a few names mean different things in different objects and
 * are told apart by their siblings. A schema's own `examples` always win. Enums take their first
 * value. Every example is checked against its own schema in `openapi-examples.test.ts`.
 */

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  examples?: unknown[]
  example?: unknown
  enum?: unknown[]
  const?: unknown
  type?: string | string[]
}

const COMPANY_ID = '8a210b68-6988-11ed-a1eb-0242ac120002'
const CONNECTION_ID = '2e9d2c44-f675-40ba-8049-353bfcb5e171'
const PUSH_KEY = 'b8c2e7a4-3f1d-4c5e-9a0b-6d7e8f901234'

/** By name: the example, or a function of the sibling names when the name is ambiguous. */
const BY_NAME: Record<string, unknown | ((siblings: ReadonlySet<string>) => unknown)> = {
  companyId: COMPANY_ID,
  connectionId: CONNECTION_ID,
  accountId: 'chk-001',
  limit: 100,
  after: 'evt_1042_0',
  next: 'evt_1042_0',
  targetAccountId: 'qbo-acct-35',
  targetAccountName: 'Business Checking (bank feed)',
  transactionId: 'txn-2026-11-29-003',
  batchId: 'batch-chk-001-2026-11-29-1',
  pushOperationKey: PUSH_KEY,
  'idempotency-key': 'onboard-bakery-2026-11-29',
  id: (s: ReadonlySet<string>) =>
    s.has('accountType')
      ? 'chk-001'
      : s.has('name') && s.has('balance')
        ? 'ledger-acct-35'
        : 'txn-2026-11-29-003',
  name: (s: ReadonlySet<string>) =>
    s.has('accounts') || s.has('onboardedAt') ? 'Green Grocer Bakery Ltd' : 'Business Checking',
  description: (s: ReadonlySet<string>) =>
    s.has('amount') ? 'Card payment, Corner Flour Mill' : 'Two shops on Main Street; customer since 2019',
  accountName: 'Business Checking',
  accountNumber: '12345678',
  sortCode: '40-47-84',
  currency: 'USD',
  timeZone: 'America/New_York',
  balance: (s: ReadonlySet<string>) => (s.has('accountType') ? '1250.00' : '978.30'),
  pushedBalance: '978.30',
  amount: '-12.34',
  date: '2026-11-29',
  asOf: '2026-11-29',
  today: '2026-12-02',
  feedStartDate: '2026-11-25',
  destinationNewestDate: '2026-11-29',
  onboardedAt: '2026-11-25T09:14:03.120Z',
  plannedAt: '2026-11-29T17:00:02.451Z',
  completedAt: '2026-11-29T17:00:09.877Z',
  expiresAt: '2026-12-02T09:30:00.000Z',
  expiry: '2026-12-02T09:30:00.000Z',
  at: '2026-11-29T17:00:09.877Z',
  type: (s: ReadonlySet<string>) =>
    s.has('title') ? 'https://feedsync.dev/problems/validation-failed' : 'Debit',
  title: 'Unprocessable Entity',
  detail: 'transactions/0/amount: must be a decimal string such as "-12.34"',
  code: (s: ReadonlySet<string>) => (s.has('title') ? 'validation_failed' : 'before_feed_start'),
  message: 'Dated 2026-11-20, before the feed start date 2026-11-25 the customer chose in QuickBooks.',
  note: 'Customer confirmed the late posting by phone',
  by: 'ops@bank.example',
  'x-operator': 'ops@bank.example',
  stuckForMinutes: 60,
  notice: 'Shown once: give these to the customer to type in QuickBooks; feedsync does not keep them.',
  username: 'qbo-user-7f3a9c',
  password: 'Kx7-pQ2m-Vt9w',
  otp: '482913',
  linkUrl:
    'https://link.codat.io/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171/start',
  url: 'https://feeds.bank.example/app/portal?token=eyJjIjoiOGEyMTBiNjgifQ.sig',
  offset: '+00:00',
  codatStatus: 'linked',
  status: (s: ReadonlySet<string>) =>
    s.has('title')
      ? 422
      : s.has('attempt')
        ? 200
        : s.has('attempts')
          ? 'delivered'
          : s.has('lines')
            ? 'Success'
            : 'Linked',
  // Outbound webhooks: an endpoint, its secret (shown once), a delivery and its attempts.
  webhookId: (s: ReadonlySet<string>) =>
    s.has('attempts') ? 'msg_812_4f1c0d2e9a7b6c5d4e3f2a1b' : 'wh_4f1c0d2e9a7b6c5d4e3f2a1b',
  deliveryId: 'evt_812_0',
  eventId: 'evt_812_0',
  createdAt: '2026-11-29T09:30:00.000Z',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  nextAttemptAt: null,
  attempt: 1,
  ok: true,
  error: 'timeout after 10000 ms',
  payload: {
    id: 'evt_812_0',
    type: 'transactions.pushed',
    timestamp: '2026-11-29T09:31:02.000Z',
    data: { companyId: COMPANY_ID, accountId: 'chk-001' },
  },
  final: true,
  partial: false,
  page: 1,
  pageSize: 100,
  totalResults: 250,
  lines: 42,
  recorded: 3,
  duplicates: 1,
  rejected: 0,
  batchesPushed: 1,
  reconciled: 0,
  pushed: 120,
  inFlight: 0,
  in_flight: 0,
  ready: 3,
  held: 1,
  quarantined: 0,
  pending: 2,
  dismissed: 0,
  replaced: 1,
  redated: 0,
}

/**
 * The onboarding `balance`, explained (Swagger shows it on the property and on the route): what the
 * bank sends and what feedsync does with it.
 */
export const OPENING_BALANCE =
  "The feed's opening balance: the account's balance before the first transaction you will send to " +
  'feedsync (for example its balance at the end of yesterday; "0.00" for a new account), as a decimal ' +
  'string in the account\'s currency with at most its decimals ("1250.00"). Codat gets it as the source ' +
  "account's balance; feedsync's running balances and its reconciliation with QuickBooks start from it " +
  '(opening balance + every amount since). It is set once, at onboarding.'

/** Property descriptions that need more than the schema says, by name and siblings (appended once). */
function describe(name: string, schema: Schema, siblings: ReadonlySet<string>): void {
  if (name !== 'balance' || !siblings.has('accountType')) return
  const own = typeof schema.description === 'string' ? schema.description : ''
  if (!own.includes(OPENING_BALANCE))
    schema.description = own === '' ? OPENING_BALANCE : `${OPENING_BALANCE} ${own}`
}

const literalOf = (s: Schema): unknown =>
  s.const !== undefined ? s.const : Array.isArray(s.enum) && s.enum.length > 0 ? s.enum[0] : undefined

/** The first allowed value of an enum (or a union of literals), skipping null. */
function firstLiteral(s: Schema): unknown {
  const own = literalOf(s)
  if (own !== undefined && own !== null) return own
  for (const branch of s.anyOf ?? s.oneOf ?? []) {
    const v = literalOf(branch)
    if (v !== undefined && v !== null) return v
  }
  return undefined
}

const isStructure = (s: Schema): boolean =>
  s.type === 'object' ||
  s.type === 'array' ||
  (s.anyOf ?? s.oneOf ?? []).some((b) => b.type === 'object' || b.type === 'array')

/** The example for property `name` of an object whose properties are `siblings`; undefined: none known. */
export function exampleFor(name: string, schema: Schema, siblings: ReadonlySet<string>): unknown {
  const literal = firstLiteral(schema)
  if (literal !== undefined) return literal
  const entry = BY_NAME[name]
  if (typeof entry === 'function') return (entry as (s: ReadonlySet<string>) => unknown)(siblings)
  return entry
}

function fill(schema: Schema, name: string, siblings: ReadonlySet<string>): void {
  if (schema.examples !== undefined || schema.example !== undefined || isStructure(schema)) return
  const value = exampleFor(name, schema, siblings)
  if (value !== undefined) schema.examples = [value]
}

function walk(schema: Schema | undefined): void {
  if (schema === undefined || typeof schema !== 'object') return
  if (schema.properties !== undefined) {
    const siblings = new Set(Object.keys(schema.properties))
    for (const [name, p] of Object.entries(schema.properties)) {
      describe(name, p, siblings)
      fill(p, name, siblings)
      walk(p)
    }
  }
  for (const list of [schema.anyOf, schema.oneOf, schema.allOf]) for (const s of list ?? []) walk(s)
  walk(schema.items)
  if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties as Schema)
}

interface Operation {
  parameters?: { name: string; schema?: Schema; example?: unknown; examples?: unknown }[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>
}

/**
 * A copy of the OpenAPI document with an example on every parameter and every leaf property the
 * table knows (see the module comment).
 *
 * @example
 * await app.register(swagger, { openapi, transformObject: ({ openapiObject }) => withExamples(openapiObject) })
 */
export function withExamples<T>(document: T): T {
  const doc = structuredClone(document) as T & { paths?: Record<string, Record<string, Operation>> }
  for (const methods of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(methods)) {
      if (typeof op !== 'object' || op === null) continue
      for (const p of op.parameters ?? []) {
        const own = p.example !== undefined || p.examples !== undefined
        if (p.schema !== undefined && !own) fill(p.schema, p.name, new Set())
      }
      for (const c of Object.values(op.requestBody?.content ?? {})) walk(c.schema)
      for (const r of Object.values(op.responses ?? {}))
        for (const c of Object.values(r.content ?? {})) walk(c.schema)
    }
  }
  return doc
}
