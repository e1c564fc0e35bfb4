import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { sageLine as l, sagePushAndSettle, sageSetup } from '../../testing/sage-helpers.js'

type Item = { itemId: string; message: string }
const errors = (op: { validation: { errors: Item[] } }) =>
  op.validation.errors.map((e) => [e.itemId, e.message])
const prefixes = (op: { validation: { errors: Item[] } }) =>
  op.validation.errors.map((e) => [e.itemId, e.message.slice(0, 4)])
const storedIds = async (h: Harness, s: { companyId: string; businessId: string }) => {
  await h.call('POST', '/_sim/sage/refresh', { businessId: s.businessId })
  const view = await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)
  return view.body.bankAccounts[0].lines
    .filter((x: { preExisting: boolean }) => !x.preExisting)
    .map((x: { id: string }) => x.id)
}

describe('Sage rules on create-bank-transactions (PLATFORMS.md S12-S21, S24)', () => {
  it('S12: before Confirm (connecting) every line fails and nothing is stored', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { confirm: false })
    const op = await sagePushAndSettle(h, s, [l('a', '2026-03-10', 5, 5)])
    expect(op.status).toBe('Failed')
    expect(errors(op)).toEqual([['a', 'S12: the source account is connecting, not connected in Sage.']])
  })

  it('S12: a Deauthorized connection fails every line', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    await h.call('POST', '/_sim/sage/expire-auth', { connectionId: s.connectionId })
    const op = await sagePushAndSettle(h, s, [l('a', '2026-03-10', 5, 5)])
    expect(errors(op)).toEqual([['a', 'S12: the connection is Deauthorized, not Linked.']])
  })

  it('S13: one account per request: a body accountId other than the path is an HTTP 400', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const r = await h.call('POST', s.pushUrl, {
      accountId: 'other',
      transactions: [l('a', '2026-03-10', 5, 5)],
    })
    expect(r.status).toBe(400)
  })

  it('S14: lines out of chronological order fail (the offending line) and nothing is stored', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const op = await sagePushAndSettle(h, s, [
      l('a', '2026-03-10T10:00:00', 1, 1),
      l('b', '2026-03-10T09:00:00', 1, 2),
      l('c', '2026-03-10T11:00:00', 1, 3),
    ])
    expect(prefixes(op)).toEqual([['b', 'S14:']])
    expect(await storedIds(h, s)).toEqual([])
  })

  it('S15: a line older than the newest accepted one fails; the same day is allowed', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    await h.advance('P2D')
    expect((await sagePushAndSettle(h, s, [l('a', '2026-03-11', 1, 1)])).status).toBe('Success')
    const older = await sagePushAndSettle(h, s, [l('b', '2026-03-10', 1, 2)])
    expect(errors(older)).toEqual([
      [
        'b',
        'S15: date 2026-03-10 is older than the most recent transaction already on the account (2026-03-11).',
      ],
    ])
    expect((await sagePushAndSettle(h, s, [l('c', '2026-03-11', 1, 2)])).status).toBe('Success')
  })

  it('S15: lines already in the Sage account before the feed count as the newest', async () => {
    const h = new Harness({ sageEnforceFeedStart: false })
    const s = await sageSetup(h, {
      existing: [{ id: 'old', date: '2026-03-09', description: 'typed in Sage', amount: 10, balance: 10 }],
    })
    const op = await sagePushAndSettle(h, s, [l('a', '2026-03-08', 1, 11)])
    expect(prefixes(op)).toEqual([['a', 'S15:']])
    expect((await sagePushAndSettle(h, s, [l('b', '2026-03-09', 1, 11)])).status).toBe('Success')
  })

  it('S16: a line dated after today (company zone) fails', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const op = await sagePushAndSettle(h, s, [l('a', '2026-03-10', 1, 1), l('b', '2026-03-11', 1, 2)])
    expect(errors(op)).toEqual([['b', 'S16: date 2026-03-11 is in the future (today is 2026-03-10).']])
  })

  it('S17: a line before the connect day fails; with sageEnforceFeedStart false it is taken', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const op = await sagePushAndSettle(h, s, [l('a', '2026-03-09', 1, 1)])
    expect(errors(op)).toEqual([
      [
        'a',
        'S17: date 2026-03-09 is before the feed start date 2026-03-10 (when the account was connected in Sage).',
      ],
    ])
    const lax = new Harness({ sageEnforceFeedStart: false })
    const t = await sageSetup(lax)
    expect((await sagePushAndSettle(lax, t, [l('a', '2026-03-09', 1, 1)])).status).toBe('Success')
  })

  it('S18: more than 1000 lines is an HTTP 400 and creates no operation', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const lines = Array.from({ length: 1001 }, (_, i) => l(`x${i}`, '2026-03-10', 1, i + 1))
    const r = await h.push(s.pushUrl, s.accountId, lines)
    expect(r.status).toBe(400)
    expect((await h.call('GET', `/companies/${s.companyId}/push`)).body.results).toEqual([])
  })

  it('S19: a missing transactionType (or description) is an HTTP 400 naming the rule; counterparty and reference are accepted', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const { transactionType: _t, ...noType } = l('a', '2026-03-10', 1, 1)
    const { description: _d, ...noText } = l('b', '2026-03-10', 1, 1)
    const r = await h.push(s.pushUrl, s.accountId, [noType, noText])
    expect(r.status).toBe(400)
    expect(r.body.validation.errors.map((e: Item) => [e.itemId, e.message])).toEqual([
      ['a', 'S19: transactionType required for this platform.'],
      ['b', 'S19: description required for this platform.'],
    ])
    const op = await sagePushAndSettle(h, s, [
      l('c', '2026-03-10', 1, 1, { counterparty: 'Acme', reference: 'INV-1' }),
    ])
    expect(op.status).toBe('Success')
  })

  it('S20: a running balance that does not add up fails (strict); the last balance becomes the account balance', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const bad = await sagePushAndSettle(h, s, [l('a', '2026-03-10', 10, 10), l('b', '2026-03-10', -2.5, 8)])
    expect(errors(bad)).toEqual([['b', 'S20: balance 8 is not the previous balance 10 plus amount -2.5.']])
    const good = await sagePushAndSettle(h, s, [
      l('c', '2026-03-10', 0.1, 10.1),
      l('d', '2026-03-10', 0.2, 10.3),
    ])
    expect(good.status).toBe('Success')
    const acc = (await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0]
    expect(acc.balance).toBe(10.3)
  })

  it('S20: balanceCheck endOnly checks only the last balance; off checks none', async () => {
    const ends = new Harness({ balanceCheck: 'endOnly' })
    const s = await sageSetup(ends)
    const lines = [l('a', '2026-03-10', 10, 10), l('b', '2026-03-10', 5, 99), l('c', '2026-03-10', 5, 20)]
    expect((await sagePushAndSettle(ends, s, lines)).status).toBe('Success')
    const wrongEnd = await sagePushAndSettle(ends, s, [
      l('d', '2026-03-10', 1, 21),
      l('e', '2026-03-10', 1, 23),
    ])
    expect(prefixes(wrongEnd)).toEqual([['e', 'S20:']])
    const off = new Harness({ balanceCheck: 'off' })
    const t = await sageSetup(off)
    expect(
      (await sagePushAndSettle(off, t, [l('a', '2026-03-10', 1, 5), l('b', '2026-03-10', 1, 50)])).status,
    ).toBe('Success')
  })

  it('S21: a Debit with a positive amount is taken with a warning', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const op = await sagePushAndSettle(h, s, [l('a', '2026-03-10', 450, 450, { transactionType: 'Debit' })])
    expect(op.status).toBe('Success')
    expect(op.validation.warnings.map((w: Item) => [w.itemId, w.message])).toEqual([
      ['a', 'S21: a Debit transaction usually has a negative amount.'],
    ])
  })

  it('S24: a statement holding an id accepted before fails whole, nothing of it stored; so does an id twice in one statement', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    expect((await sagePushAndSettle(h, s, [l('a', '2026-03-10', 1, 1)])).status).toBe('Success')
    const again = await sagePushAndSettle(h, s, [l('b', '2026-03-10', 1, 2), l('a', '2026-03-10', 1, 3)])
    expect(again.status).toBe('Failed')
    expect(errors(again)).toEqual([
      ['a', 'S24: transaction a has been sent before; Sage rejects the whole statement.'],
    ])
    const twice = await sagePushAndSettle(h, s, [l('c', '2026-03-10', 1, 2), l('c', '2026-03-10', 1, 3)])
    expect(prefixes(twice)).toEqual([['c', 'S24:']])
    expect(await storedIds(h, s)).toEqual(['a'])
  })
})
