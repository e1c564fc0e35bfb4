import { afterAll, afterEach, expect } from 'vitest'
import type { SimulatorOptions } from '../options.js'
import { buildSimulatorServer } from '../server.js'
import { createSimulator } from '../simulator.js'
import { loadCodatConformance } from './codat-documents.js'
import { ConformingClient } from './conforming-client.js'

/** The tenant every conformance world calls as. */
export const KEY = 'conformance-key'
/** A second tenant (for 403s). */
export const OTHER = 'conformance-other-tenant'
const loaded = loadCodatConformance()
/** Why the suite is skipped (no `../shared/codat`), or undefined. */
export const skipReason =
  'conformance' in loaded ? undefined : `../shared/codat is absent (${loaded.missing})`
if (skipReason) console.log(`conformance suite skipped: ${skipReason}`)

const clients: ConformingClient[] = []
/** Every `operationId status` pair a response of the suite had (gathered after each test). */
export const seen = new Set<string>()
const undeclared = new Set<string>()

/** A fresh frozen simulator (seed 7) behind a `ConformingClient` that records discrepancies. */
export function world(options: Partial<SimulatorOptions> = {}) {
  if (!('conformance' in loaded)) throw new Error('unreachable: suite is skipped')
  const sim = createSimulator({
    apiKeys: [KEY, OTHER],
    seed: 7,
    now: '2026-03-10T12:00:00Z',
    clock: 'frozen',
    ...options,
  })
  const app = buildSimulatorServer(sim)
  const c = new ConformingClient(app, loaded.conformance, KEY)
  clients.push(c)
  return c
}

/** A v1 source-account prototype. */
export const v1 = (id: string) => ({
  id,
  accountName: `Account ${id}`,
  accountType: 'Debit',
  accountNumber: '12345678',
  currency: 'USD',
  balance: 0,
})

/** A v2 source-account prototype. */
export const v2 = (id: string) => ({
  id,
  accountName: `Account ${id}`,
  accountType: 'checking',
  accountNumber: '1234',
  routingInfo: { bankCode: '021000021', type: 'aba' },
  currency: 'USD',
  balance: 10.5,
  accountInfo: { nickname: 'main', accountOpenDate: '2020-01-01' },
})

/** Company + hcws connection + source account `acc-1` + credentials, linked in QBO unless `link: false`. */
export async function setup(c: ConformingClient, opts: { link?: boolean; account?: object } = {}) {
  const companyId: string = (await c.call('POST', '/companies', { name: 'Conformance Ltd' })).body.id
  const connectionId: string = (
    await c.call('POST', `/companies/${companyId}/connections`, { platformKey: 'hcws' })
  ).body.id
  const base = `/companies/${companyId}/connections/${connectionId}`
  await c.call('POST', `${base}/connectionInfo/bankFeedAccounts`, opts.account ?? v1('acc-1'))
  const creds = (await c.call('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`, {})).body
  if (opts.link !== false) {
    const r = await c.call('POST', '/_sim/qbo/link', {
      companyId,
      connectionId,
      username: creds.username,
      password: creds.password,
      accounts: [{ sourceAccountId: 'acc-1', qboAccountName: 'Checking (feed)' }],
      feedStartDate: '2026-03-03',
    })
    if (r.status !== 200) throw new Error(`link failed: ${JSON.stringify(r.body)}`)
  }
  return { companyId, connectionId, base, pushUrl: `${base}/push/bankAccounts/acc-1/bankTransactions` }
}

/** A QBO-valid line whose type follows the sign of its amount. */
export const line = (id: string, date: string, amount: number, balance: number) => ({
  id,
  date,
  description: `line ${id}`,
  amount,
  balance,
  transactionType: amount >= 0 ? 'Credit' : 'Debit',
})

/**
 * Registers the suite's hooks: after each test, no discrepancy is tolerated; after all, the pairs checked
 * and the undeclared error statuses are printed.
 */
export function checkEveryResponse(): void {
  afterEach(() => {
    const found = clients.flatMap((c) => c.discrepancies)
    for (const c of clients) {
      for (const s of c.seen) seen.add(s)
      for (const u of c.undeclared) undeclared.add(u)
    }
    clients.length = 0
    // No discrepancy is tolerated: every Codat response must match the documents.
    expect(found, 'responses that do not match the Codat OpenAPI documents').toEqual([])
  })

  afterAll(() => {
    if (skipReason) return
    console.log(`conformance: ${seen.size} (operation, status) pairs checked`)
    console.log(
      `error statuses the documents do not declare for the operation (checked against ErrorMessage): ${[...undeclared].sort().join(', ')}`,
    )
  })
}
