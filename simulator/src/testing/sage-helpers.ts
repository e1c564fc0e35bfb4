import type { Harness } from './harness.js'
import { typedLine } from './push-helpers.js'

/**
 * A line Sage takes (every S19 field). The harness's frozen clock starts at 2026-03-10T12:00:00Z, so a
 * Sage account connected at once has feed start date 2026-03-10.
 */
export const sageLine = typedLine

/** What `sageSetup` made. */
export interface SageSetup {
  companyId: string
  connectionId: string
  accountId: string
  businessId: string
  bankId: string
  base: string
  pushUrl: string
}

/**
 * Company + olpr connection + one GBP source account + a Sage business with one bank account; unless
 * `connect: false`, the SMB connects it (OTP, connect-bank, select, confirm).
 */
export async function sageSetup(
  h: Harness,
  opts: { connect?: boolean; confirm?: boolean; existing?: unknown[] } = {},
): Promise<SageSetup> {
  const company = await h.call('POST', '/companies', { name: 'Sage Ltd' })
  const companyId: string = company.body.id
  const conn = await h.call('POST', `/companies/${companyId}/connections`, { platformKey: 'olpr' })
  const connectionId: string = conn.body.id
  const base = `/companies/${companyId}/connections/${connectionId}`
  const accountId = 'sage-acc-1'
  await h.call('POST', `${base}/connectionInfo/bankFeedAccounts`, {
    id: accountId,
    accountName: 'Business Current',
    accountType: 'Debit',
    accountNumber: '12345678',
    sortCode: '123456',
    currency: 'GBP',
    balance: 0,
  })
  const business = await h.call('POST', '/_sim/sage/businesses', {
    name: 'Sage Ltd books',
    bankAccounts: [{ id: 'bank-1', name: 'Current account', currency: 'GBP', lines: opts.existing ?? [] }],
  })
  if (business.status !== 200) throw new Error(`business: ${JSON.stringify(business.body)}`)
  const s: SageSetup = {
    companyId,
    connectionId,
    accountId,
    businessId: business.body.id,
    bankId: 'bank-1',
    base,
    pushUrl: `${base}/push/bankAccounts/${accountId}/bankTransactions`,
  }
  if (opts.connect !== false) await sageConnect(h, s, { confirm: opts.confirm ?? true })
  return s
}

/** A fresh OTP, Connect Bank, select the account and (unless `confirm: false`) Confirm; each must succeed. */
export async function sageConnect(h: Harness, s: SageSetup, opts: { confirm?: boolean } = {}) {
  const otp = await h.call('POST', `${s.base}/bankFeeds/otp`)
  const must = (r: { status: number; body: unknown }, what: string) => {
    if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`)
    return r
  }
  must(otp, 'otp')
  must(
    await h.call('POST', '/_sim/sage/connect-bank', {
      businessId: s.businessId,
      sageBankAccountId: s.bankId,
      connectionId: s.connectionId,
      otp: otp.body.otp,
    }),
    'connect-bank',
  )
  must(await h.call('POST', '/_sim/sage/select', { sourceAccountId: s.accountId }), 'select')
  if (opts.confirm !== false) {
    must(
      await h.call('POST', '/_sim/sage/confirm', { businessId: s.businessId, sageBankAccountId: s.bankId }),
      'confirm',
    )
  }
}

/** Pushes, lets Sage's Banking Service take it (`sageLatency` 60 s) and returns the operation. */
export async function sagePushAndSettle(h: Harness, s: SageSetup, transactions: unknown[]) {
  const res = await h.push(s.pushUrl, s.accountId, transactions)
  if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`)
  await h.advance('PT60S')
  return (await h.call('GET', `/companies/${s.companyId}/push/${res.body.pushOperationKey}`)).body
}
