import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { xeroLine as line, xeroPush, xeroSetup, xeroTarget } from '../../testing/xero-helpers.js'

describe('Xero statements in the ledger view (§2.2: opening, closing, REJECTED, balanceDrift; X17, X3)', () => {
  it('each write is a statement; an opening that differs from the previous closing is recorded as balanceDrift', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    await xeroPush(h, s, [line('a', '2026-03-07', 10, 110), line('b', '2026-03-08', -5, 105)])
    await xeroPush(h, s, [line('c', '2026-03-09', 1, 106)]) // opening 105 = previous closing
    await xeroPush(h, s, [line('d', '2026-03-09', 1, 200)]) // opening 199 ≠ 106
    const target = await xeroTarget(h, s)
    expect(
      target.statements.map((x: { opening: string; closing: string }) => [x.opening, x.closing]),
    ).toEqual([
      ['100', '105'],
      ['105', '106'],
      ['199', '200'],
    ])
    expect(target.balanceDrift).toEqual([
      { pushOperationKey: target.statements[2].pushOperationKey, previousClosing: '106', opening: '199' },
    ])
    expect(target.balance).toBe('200')
  })

  it('a refused write is a REJECTED statement with its reasons; nothing is delivered and the balance stays', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    await xeroPush(h, s, [line('a', '2026-03-08', 10, 10)])
    await xeroPush(h, s, [line('b', '2026-03-11', 1, 11)])
    const target = await xeroTarget(h, s)
    expect(target.statements[1]).toMatchObject({
      state: 'REJECTED',
      lines: 0,
      reasons: [expect.stringMatching(/^b: X20:/)],
    })
    expect(target.lines.map((l: { id: string }) => l.id)).toEqual(['a'])
    expect(target.balance).toBe('10')
  })

  it('X17: one account per request: a body accountId other than the path is HTTP 400, no operation', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const res = await h.call('POST', s.pushUrl, {
      accountId: 'other',
      transactions: [line('a', '2026-03-09', 1, 1)],
    })
    expect(res.status).toBe(400)
    expect((await h.call('GET', `/companies/${s.companyId}/push`)).body.results).toEqual([])
  })

  it('X3: a GBP source account needs a sort code (Codat refuses it at creation, HTTP 400)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { consent: false })
    const base = {
      id: 'gbp',
      accountName: 'Current',
      accountType: 'Debit',
      accountNumber: '1',
      currency: 'GBP',
      balance: 0,
    }
    const url = `${s.base}/connectionInfo/bankFeedAccounts`
    expect((await h.call('POST', url, base)).status).toBe(400)
    expect((await h.call('POST', url, { ...base, sortCode: '102030' })).status).toBe(200)
  })
})
