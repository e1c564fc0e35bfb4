import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import {
  sageLine as l,
  type SageSetup,
  sageConnect,
  sagePushAndSettle,
  sageSetup,
} from '../../testing/sage-helpers.js'

const account = async (h: Harness, s: SageSetup) =>
  (await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0]
const status = async (h: Harness, s: SageSetup) => (await h.call('GET', s.base)).body.status

describe('Sage disconnects and reconnects (PLATFORMS.md S26-S28)', () => {
  it('S26: a disconnect in Sage reads disconnected at once, is recorded, later writes fail, the connection stays Linked', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const r = await h.call('POST', '/_sim/sage/disconnect', {
      businessId: s.businessId,
      sageBankAccountId: s.bankId,
    })
    expect(r.status).toBe(200)
    expect((await account(h, s)).status).toBe('disconnected')
    expect(await status(h, s)).toBe('Linked')
    const events = (await h.call('GET', '/_sim/events?type=SourceAccountStatusChanged')).body
    expect(events.at(-1).data).toMatchObject({ sourceAccountId: s.accountId, newStatus: 'disconnected' })
    const op = await sagePushAndSettle(h, s, [l('a', '2026-03-10', 1, 1)])
    expect(op.validation.errors[0].message).toBe(
      'S12: the source account is disconnected, not connected in Sage.',
    )
    const view = (await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)).body.bankAccounts[0]
    expect(view.feedState).toBe('none')
  })

  it('S26/X31: a client PATCH to disconnected stops the Sage feed and leaves the connection Linked', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const r = await h.call('PATCH', `${s.base}/connectionInfo/bankFeedAccounts/${s.accountId}`, {
      status: 'disconnected',
    })
    expect(r.status).toBe(200)
    expect(await status(h, s)).toBe('Linked')
    const view = (await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)).body.bankAccounts[0]
    expect(view.feedState).toBe('none')
  })

  it('S27: expire-auth turns the connection Deauthorized; re-authentication with a new OTP turns it Linked', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const r = await h.call('POST', '/_sim/sage/expire-auth', { connectionId: s.connectionId })
    expect(r.body.connection.status).toBe('Deauthorized')
    const changes = (await h.call('GET', '/_sim/events?type=ConnectionStatusChanged')).body
    expect(changes.at(-1).data).toMatchObject({ oldStatus: 'Linked', newStatus: 'Deauthorized' })
    const otp = (await h.call('POST', `${s.base}/bankFeeds/otp`)).body.otp
    const again = await h.call('POST', '/_sim/sage/connect-bank', {
      businessId: s.businessId,
      sageBankAccountId: s.bankId,
      connectionId: s.connectionId,
      otp,
    })
    expect(again.status).toBe(200)
    expect(await status(h, s)).toBe('Linked')
    expect((await account(h, s)).status).toBe('connected')
    expect((await sagePushAndSettle(h, s, [l('a', '2026-03-10', 1, 1)])).status).toBe('Success')
    const after = (await h.call('GET', '/_sim/events?type=ConnectionStatusChanged')).body
    expect(after.at(-1).data).toMatchObject({ oldStatus: 'Deauthorized', newStatus: 'Linked' })
    expect((await h.call('POST', '/_sim/sage/expire-auth', { connectionId: 'nope' })).status).toBe(404)
  })

  it('S28: Connect Bank again with a new OTP reconnects: disconnected -> connected, feedStartDate reset, S17 moves', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    await h.call('POST', '/_sim/sage/disconnect', { sourceAccountId: s.accountId })
    await h.advance('P3D')
    await sageConnect(h, s)
    const a = await account(h, s)
    expect(a).toMatchObject({ status: 'connected', feedStartDate: '2026-03-13T00:00:00' })
    const early = await sagePushAndSettle(h, s, [l('a', '2026-03-12', 1, 1)])
    expect(early.validation.errors[0].message).toMatch(
      /^S17: date 2026-03-12 is before the feed start date 2026-03-13/,
    )
    expect((await sagePushAndSettle(h, s, [l('b', '2026-03-13', 1, 1)])).status).toBe('Success')
  })

  it('S28/X31: deleting the source account through Codat leaves the Sage bank account unfed, free to connect again', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    expect((await h.call('DELETE', `${s.base}/connectionInfo/bankFeedAccounts/${s.accountId}`)).status).toBe(
      204,
    )
    const view = (await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)).body.bankAccounts[0]
    expect(view).toMatchObject({ feedState: 'none', sourceAccountId: null, connectionId: null })
    expect(await status(h, s)).toBe('Linked')
  })

  it('a connected Sage bank account refuses a second Connect Bank (409) until it is disconnected', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const otp = (await h.call('POST', `${s.base}/bankFeeds/otp`)).body.otp
    const r = await h.call('POST', '/_sim/sage/connect-bank', {
      businessId: s.businessId,
      sageBankAccountId: s.bankId,
      connectionId: s.connectionId,
      otp,
    })
    expect(r.status).toBe(409)
  })
})
