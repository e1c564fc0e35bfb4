import { loadCodatConformance } from '../src/conformance/codat-documents.js'
import { buildSimulatorServer } from '../src/server.js'
import { createSimulator } from '../src/simulator.js'

const l = loadCodatConformance()
if (!('conformance' in l)) throw new Error(l.missing)
const c = l.conformance
const sim = createSimulator({ apiKeys: ['k', 'k2'], seed: 1, now: '2026-03-10T12:00:00Z', clock: 'frozen' })
const app = buildSimulatorServer(sim)
const B = (k: string) => `Basic ${Buffer.from(k).toString('base64')}`
async function call(m: any, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await app.inject({
    method: m,
    url,
    headers: {
      authorization: B('k'),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    payload: body === undefined ? undefined : JSON.stringify(body),
  })
  const b = r.body ? JSON.parse(r.body) : undefined
  if (!url.startsWith('/_sim')) {
    const res = c.validate(m, url, r.statusCode, b, { undeclaredError: 'error-message' })
    console.log(
      res.valid ? 'OK ' : 'BAD',
      m,
      url.replace(/[0-9a-f-]{36}/g, 'ID').slice(0, 90),
      r.statusCode,
      res.operationId,
      res.responseKey,
      res.valid ? '' : JSON.stringify(res.errors).slice(0, 700),
    )
  }
  return { status: r.statusCode, body: b }
}
const co = (await call('POST', '/companies', { name: 'A' })).body.id
const cn = (await call('POST', `/companies/${co}/connections`, { platformKey: 'hcws' })).body.id
const base = `/companies/${co}/connections/${cn}`
await call('POST', `${base}/connectionInfo/bankFeedAccounts`, {
  id: 'acc-1',
  accountName: 'C',
  accountType: 'Debit',
  accountNumber: '1',
  currency: 'USD',
  balance: 0,
})
const cr = (await call('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`, {})).body
await call('POST', '/_sim/qbo/link', {
  companyId: co,
  connectionId: cn,
  username: cr.username,
  password: cr.password,
  accounts: [{ sourceAccountId: 'acc-1', qboAccountName: 'Q' }],
  feedStartDate: '2026-03-03',
})
const pushUrl = `${base}/push/bankAccounts/acc-1/bankTransactions`
await call('GET', `/companies/${co}`)
await call('GET', `/companies`)
await call('GET', `/companies/nope`)
await call('GET', `${base}`)
await call('GET', `/companies/${co}/connections`)
await call('GET', `${base}/connectionInfo/bankFeedAccounts`)
const p = await call('POST', pushUrl, {
  accountId: 'acc-1',
  transactions: [{ id: 'a', date: '2026-03-10', description: 'x', amount: 5, balance: 5 }],
})
await call('POST', '/_sim/clock', { advance: 'PT2S' })
await call('GET', `/companies/${co}/push/${p.body.pushOperationKey}`)
await call('GET', `/companies/${co}/push`)
await call('GET', `${base}/bankFeedAccounts/mapping`)
await call('POST', `${base}/bankFeedAccounts/mapping`, {})
await call(
  'GET',
  `${base}/data/proxy?endpoint=${encodeURIComponent('generatecredentials?dataconnectionid=' + cn)}`,
)
await call('GET', `${base}/data/bankAccounts/acc-1/bankTransactions`)
await call('PUT', `${base}/connectionInfo/bankFeedAccounts`, [
  { id: 'x2', accountName: 'n', accountType: 'Debit', accountNumber: '1', currency: 'USD', balance: 0 },
])
await call('GET', `/companies/${co}/accessToken`)
await call('POST', `/companies`, {})
await call('GET', `/companies`, undefined, { authorization: 'Basic eA==' })
await call('GET', `/companies/${co}`, undefined, { authorization: B('k2') })
