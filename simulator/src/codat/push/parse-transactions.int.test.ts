import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { validLine as ok, pushAndSettle } from '../../testing/push-helpers.js'

describe('create-bank-transactions request shape (Q2, Q8, HTTP 400, decimals, dates)', () => {
  it('Q2: the body accountId must be the account in the path (HTTP 400)', async () => {
    const h = new Harness()
    const s = await h.setup()
    const res = await h.push(s.pushUrl, 'another', [ok('a', '2026-03-10')])
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      statusCode: 400,
      service: 'PublicApi',
      error: 'Error processing request - not valid.',
      canBeRetried: 'Unknown',
      detailedErrorCode: 0,
      validation: {
        errors: [
          {
            itemId: 'accountId',
            message: 'accountId in the body must equal the accountId in the path.',
            validatorName: 'BankTransactions',
          },
        ],
        warnings: [],
      },
    })
  })

  it('Q8: 1000 lines are accepted, 1001 are an HTTP 400', async () => {
    const h = new Harness()
    const s = await h.setup()
    const many = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => ok(`${p}${i}`, '2026-03-10', i))
    const big = await h.push(s.pushUrl, s.accountId, many(1001, 'x'))
    expect(big.status).toBe(400)
    expect(big.body.validation.errors).toEqual([
      {
        itemId: 'transactions',
        message: 'A request may hold at most 1000 transactions; this one holds 1001.',
        validatorName: 'BankTransactions',
      },
    ])
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, many(1000, 'y'))).status).toBe('Success')
  })

  it('malformed requests are HTTP 400 with validation errors: bad JSON, wrong types, unknown enum, bad dates', async () => {
    const h = new Harness()
    const s = await h.setup()
    const badJson = await h.call('POST', s.pushUrl, '{"accountId":')
    expect(badJson.status).toBe(400)
    expect(badJson.body.validation.errors[0].message).toBe('The request body is not valid JSON.')
    const noLines = await h.call('POST', s.pushUrl, { accountId: s.accountId })
    expect(noLines.body.validation.errors[0].itemId).toBe('transactions')
    const types = await h.push(s.pushUrl, s.accountId, [
      ok('a', '2026-03-10', 1, { amount: 'ten' }),
      ok('b', '2026-03-10', 1, { transactionType: 'Bogus' }),
      ok('c', '2026-03-31T25:00:00'),
      ok('d', '2026-02-30'),
    ])
    expect(types.status).toBe(400)
    expect(types.body.validation.errors.map((e: { itemId: string }) => e.itemId)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ])
  })

  it('amounts given as decimal strings are kept exactly', async () => {
    const h = new Harness()
    const s = await h.setup()
    await pushAndSettle(h, s.pushUrl, s.accountId, [
      { id: 'a', date: '2026-03-10', description: 'x', amount: '0.10', balance: '12345678901234.37' },
    ])
    const view = await h.call('POST', '/_sim/qbo/update', {
      companyId: s.companyId,
      connectionId: s.connectionId,
    })
    expect(view.body.accounts[0].balance).toBe('12345678901234.37')
    expect(view.body.accounts[0].lines[2].amount).toBe('0.1')
  })

  it('date offsets are ignored: only the local date part counts', async () => {
    const h = new Harness()
    const s = await h.setup()
    // 2026-03-10T23:30:00-05:00 is 2026-03-11 in UTC, but Codat reads the local part: 2026-03-10.
    expect(
      (await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-10T23:30:00-05:00')])).status,
    ).toBe('Success')
  })
  it('the data echo leaves out a null sent where the document declares no null (id, date, amount, balance)', async () => {
    const h = new Harness()
    const s = await h.setup()
    for (const k of ['id', 'date', 'amount', 'balance']) {
      const res = await h.push(s.pushUrl, s.accountId, [{ ...ok('a', '2026-03-10'), [k]: null }])
      expect(res.status, k).toBe(200)
      expect(res.body.data.transactions[0], k).not.toHaveProperty(k)
    }
    const kept = await h.push(s.pushUrl, s.accountId, [{ ...ok('b', '2026-03-10'), counterparty: null }])
    expect(kept.body.data.transactions[0].counterparty).toBeNull() // declared nullable: echoed as sent
  })
})
