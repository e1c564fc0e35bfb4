import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { sageLine as l, type SageSetup, sagePushAndSettle, sageSetup } from '../../testing/sage-helpers.js'

const opOf = async (h: Harness, s: SageSetup, key: string) =>
  (await h.call('GET', `/companies/${s.companyId}/push/${key}`)).body
const sageView = async (h: Harness, s: SageSetup) =>
  (await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)).body.bankAccounts[0]

describe("Sage's Banking Service and refresh (PLATFORMS.md S22, S23, S25, §3.1)", () => {
  it('S22: a write stays Pending for sageLatency (60 s by default), then Success', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const r = await h.push(s.pushUrl, s.accountId, [l('a', '2026-03-10', 1, 1)])
    expect(r.body.status).toBe('Pending')
    await h.advance('PT59S')
    expect((await opOf(h, s, r.body.pushOperationKey)).status).toBe('Pending')
    await h.advance('PT1S')
    expect(await opOf(h, s, r.body.pushOperationKey)).toMatchObject({
      status: 'Success',
      completedOnUtc: '2026-03-10T12:01:00Z',
    })
    const quick = new Harness({ sageLatency: 'PT5S' })
    const t = await sageSetup(quick)
    const q = await quick.push(t.pushUrl, t.accountId, [l('a', '2026-03-10', 1, 1)])
    await quick.advance('PT5S')
    expect((await opOf(quick, t, q.body.pushOperationKey)).status).toBe('Success')
  })

  it('S22: fault stuck keeps the write Pending until timeoutInMinutes turns it TimedOut; nothing is stored', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const f = await h.call('POST', '/_sim/faults', {
      route: 'create-bank-transactions',
      stuck: true,
      count: 1,
    })
    expect(f.status).toBe(200)
    const r = await h.push(`${s.pushUrl}?timeoutInMinutes=30`, s.accountId, [l('a', '2026-03-10', 1, 1)])
    expect(r.body.status).toBe('Pending')
    await h.advance('PT29M')
    expect((await opOf(h, s, r.body.pushOperationKey)).status).toBe('Pending')
    await h.advance('PT1M')
    expect((await opOf(h, s, r.body.pushOperationKey)).status).toBe('TimedOut')
    await h.call('POST', '/_sim/sage/refresh', { businessId: s.businessId })
    expect((await sageView(h, s)).lines).toEqual([])
    const bad = await h.call('POST', '/_sim/faults', { route: 'list-companies', stuck: true })
    expect(bad.status).toBe(400)
  })

  it('S23: a write while an earlier one on the account is Pending fails at once; after it completes the next is taken', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const first = await h.push(s.pushUrl, s.accountId, [l('a', '2026-03-10', 1, 1)])
    await h.advance('PT30S')
    const second = await h.push(s.pushUrl, s.accountId, [
      l('b', '2026-03-10', 1, 2),
      l('c', '2026-03-10', 1, 3),
    ])
    expect(second.body).toMatchObject({
      status: 'Failed',
      statusCode: 400,
      completedOnUtc: '2026-03-10T12:00:30Z',
    })
    expect(
      second.body.validation.errors.map((e: { itemId: string; message: string }) => [e.itemId, e.message]),
    ).toEqual([
      ['b', 'S23: A statement for this account is already being processed.'],
      ['c', 'S23: A statement for this account is already being processed.'],
    ])
    await h.advance('PT30S')
    expect((await opOf(h, s, first.body.pushOperationKey)).status).toBe('Success')
    expect((await sagePushAndSettle(h, s, [l('b', '2026-03-10', 1, 2)])).status).toBe('Success')
  })

  it('S23: another account of the same connection is not held up', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    await h.call('POST', `${s.base}/connectionInfo/bankFeedAccounts`, {
      id: 'acc-2',
      accountName: 'Savings',
      accountType: 'Debit',
      accountNumber: '87654321',
      sortCode: '123456',
      currency: 'GBP',
      balance: 0,
    })
    await h.push(s.pushUrl, s.accountId, [l('a', '2026-03-10', 1, 1)])
    const other = await h.push(`${s.base}/push/bankAccounts/acc-2/bankTransactions`, 'acc-2', [
      l('b', '2026-03-10', 1, 1),
    ])
    expect(other.body.status).toBe('Pending')
  })

  it('S23: with sageInFlight queue the second write waits its turn and succeeds after the first', async () => {
    const h = new Harness({ sageInFlight: 'queue' })
    const s = await sageSetup(h)
    const first = await h.push(s.pushUrl, s.accountId, [l('a', '2026-03-10', 1, 1)])
    await h.advance('PT10S')
    const second = await h.push(s.pushUrl, s.accountId, [l('b', '2026-03-10', 1, 2)])
    expect(second.body.status).toBe('Pending')
    await h.advance('PT50S')
    expect((await opOf(h, s, first.body.pushOperationKey)).status).toBe('Success')
    expect((await opOf(h, s, second.body.pushOperationKey)).status).toBe('Pending')
    await h.advance('PT60S')
    expect(await opOf(h, s, second.body.pushOperationKey)).toMatchObject({
      status: 'Success',
      completedOnUtc: '2026-03-10T12:02:00Z',
    })
  })

  it('S23: queued behind a stuck write, the next one waits until that one times out, then is taken', async () => {
    const h = new Harness({ sageInFlight: 'queue' })
    const s = await sageSetup(h)
    await h.call('POST', '/_sim/faults', { route: 'create-bank-transactions', stuck: true, count: 1 })
    const stuck = await h.push(`${s.pushUrl}?timeoutInMinutes=5`, s.accountId, [l('a', '2026-03-10', 1, 1)])
    const next = await h.push(s.pushUrl, s.accountId, [l('b', '2026-03-10', 1, 1)])
    await h.advance('PT5M')
    expect((await opOf(h, s, stuck.body.pushOperationKey)).status).toBe('TimedOut')
    expect((await opOf(h, s, next.body.pushOperationKey)).status).toBe('Pending')
    await h.advance('PT60S')
    expect(await opOf(h, s, next.body.pushOperationKey)).toMatchObject({
      status: 'Success',
      completedOnUtc: '2026-03-10T12:06:00Z',
    })
  })

  it('S25/§3.1: Sage shows accepted lines only after a refresh; nothing is downloaded on connect', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    expect((await sageView(h, s)).lines).toEqual([])
    await sagePushAndSettle(h, s, [l('a', '2026-03-10', 1, 1)])
    expect(await sageView(h, s)).toMatchObject({ lines: [], awaitingRefresh: 1 })
    await h.call('POST', '/_sim/sage/refresh', { businessId: s.businessId })
    expect((await sageView(h, s)).lines.map((x: { id: string }) => x.id)).toEqual(['a'])
  })

  it('§3.1: the daily refresh runs at 06:00 in the company zone', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    await sagePushAndSettle(h, s, [l('a', '2026-03-10', 1, 1)])
    await h.call('POST', '/_sim/clock', { now: '2026-03-11T05:59:00Z' })
    expect((await sageView(h, s)).lines).toEqual([])
    await h.call('POST', '/_sim/clock', { now: '2026-03-11T06:00:00Z' })
    expect((await sageView(h, s)).lines).toEqual([
      expect.objectContaining({ id: 'a', shownAt: '2026-03-11T06:00:00Z' }),
    ])
    const business = (await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)).body
    expect(business.nextRefreshAt).toBe('2026-03-12T06:00:00Z')
  })

  it('§3.1: a manual refresh at most every 15 minutes (409 before)', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    expect((await h.call('POST', '/_sim/sage/refresh', { businessId: s.businessId })).status).toBe(200)
    await h.advance('PT14M')
    const early = await h.call('POST', '/_sim/sage/refresh', { businessId: s.businessId })
    expect(early.status).toBe(409)
    expect(early.body.error).toMatch(/at 2026-03-10T12:15:00Z/)
    await h.advance('PT1M')
    expect((await h.call('POST', '/_sim/sage/refresh', { businessId: s.businessId })).status).toBe(200)
  })
})
