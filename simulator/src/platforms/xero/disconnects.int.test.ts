import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { xeroLine as line, linkOtp, xeroPush, xeroSetup, xeroTarget } from '../../testing/xero-helpers.js'

const status = async (h: Harness, base: string) =>
  (await h.call('GET', `${base}/connectionInfo/bankFeedAccounts`)).body[0].status
const firstRule = (op: { validation: { errors: { message: string }[] } }) =>
  op.validation.errors[0]?.message.split(':')[0]

describe('Xero disconnects (X30-X35)', () => {
  it('X30: Disconnect in the mapping UI is immediate; the target keeps its lines; it can be mapped again', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    await xeroPush(h, s, [line('a', '2026-03-09', 1, 1)])
    const ids = { companyId: s.companyId, connectionId: s.connectionId, sourceAccountId: s.accountId }
    expect((await h.call('POST', '/_sim/xero/mapping-ui/disconnect', ids)).status).toBe(200)
    expect(await status(h, s.base)).toBe('disconnected')
    expect((await h.call('GET', s.base)).body.status).toBe('Linked') // §5: stays Linked with no account left
    const target = await xeroTarget(h, s)
    expect(target).toMatchObject({ feed: 'none', lines: [expect.objectContaining({ id: 'a' })] })
    const again = await h.call('POST', '/_sim/xero/mapping-ui', { ...ids, targetAccountId: s.targetId })
    expect(again.body.status).toBe('connecting')
    await h.advance('PT5S')
    expect(await status(h, s.base)).toBe('connected')
  })

  it('X31: PATCH status disconnected has the same effect; DELETE stops the feed, keeps the Xero account, later writes 404', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const url = `${s.base}/connectionInfo/bankFeedAccounts/${s.accountId}`
    expect((await h.call('PATCH', url, { status: 'disconnected' })).body.status).toBe('disconnected')
    expect((await xeroTarget(h, s)).feed).toBe('none')
    const s2 = await xeroSetup(h)
    expect(
      (await h.call('DELETE', `${s2.base}/connectionInfo/bankFeedAccounts/${s2.accountId}`)).status,
    ).toBe(204)
    expect(await xeroTarget(h, s2)).toMatchObject({ id: s2.targetId, feed: 'none' })
    expect((await h.push(s2.pushUrl, s2.accountId, [line('a', '2026-03-09', 1, 1)])).status).toBe(404)
  })

  it('X32: a write for a disconnected account fails with "Source account is not connected"', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    await h.call('PATCH', `${s.base}/connectionInfo/bankFeedAccounts/${s.accountId}`, {
      status: 'disconnected',
    })
    const op = await xeroPush(h, s, [line('a', '2026-03-09', 1, 1)])
    expect(op.status).toBe('Failed')
    expect(op.validation.errors[0].message).toBe('X32: Source account is not connected.')
  })

  it('X33: revoke → Deauthorized, accounts unchanged, writes fail; a fresh linkUrl reconnects and writes work again', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    const ids = { companyId: s.companyId, connectionId: s.connectionId }
    expect((await h.call('POST', '/_sim/xero/revoke', ids)).body.status).toBe('Deauthorized')
    expect(await status(h, s.base)).toBe('connected')
    expect(firstRule(await xeroPush(h, s, [line('a', '2026-03-09', 1, 1)]))).toBe('X16')
    const otp = await linkOtp(h, s.base)
    const back = await h.call('POST', '/_sim/xero/consent', {
      ...ids,
      otp,
      orgId: s.orgId,
      decision: 'allow',
    })
    expect(back.body.status).toBe('Linked')
    const events = await h.call('GET', '/_sim/events?type=XeroConsented')
    expect(events.body.map((e: { data: { reconnected: boolean } }) => e.data.reconnected)).toEqual([
      false,
      true,
    ])
    expect((await xeroPush(h, s, [line('b', '2026-03-09', 1, 1)])).status).toBe('Success')
  })

  it('X34: a feed removed in Xero fails writes at once; the source reads disconnected only after xeroFeedRemovalLag', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    expect((await h.call('POST', '/_sim/xero/remove-feed', { targetAccountId: s.targetId })).status).toBe(200)
    expect(firstRule(await xeroPush(h, s, [line('a', '2026-03-09', 1, 1)]))).toBe('X34')
    await h.advance('PT23H')
    expect(await status(h, s.base)).toBe('connected')
    await h.advance('PT1H')
    expect(await status(h, s.base)).toBe('disconnected')
    expect((await h.call('POST', '/_sim/xero/remove-feed', { targetAccountId: 'nope' })).status).toBe(404)
  })

  it('X35: an Unlinked connection fails writes; a deleted one answers 404', async () => {
    const h = new Harness()
    const s = await xeroSetup(h)
    await h.call('PATCH', s.base, { status: 'Unlinked' })
    expect(firstRule(await xeroPush(h, s, [line('a', '2026-03-09', 1, 1)]))).toBe('X16')
    await h.call('DELETE', s.base)
    expect((await h.push(s.pushUrl, s.accountId, [line('b', '2026-03-09', 1, 1)])).status).toBe(404)
  })
})
