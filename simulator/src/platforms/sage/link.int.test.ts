import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { type SageSetup, sageConnect, sageSetup } from '../../testing/sage-helpers.js'

const connectBank = (h: Harness, s: SageSetup, otp: unknown) =>
  h.call('POST', '/_sim/sage/connect-bank', {
    businessId: s.businessId,
    sageBankAccountId: s.bankId,
    connectionId: s.connectionId,
    otp,
  })
const otpOf = async (h: Harness, s: SageSetup) =>
  (await h.call('POST', `${s.base}/bankFeeds/otp`)).body.otp as string
const conn = async (h: Harness, s: SageSetup) => (await h.call('GET', s.base)).body
const account = async (h: Harness, s: SageSetup) =>
  (await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0]

describe('Sage linking (PLATFORMS.md S1-S11)', () => {
  it('S1: an olpr connection is PendingAuth, SageBankFeed, sourceType BankFeed', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    expect(await conn(h, s)).toMatchObject({
      status: 'PendingAuth',
      integrationKey: 'olpr',
      platformName: 'SageBankFeed',
      sourceType: 'BankFeed',
    })
  })

  it('S4: the OTP is 6 of [A-Z0-9], valid 10 minutes, then refused as expired', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    const otp = await h.call('POST', `${s.base}/bankFeeds/otp`)
    expect(otp.body).toEqual({ otp: expect.stringMatching(/^[A-Z0-9]{6}$/), expiry: '2026-03-10T12:10:00Z' })
    await h.advance('PT10M')
    const late = await connectBank(h, s, otp.body.otp)
    expect(late.status).toBe(401)
    expect(late.body.error).toMatch(/^S4: the one-time password has expired/)
  })

  it('S4: single use, and a newer OTP voids the older one', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    const first = await otpOf(h, s)
    const second = await otpOf(h, s)
    expect((await connectBank(h, s, first)).body.error).toMatch(/^S4: the one-time password is not valid/)
    expect((await connectBank(h, s, second)).status).toBe(200)
    await h.call('POST', '/_sim/sage/cancel', { businessId: s.businessId, sageBankAccountId: s.bankId })
    const again = await connectBank(h, s, second)
    expect(again.status).toBe(401)
    expect(again.body.error).toMatch(/^S4: the one-time password has already been used/)
  })

  it("S4: another connection's OTP is refused; QBO connections get 400 from bankFeeds/otp; Linked Sage ones get an OTP", async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    const other = await sageSetup(h, { connect: false })
    expect((await connectBank(h, s, await otpOf(h, other))).status).toBe(401)
    const q = await h.setup({ link: false })
    const refused = await h.call('POST', `${q.base}/bankFeeds/otp`)
    expect(refused.status).toBe(400)
    expect(refused.body.error).toBe(
      'Generating a one-time password is not supported for QuickBooks Online Bank Feeds.',
    )
    await sageConnect(h, s)
    expect((await h.call('POST', `${s.base}/bankFeeds/otp`)).status).toBe(200)
  })

  it('S5: without an OTP the page refuses (sageOtpRequired); with sageOtpRequired false it lets the SMB on', async () => {
    const strict = new Harness()
    const s = await sageSetup(strict, { connect: false })
    const r = await connectBank(strict, s, undefined)
    expect(r.status).toBe(401)
    expect(r.body.error).toMatch(/^S5:/)
    const lax = new Harness({ sageOtpRequired: false })
    const t = await sageSetup(lax, { connect: false })
    expect((await connectBank(lax, t, undefined)).status).toBe(200)
  })

  it('S6/S11: an unknown connection ID or a wrong OTP is refused and changes nothing', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    const unknown = await h.call('POST', '/_sim/sage/connect-bank', {
      businessId: s.businessId,
      sageBankAccountId: s.bankId,
      connectionId: 'no-such-connection',
      otp: await otpOf(h, s),
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toMatch(/^S11:/)
    expect((await connectBank(h, s, 'WRONG1')).status).toBe(401)
    const view = await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)
    expect(view.body.bankAccounts[0]).toMatchObject({
      connecting: null,
      feedState: 'none',
      sourceAccountId: null,
    })
    expect((await conn(h, s)).status).toBe('PendingAuth')
    expect((await h.call('POST', '/_sim/sage/select', { sourceAccountId: s.accountId })).status).toBe(404)
  })

  it('S11: Cancel on the page leaves the connection PendingAuth and is recorded (connection.failed)', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    expect((await connectBank(h, s, await otpOf(h, s))).status).toBe(200)
    const cancel = await h.call('POST', '/_sim/sage/cancel', {
      businessId: s.businessId,
      sageBankAccountId: s.bankId,
    })
    expect(cancel.status).toBe(200)
    expect(cancel.body.connection.status).toBe('PendingAuth')
    expect((await account(h, s)).status).toBe('pending')
    const events = (await h.call('GET', '/_sim/events?type=SageConnectCancelled')).body
    expect(events).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ connectionId: s.connectionId }) }),
    ])
    expect((await h.call('POST', '/_sim/sage/select', { sourceAccountId: s.accountId })).status).toBe(404)
  })

  it('S11: with no source account in pending or disconnected the list is empty and the flow cannot finish', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const b2 = await h.call('POST', '/_sim/sage/businesses', {
      bankAccounts: [{ id: 'b2', name: 'Savings', currency: 'GBP' }],
    })
    const r = await h.call('POST', '/_sim/sage/connect-bank', {
      businessId: b2.body.id,
      sageBankAccountId: 'b2',
      connectionId: s.connectionId,
      otp: await otpOf(h, s),
    })
    expect(r.status).toBe(200)
    expect(r.body.sourceAccounts).toEqual([])
    const pick = await h.call('POST', '/_sim/sage/select', {
      businessId: b2.body.id,
      sageBankAccountId: 'b2',
      sourceAccountId: s.accountId,
    })
    expect(pick.status).toBe(409)
  })

  it('S8: the connection turns Linked when the first account is picked, not when the OTP is accepted', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    await connectBank(h, s, await otpOf(h, s))
    expect((await conn(h, s)).status).toBe('PendingAuth')
    const picked = await h.call('POST', '/_sim/sage/select', { sourceAccountId: s.accountId })
    expect(picked.body.connection.status).toBe('Linked')
    expect((await conn(h, s)).status).toBe('Linked')
  })

  it('S11: with sageRequiresConfirm the account reads connecting until Confirm; without it, connected at OK', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { confirm: false })
    expect((await account(h, s)).status).toBe('connecting')
    const view = await h.call('GET', `/_sim/sage/businesses/${s.businessId}`)
    expect(view.body.bankAccounts[0].feedState).toBe('PendingConfirmation')
    await h.call('POST', '/_sim/sage/confirm', { sourceAccountId: s.accountId })
    expect((await account(h, s)).status).toBe('connected')
    const direct = new Harness({ sageRequiresConfirm: false })
    const t = await sageSetup(direct, { confirm: false })
    expect((await account(direct, t)).status).toBe('connected')
  })

  it('S7: feedStartDate is the connect time (its date), stable on later reads', async () => {
    const h = new Harness()
    const s = await sageSetup(h, { connect: false })
    await h.advance('P2D')
    await sageConnect(h, s)
    expect((await account(h, s)).feedStartDate).toBe('2026-03-12T00:00:00')
    await h.advance('P1D')
    expect((await account(h, s)).feedStartDate).toBe('2026-03-12T00:00:00')
  })

  it('S10: mapping is done in Sage: GET mapping lists the source accounts without options, POST mapping and bankFeeds/info are 400', async () => {
    const h = new Harness()
    const s = await sageSetup(h)
    const list = await h.call('GET', `${s.base}/bankFeedAccounts/mapping`)
    expect(list.status).toBe(200)
    expect(list.body).toEqual([
      expect.objectContaining({
        sourceAccountId: s.accountId,
        status: 'connected',
        targetAccountOptions: null,
      }),
    ])
    const post = await h.call('POST', `${s.base}/bankFeedAccounts/mapping`, { sourceAccountId: s.accountId })
    expect(post.status).toBe(400)
    expect(post.body.error).toMatch(/inside Sage/)
    expect((await h.call('GET', `${s.base}/bankFeeds/info`)).status).toBe(400)
  })
})
