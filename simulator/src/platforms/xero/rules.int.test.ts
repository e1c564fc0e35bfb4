import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { xeroLine as line, xeroPush, xeroSetup, xeroTarget } from '../../testing/xero-helpers.js'

type Item = { itemId: string; message: string }
const rules = (op: { validation: { errors: Item[] } }) =>
  op.validation.errors.map((e) => [e.itemId, e.message.split(':')[0]])

describe('Xero rules on create-bank-transactions (X2, X16-X29; today 2026-03-10)', () => {
  it('X16: a source account not yet mapped (pending) cannot be written; the op fails with X16', async () => {
    const h = new Harness()
    const s = await xeroSetup(h, { map: false })
    const op = await xeroPush(h, s, [line('a', '2026-03-09', 1, 1)])
    expect(op.status).toBe('Failed')
    expect(rules(op)).toEqual([['a', 'X16']])
  })

  it('X18: lines out of order within a request fail the op (equal dates allowed); nothing is stored', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const op = await xeroPush(h, s, [line('a', '2026-03-08', 1, 1), line('b', '2026-03-07', 1, 2)])
    expect(rules(op)).toEqual([['b', 'X18']])
    expect((await xeroTarget(h, s)).lines).toEqual([])
    const same = await xeroPush(h, s, [line('c', '2026-03-08', 1, 1), line('d', '2026-03-08', 1, 2)])
    expect(same.status).toBe('Success')
  })

  it('X19: no "older than the newest" rule: a later request may carry earlier dates', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    expect((await xeroPush(h, s, [line('a', '2026-03-09', 5, 5)])).status).toBe('Success')
    const back = await xeroPush(h, s, [line('b', '2026-01-15', 2, 2)])
    expect(back.status).toBe('Success')
    const target = await xeroTarget(h, s)
    expect(target.lines.map((l: { id: string }) => l.id)).toEqual(['a', 'b'])
    expect(target.balance).toBe('2') // X25: the last line's balance, literally
  })

  it('X20: a line dated after today fails', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const op = await xeroPush(h, s, [line('a', '2026-03-10', 1, 1), line('b', '2026-03-11', 1, 2)])
    expect(rules(op)).toEqual([['b', 'X20']])
  })

  it('X21: one line older than a year fails the whole op (boundary today − P1Y inclusive)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const op = await xeroPush(h, s, [
      line('old1', '2025-03-08', 1, 1),
      line('old2', '2025-03-09', 1, 2),
      line('edge', '2025-03-10', 1, 3),
      line('new', '2026-03-01', 1, 4),
    ])
    expect(op.status).toBe('Failed')
    expect(rules(op)).toEqual([
      ['old1', 'X21'],
      ['old2', 'X21'],
    ])
    expect((await xeroTarget(h, s)).lines).toEqual([])
    expect((await xeroPush(h, s, [line('edge', '2025-03-10', 1, 1)])).status).toBe('Success')
  })

  it('X22: more than 1000 lines is a malformed request (HTTP 400)', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const many = Array.from({ length: 1001 }, (_, i) => line(`l${i}`, '2026-03-09', 1, i + 1))
    expect((await xeroPush(h, s, many)).http).toBe(400)
  })

  it('X23: lines before the mapping feed start date are neither refused nor warned', async () => {
    const h = new Harness()
    const s = await xeroSetup(h) // feedStartDate 2026-03-01
    const op = await xeroPush(h, s, [line('a', '2026-02-01', 1, 1)])
    expect(op.status).toBe('Success')
    expect(op.validation.warnings).toEqual([])
  })

  it('X24: a line without transactionType (or any required field) is HTTP 400 naming X24; any type value is taken', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const { transactionType: _t, ...untyped } = line('a', '2026-03-09', 1, 1)
    const bad = await xeroPush(h, s, [untyped])
    expect(bad.http).toBe(400)
    expect(bad.body.validation.errors[0].message).toMatch(/^X24: transactionType required/)
    const { description: _d, ...noText } = line('b', '2026-03-09', 1, 1)
    expect((await xeroPush(h, s, [noText])).http).toBe(400)
    const fee = await xeroPush(h, s, [line('c', '2026-03-09', -1, -1, { transactionType: 'Fee' })])
    expect(fee.status).toBe('Success')
  })

  it('X25 strict: a running balance that does not add up fails the op', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const op = await xeroPush(h, s, [line('a', '2026-03-08', 10, 10), line('b', '2026-03-09', -2.5, 8)])
    expect(rules(op)).toEqual([['b', 'X25']])
    const good = await xeroPush(h, s, [line('c', '2026-03-08', 10, 10), line('d', '2026-03-09', -2.5, 7.5)])
    expect(good.status).toBe('Success')
    expect((await xeroTarget(h, s)).balance).toBe('7.5')
  })

  it('X25 endOnly / off: only the end balance is checked, or nothing', async () => {
    const lines = [
      line('a', '2026-03-07', 10, 10),
      line('b', '2026-03-08', 1, 99),
      line('c', '2026-03-09', 1, 12),
    ]
    const endOnly = new Harness({ balanceCheck: 'endOnly' })
    expect((await xeroPush(endOnly, await xeroSetup(endOnly), lines)).status).toBe('Success')
    const broken = [line('d', '2026-03-08', 10, 10), line('e', '2026-03-09', 1, 12)]
    const op = await xeroPush(endOnly, await xeroSetup(endOnly), broken)
    expect(rules(op)).toEqual([['e', 'X25']])
    const off = new Harness({ balanceCheck: 'off' })
    expect((await xeroPush(off, await xeroSetup(off), broken)).status).toBe('Success')
  })

  it('X26: Credit with a negative or Debit with a positive amount warns, succeeds and is stored as sent', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const op = await xeroPush(h, s, [
      line('a', '2026-03-08', -5, -5, { transactionType: 'Credit' }),
      line('b', '2026-03-09', 2, -3, { transactionType: 'Debit' }),
    ])
    expect(op.status).toBe('Success')
    expect(rules({ validation: { errors: op.validation.warnings } })).toEqual([
      ['a', 'X26'],
      ['b', 'X26'],
    ])
    expect((await xeroTarget(h, s)).lines.map((l: { amount: string }) => l.amount)).toEqual(['-5', '2'])
  })

  it('X27: the op stays Pending for xeroLatency (5 s) and then succeeds, the lines in Xero at once', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const res = await h.push(s.pushUrl, s.accountId, [line('a', '2026-03-09', 1, 1)])
    await h.advance('PT4S')
    const url = `/companies/${s.companyId}/push/${res.body.pushOperationKey}`
    expect((await h.call('GET', url)).body.status).toBe('Pending')
    expect((await xeroTarget(h, s)).statements.map((x: { state: string }) => x.state)).toEqual(['PENDING'])
    await h.advance('PT1S')
    expect((await h.call('GET', url)).body.status).toBe('Success')
    expect((await xeroTarget(h, s)).lines.map((l: { id: string }) => l.id)).toEqual(['a'])
  })

  it('X29 xero: a statement of only delivered ids fails; a mix succeeds and drops the reused lines', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    expect((await xeroPush(h, s, [line('a', '2026-03-08', 1, 1)])).status).toBe('Success')
    const again = await xeroPush(h, s, [line('a', '2026-03-08', 1, 1)])
    expect(again.status).toBe('Failed')
    expect(again.validation.errors[0].message).toMatch(/^X29: Duplicate statement/)
    const mix = await xeroPush(h, s, [line('a', '2026-03-08', 1, 1), line('b', '2026-03-09', 1, 2)])
    expect(mix.status).toBe('Success')
    const target = await xeroTarget(h, s)
    expect(target.lines.map((l: { id: string }) => l.id)).toEqual(['a', 'b'])
    expect(target.droppedDuplicates).toMatchObject([{ id: 'a', pushOperationKey: expect.any(String) }])
  })

  it('X29 store / refuse: reused ids stored again, or the op refused', async () => {
    const store = new Harness({ xeroDuplicates: 'store' })
    const s1 = await xeroSetup(store)
    await xeroPush(store, s1, [line('a', '2026-03-08', 1, 1)])
    expect((await xeroPush(store, s1, [line('a', '2026-03-08', 1, 1)])).status).toBe('Success')
    expect((await xeroTarget(store, s1)).lines).toHaveLength(2)
    const refuse = new Harness({ xeroDuplicates: 'refuse' })
    const s2 = await xeroSetup(refuse)
    await xeroPush(refuse, s2, [line('a', '2026-03-08', 1, 1)])
    const op = await xeroPush(refuse, s2, [line('a', '2026-03-08', 1, 1), line('b', '2026-03-09', 1, 2)])
    expect(rules(op)).toEqual([['a', 'X29']])
  })

  it('X2: an app not approved for bank feeds fails every write with Xero’s old wording', async () => {
    const h = new Harness({ xeroBankFeedsApproved: false })
    const s = await xeroSetup(h)
    const op = await xeroPush(h, s, [line('a', '2026-03-09', 1, 1)])
    expect(op.validation.errors[0].message).toBe(
      'X2: The organization does not support automated bank feeds.',
    )
  })
})
