import { createSimulator, type Simulator } from '../src/index.js'

export const BENCH_KEY = 'bench-key'
export const BENCH_NOW = '2026-03-10T12:00:00Z'
export const authHeader = `Basic ${Buffer.from(BENCH_KEY).toString('base64')}`

/** A simulator tuned for measuring: frozen clock, no rate limit, operations processed inside the request. */
export function benchSimulator(): Simulator {
  return createSimulator({
    apiKeys: [BENCH_KEY],
    seed: 99,
    now: BENCH_NOW,
    clock: 'frozen',
    pushLatencyMs: 0,
    rateLimit: { dailyQuota: 1e15, perMinute: 1e15 },
  })
}

export interface BenchWorld {
  companyId: string
  connectionId: string
  accountIds: string[]
}

/** A company with an hcws connection and `accounts` source accounts, all linked in QBO (writes accepted). */
export function linkedWorld(sim: Simulator, accounts: number): BenchWorld {
  const apiKey = BENCH_KEY
  const company = sim.api.createCompany({ apiKey, body: { name: 'Bench Ltd' } }).body as { id: string }
  const conn = sim.api.createConnection({
    apiKey,
    params: { companyId: company.id },
    body: { platformKey: 'hcws' },
  }).body as { id: string }
  const params = { companyId: company.id, connectionId: conn.id }
  const accountIds = Array.from({ length: accounts }, (_, i) => `acc-${i}`)
  for (const id of accountIds) {
    const r = sim.api.createSourceAccount({
      apiKey,
      params,
      body: { id, accountName: id, accountType: 'Debit', accountNumber: '1', currency: 'USD', balance: 0 },
    })
    if (r.status !== 200) throw new Error(`source account: ${JSON.stringify(r.body)}`)
  }
  const creds = sim.api.generateCredentials({ apiKey, params }).body as { username: string; password: string }
  const link = sim.control.qboLink({
    ...params,
    username: creds.username,
    password: creds.password,
    accounts: accountIds.map((id) => ({ sourceAccountId: id, qboAccountName: id })),
    feedStartDate: '2026-03-04',
  })
  if (link.status !== 200) throw new Error(`link: ${JSON.stringify(link.body)}`)
  return { companyId: company.id, connectionId: conn.id, accountIds }
}

/** 1000 QBO-valid lines dated today (frozen clock), chronological, ids prefixed so repeats stay unique. */
export function thousandLines(accountId: string, prefix: string) {
  const lines = Array.from({ length: 1000 }, (_, i) => {
    const s = i % 60
    const m = Math.floor(i / 60) % 60
    return {
      id: `${prefix}-${i}`,
      date: `2026-03-10T0${Math.floor(i / 3600)}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`,
      description: `Card payment ${i} at a shop with a typical description`,
      amount: i % 3 === 0 ? 12.34 : -5.67,
      balance: Number((1000 + i / 100).toFixed(2)),
      transactionType: i % 3 === 0 ? 'Credit' : 'Debit',
    }
  })
  return { accountId, transactions: lines }
}
