import type { Harness } from './harness.js'
import { typedLine } from './push-helpers.js'

/**
 * A line Xero takes (every X24 field, `transactionType` by sign). The harness's frozen clock starts at
 * 2026-03-10T12:00:00Z (UTC): today 2026-03-10, one year back 2025-03-10.
 */
export const xeroLine = typedLine

/** What `xeroSetup` made. */
export interface XeroSetup {
  companyId: string
  connectionId: string
  accountId: string
  orgId: string
  /** The Xero bank account the source feeds (after mapping), or the first offered. */
  targetId: string
  base: string
  pushUrl: string
}

/** The otp of a connection's current linkUrl (get-connection mints a fresh one when spent). */
export async function linkOtp(h: Harness, base: string): Promise<string> {
  const conn = await h.call('GET', base)
  return new URL(conn.body.linkUrl).searchParams.get('otp') as string
}

/**
 * Company + gbol connection + one USD Debit source account + a USD Xero organisation with one BANK account;
 * then, unless told otherwise, consent (Allow) and mapping to that bank account, settled (5 s).
 */
export async function xeroSetup(
  h: Harness,
  opts: {
    consent?: boolean
    map?: boolean
    org?: Record<string, unknown>
    account?: Record<string, unknown>
  } = {},
): Promise<XeroSetup> {
  const company = await h.call('POST', '/companies', { name: 'Kiwi Ltd' })
  const companyId: string = company.body.id
  const conn = await h.call('POST', `/companies/${companyId}/connections`, { platformKey: 'gbol' })
  const connectionId: string = conn.body.id
  const base = `/companies/${companyId}/connections/${connectionId}`
  const accountId = 'xero-acc-1'
  await h.call('POST', `${base}/connectionInfo/bankFeedAccounts`, {
    id: accountId,
    accountName: 'Business Checking',
    accountType: 'Debit',
    accountNumber: '12345678',
    currency: 'USD',
    balance: 0,
    ...opts.account,
  })
  const org = await h.call('POST', '/_sim/xero/orgs', {
    name: 'Kiwi Ltd books',
    baseCurrency: 'USD',
    bankAccounts: [{ name: 'Checking', type: 'BANK', currency: 'USD', accountNumber: '555' }],
    ...opts.org,
  })
  if (org.status !== 200) throw new Error(`org failed: ${JSON.stringify(org.body)}`)
  const orgId: string = org.body.id
  let targetId: string = org.body.bankAccounts[0]?.id ?? ''
  if (opts.consent !== false) {
    const otp = await linkOtp(h, base)
    const r = await h.call('POST', '/_sim/xero/consent', {
      companyId,
      connectionId,
      otp,
      orgId,
      decision: 'allow',
    })
    if (r.status !== 200) throw new Error(`consent failed: ${JSON.stringify(r.body)}`)
    if (opts.map !== false) {
      const m = await h.call('POST', `${base}/bankFeedAccounts/mapping`, {
        sourceAccountId: accountId,
        targetAccountId: targetId,
        feedStartDate: '2026-03-01',
      })
      if (m.body.status !== 'connecting') throw new Error(`mapping failed: ${JSON.stringify(m.body)}`)
      await h.advance('PT5S')
      const view = await h.call('GET', `/_sim/xero/orgs/${orgId}`)
      targetId = view.body.bankAccounts.find((b: { feed: string }) => b.feed === `codat:${accountId}`).id
    }
  }
  return {
    companyId,
    connectionId,
    accountId,
    orgId,
    targetId,
    base,
    pushUrl: `${base}/push/bankAccounts/${accountId}/bankTransactions`,
  }
}

/** Pushes lines, lets the operation settle (Xero's 5 simulated seconds) and returns it. */
export async function xeroPush(h: Harness, s: XeroSetup, transactions: unknown[]) {
  const res = await h.push(s.pushUrl, s.accountId, transactions)
  if (res.status !== 200) return { http: res.status, body: res.body }
  await h.advance('PT5S')
  const op = await h.call('GET', `/companies/${s.companyId}/push/${res.body.pushOperationKey}`)
  return op.body
}

/** The Xero view of the setup's target account. */
export async function xeroTarget(h: Harness, s: XeroSetup) {
  const view = await h.call('GET', `/_sim/xero/orgs/${s.orgId}`)
  return view.body.bankAccounts.find((b: { id: string }) => b.id === s.targetId)
}
