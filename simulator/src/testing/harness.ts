import type { FastifyInstance } from 'fastify'
import { assertConforms } from '../conformance/assert-conforms.js'
import type { SimulatorOptions } from '../options.js'
import { buildSimulatorServer } from '../server.js'
import { createSimulator, type Simulator } from '../simulator.js'

export const KEY = 'test-api-key'
export const OTHER_KEY = 'other-tenant-key'
export const START = '2026-03-10T12:00:00Z'
/** `Authorization` value for an API key. */
export const basic = (key: string) => `Basic ${Buffer.from(key).toString('base64')}`

/** What a harness call answers: status, parsed body, headers. */
export interface Reply {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: test convenience over JSON bodies
  body: any
  headers: Record<string, string | string[] | number | undefined>
}

/** A simulator with a frozen clock behind a Fastify app, driven with `app.inject()`. */
export class Harness {
  readonly sim: Simulator
  readonly app: FastifyInstance
  /** Every Codat response is checked against the OpenAPI documents (when ../shared/codat exists). */
  conformance = true

  constructor(options: Partial<SimulatorOptions> = {}) {
    this.sim = createSimulator({
      apiKeys: [KEY, OTHER_KEY],
      seed: 42,
      now: START,
      clock: 'frozen',
      ...options,
    })
    this.app = buildSimulatorServer(this.sim)
  }

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        authorization: basic(KEY),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const parsed = res.body ? JSON.parse(res.body) : undefined
    if (this.conformance) assertConforms(method, url, res.statusCode, parsed)
    return { status: res.statusCode, body: parsed, headers: res.headers }
  }

  async advance(duration: string): Promise<void> {
    const r = await this.call('POST', '/_sim/clock', { advance: duration })
    if (r.status !== 200) throw new Error(`advance failed: ${JSON.stringify(r.body)}`)
  }

  /** Company + hcws connection + one USD source account + credentials, optionally linked in QBO. */
  async setup(opts: { link?: boolean; feedStartDate?: string; accountId?: string } = {}) {
    const company = await this.call('POST', '/companies', { name: 'Acme Ltd' })
    const companyId: string = company.body.id
    const conn = await this.call('POST', `/companies/${companyId}/connections`, { platformKey: 'hcws' })
    const connectionId: string = conn.body.id
    const base = `/companies/${companyId}/connections/${connectionId}`
    const accountId = opts.accountId ?? 'acc-1'
    await this.call('POST', `${base}/connectionInfo/bankFeedAccounts`, {
      id: accountId,
      accountName: 'Business Checking',
      accountType: 'Debit',
      accountNumber: '12345678',
      currency: 'USD',
      balance: 0,
    })
    const creds = await this.call('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`, {})
    if (opts.link !== false) {
      const r = await this.call('POST', '/_sim/qbo/link', {
        companyId,
        connectionId,
        username: creds.body.username,
        password: creds.body.password,
        accounts: [{ sourceAccountId: accountId, qboAccountName: 'Checking (feed)' }],
        feedStartDate: opts.feedStartDate ?? '2026-03-03',
      })
      if (r.status !== 200) throw new Error(`link failed: ${JSON.stringify(r.body)}`)
    }
    return {
      companyId,
      connectionId,
      accountId,
      base,
      creds: creds.body as { username: string; password: string },
      pushUrl: `${base}/push/bankAccounts/${accountId}/bankTransactions`,
    }
  }

  async push(url: string, accountId: string, transactions: unknown[], headers: Record<string, string> = {}) {
    return this.call('POST', url, { accountId, transactions }, headers)
  }
}

let n = 0
/** A QBO-valid line. */
export function line(date: string, amount: string, balance: string, extra: Record<string, unknown> = {}) {
  n += 1
  return {
    id: `t-${n}`,
    date,
    description: `line ${n}`,
    amount: Number(amount),
    balance: Number(balance),
    ...extra,
  }
}
