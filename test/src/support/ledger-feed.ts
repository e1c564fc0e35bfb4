/**
 * One bank account fed straight from the core's planner into the simulator's Codat API, with no
 * server in between: the planner plans, the lines are built as the engine builds them
 * (`Destination.lineTransactionType` for the type), the simulator judges each push by the platform's
 * own rule checker, and the outcome goes back into the core. `LEDGER_ROWS` is the table of
 * platforms (how the SMB links one account in the simulator); a property test loops over it.
 */
import {
  type AccountState,
  type Command,
  type DestinationId,
  decide,
  destinationOf,
  evolve,
  initialState,
  type Plan,
  type PlanLimits,
  type PlannedLine,
  planBatches,
} from '@feedsync/core'
import type { Simulator, SimulatorOptions } from '@feedsync/simulator'
import { CODAT_KEY } from './keys.js'
import { newSimulator } from './simulator.js'

/** A parsed simulator answer. */
export interface SimReply {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the simulator, read field by field
  body: any
}

/** Calls the simulator's whole HTTP pipeline in this process (Codat routes and `/_sim`). */
export async function simCall(
  sim: Simulator,
  method: string,
  url: string,
  body?: string | object,
  headers: Record<string, string> = {},
): Promise<SimReply> {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const res = await sim.handle({
    method,
    url,
    headers: {
      authorization: `Basic ${Buffer.from(CODAT_KEY).toString('base64')}`,
      ...(text === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: text,
  })
  const raw = res.body
  return { status: res.status, body: typeof raw === 'string' && raw.length > 0 ? JSON.parse(raw) : raw }
}

async function expectOk(what: string, reply: Promise<SimReply>): Promise<SimReply> {
  const r = await reply
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
  return r
}

/** Where the fed account lives in the simulator. */
export interface LinkedAccount {
  companyId: string
  connectionId: string
  accountId: string
  /** The feed start day the ledger reports (Sage: the connect day, S7). */
  feedStartDay: string
}

/** One platform: the simulator options it runs with and how the SMB links one account. */
export interface LedgerRow {
  readonly destination: DestinationId
  readonly label: string
  readonly sim: Partial<SimulatorOptions>
  /** Days before the sync day a bank line may be dated, to reach past the platform's oldest day. */
  readonly history: { readonly min: number; readonly max: number }
  /** Links one account of a new company with `feedStartDate` (YYYY-MM-DD; Sage ignores it). */
  link(sim: Simulator, feedStartDate: string): Promise<LinkedAccount>
}

const ACCOUNT = 'acc-1'

async function companyWithAccount(sim: Simulator, platformKey: string) {
  const company = await expectOk('company', simCall(sim, 'POST', '/companies', { name: 'Feed Ltd' }))
  const companyId: string = company.body.id
  const conn = await expectOk(
    'connection',
    simCall(sim, 'POST', `/companies/${companyId}/connections`, { platformKey }),
  )
  const connectionId: string = conn.body.id
  const base = `/companies/${companyId}/connections/${connectionId}`
  await expectOk(
    'source account',
    simCall(sim, 'POST', `${base}/connectionInfo/bankFeedAccounts`, {
      id: ACCOUNT,
      accountName: 'Business Checking',
      accountType: 'Debit',
      accountNumber: '12345678',
      sortCode: '123456',
      currency: 'USD',
      balance: 0,
    }),
  )
  return { companyId, connectionId, base }
}

async function feedStartOf(sim: Simulator, base: string): Promise<string> {
  const accounts = await expectOk(
    'source accounts',
    simCall(sim, 'GET', `${base}/connectionInfo/bankFeedAccounts`),
  )
  const list = Array.isArray(accounts.body) ? accounts.body : (accounts.body.results ?? [])
  const a = list.find((x: { id: string }) => x.id === ACCOUNT)
  if (a?.status !== 'connected') throw new Error(`account not connected: ${JSON.stringify(a)}`)
  return String(a.feedStartDate).slice(0, 10)
}

/** QuickBooks Online (`hcws`): one-time credentials typed into QBO's link flow (Q1). */
export const QBO_ROW: LedgerRow = {
  destination: 'qbo',
  label: 'QBO',
  sim: {},
  history: { min: -10, max: 1 },
  async link(sim, feedStartDate) {
    const { companyId, connectionId, base } = await companyWithAccount(sim, 'hcws')
    const creds = await expectOk(
      'credentials',
      simCall(sim, 'POST', `${base}/connectionInfo/bankFeedAccounts/credentials`, {}),
    )
    await expectOk(
      'qbo link',
      simCall(sim, 'POST', '/_sim/qbo/link', {
        companyId,
        connectionId,
        username: creds.body.username,
        password: creds.body.password,
        accounts: [{ sourceAccountId: ACCOUNT, qboAccountName: 'Checking (feed)' }],
        feedStartDate,
      }),
    )
    return { companyId, connectionId, accountId: ACCOUNT, feedStartDay: await feedStartOf(sim, base) }
  },
}

/** Xero (`gbol`): consent at the linkUrl, then the account mapped to a Xero bank account (X9-X14). */
export const XERO_ROW: LedgerRow = {
  destination: 'xero',
  label: 'Xero',
  sim: {},
  history: { min: -372, max: 1 },
  async link(sim, feedStartDate) {
    const { companyId, connectionId, base } = await companyWithAccount(sim, 'gbol')
    const org = await expectOk(
      'xero org',
      simCall(sim, 'POST', '/_sim/xero/orgs', {
        name: 'Feed Ltd books',
        baseCurrency: 'USD',
        bankAccounts: [{ name: 'Checking', type: 'BANK', currency: 'USD', accountNumber: '555' }],
      }),
    )
    const conn = await expectOk('connection', simCall(sim, 'GET', base))
    const otp = new URL(conn.body.linkUrl).searchParams.get('otp')
    await expectOk(
      'xero consent',
      simCall(sim, 'POST', '/_sim/xero/consent', {
        companyId,
        connectionId,
        otp,
        orgId: org.body.id,
        decision: 'allow',
      }),
    )
    const mapping = await expectOk('mapping', simCall(sim, 'GET', `${base}/bankFeedAccounts/mapping`))
    const target = mapping.body[0].targetAccountOptions[0]
    await expectOk(
      'map',
      simCall(sim, 'POST', `${base}/bankFeedAccounts/mapping`, {
        sourceAccountId: ACCOUNT,
        targetAccountId: target.id,
        feedStartDate: `${feedStartDate}T00:00:00`,
      }),
    )
    await expectOk('clock', simCall(sim, 'POST', '/_sim/clock', { advance: sim.options.xeroMappingLatency }))
    return { companyId, connectionId, accountId: ACCOUNT, feedStartDay: await feedStartOf(sim, base) }
  },
}

/** Sage (`olpr`): the SMB connects from inside Sage with the connection id and a one-time code (S6). */
export const SAGE_ROW: LedgerRow = {
  destination: 'sage',
  label: 'Sage',
  sim: {},
  history: { min: -4, max: 1 },
  async link(sim) {
    const { companyId, connectionId, base } = await companyWithAccount(sim, 'olpr')
    const business = await expectOk(
      'sage business',
      simCall(sim, 'POST', '/_sim/sage/businesses', {
        name: 'Feed Ltd books',
        bankAccounts: [{ id: 'bank-1', name: 'Current account', currency: 'USD' }],
      }),
    )
    const bank = { businessId: business.body.id, sageBankAccountId: 'bank-1' }
    const otp = await expectOk('otp', simCall(sim, 'POST', `${base}/bankFeeds/otp`))
    await expectOk(
      'connect bank',
      simCall(sim, 'POST', '/_sim/sage/connect-bank', { ...bank, connectionId, otp: otp.body.otp }),
    )
    await expectOk('select', simCall(sim, 'POST', '/_sim/sage/select', { ...bank, sourceAccountId: ACCOUNT }))
    await expectOk('confirm', simCall(sim, 'POST', '/_sim/sage/confirm', bank))
    return { companyId, connectionId, accountId: ACCOUNT, feedStartDay: await feedStartOf(sim, base) }
  },
}

/** Every platform, QBO first. */
export const LEDGER_ROWS: readonly LedgerRow[] = [QBO_ROW, XERO_ROW, SAGE_ROW]

/** What one push came to in the simulator. */
export interface PushOutcome {
  batchId: string
  status: string
  errors: { itemId: string | null; message: string }[]
  /** Plans made while the push was Pending at Codat: how many batches each held. */
  batchesWhilePending: number[]
}

/** The account's core state and the simulator account it feeds, driven together. */
export class LedgerFeed {
  readonly state: AccountState = initialState()
  readonly outcomes: PushOutcome[] = []
  private batches = 0

  constructor(
    readonly sim: Simulator,
    readonly row: LedgerRow,
    readonly linked: LinkedAccount,
    readonly limits: Partial<PlanLimits>,
  ) {}

  /** A new simulator at `start` with the row's options and one account linked; the core registered and linked. */
  static async open(row: LedgerRow, start: string, feedStartDate: string, limits: Partial<PlanLimits>) {
    const sim = newSimulator({ now: start, ...row.sim })
    const linked = await row.link(sim, feedStartDate)
    const feed = new LedgerFeed(sim, row, linked, limits)
    const at = feed.now()
    feed.apply({
      type: 'RegisterAccount',
      accountId: linked.accountId,
      currency: 'USD',
      openingBalance: '0.00',
      destination: row.destination,
      at,
    })
    feed.apply({ type: 'LinkFeed', feedStartDate: linked.feedStartDay, at })
    return feed
  }

  now(): string {
    return this.sim.now().toISOString()
  }

  /** Applies a command to the core state; answers whether it was accepted. */
  apply(command: Command): boolean {
    const d = decide(command, this.state)
    if (d.ok) for (const e of d.events) evolve(this.state, e)
    return d.ok
  }

  async setClock(now: string): Promise<void> {
    await expectOk('clock', simCall(this.sim, 'POST', '/_sim/clock', { now }))
  }

  plan(): Plan {
    return planBatches(this.state, this.now(), this.limits)
  }

  /**
   * Syncs as the worker does: plan, record the intent, push the first batch, wait for its outcome,
   * record it, plan again, until nothing is left to push (or a push did not succeed).
   */
  async sync(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const now = this.now()
      const batchId = `b${this.batches++}`
      if (!this.apply({ type: 'PlanBatch', batchId, now, limits: this.limits })) return
      const batch = this.state.batches.get(batchId)
      if (batch === undefined) return // nothing to push
      const outcome = await this.push(batchId)
      this.outcomes.push(outcome)
      if (outcome.status !== 'Success') return
      this.apply({ type: 'RecordBatchSucceeded', batchId, at: this.now() })
    }
  }

  /** The Codat body of planned lines, as the engine's client sends it (exact JSON numbers). */
  private body(lines: readonly PlannedLine[]): string {
    const d = destinationOf(this.state)
    const json = lines.map((l) => {
      const t = this.state.txns.get(l.transactionId)
      const type = t === undefined ? undefined : d.lineTransactionType(t)
      const fields = [
        `"id":${JSON.stringify(l.transactionId)}`,
        `"date":${JSON.stringify(l.date)}`,
        `"description":${JSON.stringify(t?.description ?? l.transactionId)}`,
        `"amount":${l.amount}`,
        `"balance":${l.balance}`,
        ...(type === undefined ? [] : [`"transactionType":${JSON.stringify(type)}`]),
      ]
      return `{${fields.join(',')}}`
    })
    return `{"accountId":${JSON.stringify(this.linked.accountId)},"transactions":[${json.join(',')}]}`
  }

  private async send(lines: readonly PlannedLine[], key: string): Promise<SimReply> {
    const { companyId, connectionId, accountId } = this.linked
    const url = `/companies/${companyId}/connections/${connectionId}/push/bankAccounts/${accountId}/bankTransactions`
    return expectOk('push', simCall(this.sim, 'POST', url, this.body(lines), { 'idempotency-key': key }))
  }

  private async push(batchId: string): Promise<PushOutcome> {
    const batch = this.state.batches.get(batchId)
    const pushed = await this.send(batch?.lines ?? [], batchId)
    const url = `/companies/${this.linked.companyId}/push/${pushed.body.pushOperationKey}`
    let op = pushed.body
    const batchesWhilePending: number[] = []
    for (let i = 0; op.status === 'Pending' && i < 20; i++) {
      const plan = this.plan()
      batchesWhilePending.push(plan.batches.length)
      const next = plan.batches[0]
      if (next !== undefined) {
        // A plan that holds a batch now would be pushed by the worker: let the platform judge it.
        const concurrent = await this.send(next.lines, `${batchId}-while-pending-${i}`)
        this.outcomes.push(outcomeOf(`${batchId}-while-pending-${i}`, concurrent.body, []))
      }
      await this.setClock(new Date(Date.parse(this.now()) + 15_000).toISOString())
      op = (await expectOk('operation', simCall(this.sim, 'GET', url))).body
    }
    return outcomeOf(batchId, op, batchesWhilePending)
  }
}

// biome-ignore lint/suspicious/noExplicitAny: a push operation's JSON body
function outcomeOf(batchId: string, op: any, batchesWhilePending: number[]): PushOutcome {
  return {
    batchId,
    status: op.status,
    errors: (op.validation?.errors ?? []).map((e: { itemId: string | null; message: string }) => ({
      itemId: e.itemId,
      message: e.message,
    })),
    batchesWhilePending,
  }
}
