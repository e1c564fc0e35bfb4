// Test support for the generative API test: one app per file on PGlite, seeded through the API with
// real companies, accounts and transactions in each state the routes act on; hints that point
// generated path parameters at them; the state a refusal must leave unchanged.
import { createEventStore } from '@feedsync/store'
import fc from 'fast-check'
import { type Operation, operationsOf } from './api-requests.js'
import { auth, type Harness, harness, KEY_B } from './harness.js'
import { decimal, type Hint, isoDay } from './schema-arbitrary.js'

/** The transactions the action routes act on, one per state (replaced after a run changes them). */
export type Role = 'pending' | 'cleared' | 'early' | 'held'
const ROLES: Role[] = ['pending', 'cleared', 'early', 'held']

/** What a refusal must not change: every stream's version, Codat's calls, the API's views. */
export interface State {
  readonly streams: string
  readonly codatCalls: number
  readonly views: string
}

export interface World {
  readonly h: Harness
  readonly doc: unknown
  readonly operations: Operation[]
  readonly companyId: string
  readonly otherTenantCompanyId: string
  readonly roles: Record<Role, string>
  readonly hint: Hint
  /** Set when a run changed something; `refresh` then seeds fresh role transactions. */
  dirty: boolean
  /** The state after the last refusal, while nothing has changed since. */
  settled: State | undefined
  state(): Promise<State>
  refresh(): Promise<void>
  close(): Promise<void>
}

const UNKNOWN_COMPANY = '5a7b0c3e-0000-4000-8000-000000000000'
const ACCOUNTS = [
  {
    id: 'acc-1',
    accountName: 'Checking',
    accountType: 'checking',
    accountNumber: '12345670',
    currency: 'USD',
    balance: '1000.00',
  },
  {
    id: 'acc-2',
    accountName: 'Savings',
    accountType: 'savings',
    accountNumber: '12345671',
    currency: 'EUR',
    balance: '0',
  },
]

/** The app, seeded: tenant A's company (acc-1 linked from 2026-11-20, acc-2 not), tenant B's company. */
export async function createWorld(): Promise<World> {
  const store = await createEventStore({ kind: 'pglite' })
  const h = await harness({
    store,
    env: { FEEDSYNC_RATE_LIMIT_PER_MINUTE: '1000000', FEEDSYNC_AUTH_FAILURES_PER_MINUTE: '1000000' },
  })
  const send = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, key?: string) => {
    const res = await h.app.inject({
      method,
      url,
      headers: auth(key),
      ...(payload === undefined ? {} : { payload: payload as string }),
    })
    if (res.statusCode >= 300) throw new Error(`seeding ${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const onboard = (key?: string) =>
    send('POST', '/v1/companies', { name: 'Generative Co', accounts: ACCOUNTS }, key)
  const a = await onboard()
  const b = await onboard(KEY_B)
  h.codat.link(a.connectionId, ['acc-1'], '2026-11-20')
  const base = `/v1/companies/${a.companyId}/accounts/acc-1`
  await send('POST', `${base}/sync`)
  let n = 0
  const roles = {} as Record<Role, string>
  const { doc, operations } = operationsOf(h.app)
  const world: World = {
    h,
    doc,
    operations,
    companyId: a.companyId,
    otherTenantCompanyId: b.companyId,
    roles,
    hint: hintFor(a.companyId, b.companyId, roles),
    dirty: true,
    settled: undefined,
    async state() {
      const streams = (await store.listStreams()).map((s) => `${s.stream}@${s.version}`).sort()
      const read = await Promise.all(
        [
          `${base}/feed`,
          `${base}/transactions?pageSize=1000&orderBy=id`,
          `/v1/companies/${a.companyId}/operations`,
        ].map(async (url) => (await h.app.inject({ method: 'GET', url, headers: auth() })).body),
      )
      return { streams: streams.join('\n'), codatCalls: h.codat.calls.length, views: read.join('\n') }
    },
    async refresh() {
      if (!world.dirty) return
      world.settled = undefined
      n++
      await send('PATCH', `${base}/settings`, { latePostings: 'quarantine', note: 'generative reset' })
      const ids = Object.fromEntries(ROLES.map((r) => [r, `${r}-${n}`])) as Record<Role, string>
      await send('POST', `${base}/transactions`, {
        transactions: [
          {
            id: ids.pending,
            date: '2026-11-24',
            description: 'Pending card',
            amount: '-5.00',
            status: 'pending',
          },
          { id: ids.cleared, date: '2026-11-24', description: 'Cleared', amount: '7.00', status: 'cleared' },
          {
            id: ids.early,
            date: '2026-11-19',
            description: 'Before the feed start',
            amount: '-2.00',
            status: 'cleared',
          },
          {
            id: ids.held,
            date: '2026-11-25',
            description: 'Off balance',
            amount: '1.00',
            balance: '-999999.00',
            status: 'cleared',
          },
        ],
      })
      Object.assign(roles, ids)
      world.dirty = false
    },
    async close() {
      await h.close()
      await store.close()
    },
  }
  await world.refresh()
  return world
}

const SAFE = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'.split(''))
const token = (prefix: string) =>
  fc.string({ unit: SAFE, minLength: 1, maxLength: 12 }).map((s) => `${prefix}${s}`)

/** Meaningful valid values where a schema alone would give noise: real ids, dates, amounts. */
function hintFor(companyId: string, otherCompanyId: string, roles: Record<Role, string>): Hint {
  return (where, name) => {
    switch (where) {
      case 'path.companyId':
        return fc.constantFrom(
          companyId,
          companyId,
          companyId,
          companyId,
          companyId,
          otherCompanyId,
          UNKNOWN_COMPANY,
        )
      case 'path.accountId':
        return fc.constantFrom('acc-1', 'acc-1', 'acc-1', 'acc-2', 'acc-9')
      case 'path.transactionId':
      case 'body.transactions[].replacesPendingId':
        return fc
          .constantFrom<Role | 'unknown'>(...ROLES, 'unknown')
          .map((r) => (r === 'unknown' ? 'no-such-txn' : roles[r]))
      case 'body.transactions[].id':
        return token('g-')
      case 'body.accounts[].id':
        return token('acc-')
      case 'body.transactions[].currency':
        return fc.constantFrom('USD', 'EUR')
      case 'body.accounts[].currency':
        return fc.constantFrom('USD', 'EUR', 'GBP')
      case 'body.transactions[].type':
        return fc.constantFrom('Credit', 'Debit', 'Unknown')
      case 'header.idempotency-key':
        return fc.uuid()
      case 'header.x-operator':
        return fc.constantFrom('ops@bank.example', 'Jane Doe')
      default:
        break
    }
    if (/date$|^asOf$/i.test(name)) {
      return fc.oneof(
        isoDay(),
        isoDay().map((d) => `${d}T10:00:00-05:00`),
      )
    }
    if (/^(amount|balance|openingBalance|availableBalance)$/.test(name)) return decimal()
    if (name === 'timeZone') return fc.constantFrom('America/New_York', 'UTC', 'Europe/London')
    if (name === 'accountNumber') return fc.stringMatching(/^\d{4,12}$/)
    return undefined
  }
}
