import { expect } from 'vitest'
import type { Harness } from './harness.js'

/**
 * A line QBO takes (every required field present). The test harness's frozen clock is at
 * 2026-03-10T12:00:00Z (UTC): today 2026-03-10, historic window from 2026-03-03.
 */
export const validLine = (id: string, date: string, balance = 1, extra: Record<string, unknown> = {}) => ({
  id,
  date,
  description: `line ${id}`,
  amount: 1,
  balance,
  ...extra,
})

/** Pushes lines, lets the operation settle (2 simulated seconds) and returns it. */
/**
 * A line carrying every field Xero (X24) and Sage (S19) require, `transactionType` by sign.
 *
 * @example
 * typedLine('t1', '2026-03-10', -5, 95) // => { id: 't1', …, transactionType: 'Debit' }
 */
export const typedLine = (
  id: string,
  date: string,
  amount: number,
  balance: number,
  extra: Record<string, unknown> = {},
) => ({
  id,
  date,
  description: `line ${id}`,
  amount,
  balance,
  transactionType: amount < 0 ? 'Debit' : 'Credit',
  ...extra,
})

export async function pushAndSettle(h: Harness, url: string, accountId: string, transactions: unknown[]) {
  const res = await h.push(url, accountId, transactions)
  expect(res.status).toBe(200)
  expect(res.body.status).toBe('Pending')
  await h.advance('PT2S')
  const companyId = url.split('/')[2]
  return (await h.call('GET', `/companies/${companyId}/push/${res.body.pushOperationKey}`)).body
}

/** Pulls now (QBO's Update) and returns the ids of the first account's non-test lines in QBO. */
export async function qboLines(h: Harness, s: { companyId: string; connectionId: string }) {
  const view = await h.call('POST', '/_sim/qbo/update', {
    companyId: s.companyId,
    connectionId: s.connectionId,
  })
  return view.body.accounts[0].lines
    .filter((l: { isTest: boolean }) => !l.isTest)
    .map((l: { id: string }) => l.id)
}
