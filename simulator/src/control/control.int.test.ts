import { describe, expect, it } from 'vitest'
import { createSimulator } from '../simulator.js'
import { basic, Harness, KEY } from '../testing/harness.js'

describe('control API /_sim', () => {
  it('clock: read, set, advance; never backwards; bad bodies are 400', async () => {
    const h = new Harness()
    expect((await h.call('GET', '/_sim/clock')).body).toEqual({ now: '2026-03-10T12:00:00.000Z' })
    expect((await h.call('POST', '/_sim/clock', { advance: 'P1DT2H30M' })).body).toEqual({
      now: '2026-03-11T14:30:00.000Z',
    })
    expect((await h.call('POST', '/_sim/clock', { now: '2026-04-01T00:00:00Z' })).body).toEqual({
      now: '2026-04-01T00:00:00.000Z',
    })
    expect((await h.call('POST', '/_sim/clock', { now: '2026-03-01T00:00:00Z' })).status).toBe(400)
    expect((await h.call('POST', '/_sim/clock', { advance: '1 day' })).status).toBe(400)
    expect((await h.call('POST', '/_sim/clock', {})).status).toBe(400)
  })

  it('connections: every connection with its accounts (no lines, no credentials), filterable, never aliasing the state', async () => {
    const h = new Harness()
    const s = await h.setup()
    const other = await h.setup({ link: false, accountId: 'acc-2' })
    const all = (await h.call('GET', '/_sim/connections')).body
    expect(all).toHaveLength(2)
    const conn = (await h.call('GET', s.base)).body
    expect(all[0]).toEqual({
      companyId: s.companyId,
      companyName: 'Acme Ltd',
      connectionId: s.connectionId,
      platformKey: 'hcws',
      status: 'Linked',
      otp: new URL(conn.linkUrl).searchParams.get('otp'),
      otpExpiresAt: expect.any(Number),
      accounts: [
        {
          id: 'acc-1',
          accountName: 'Business Checking',
          accountNumber: '12345678',
          currency: 'USD',
          status: 'connected',
        },
      ],
    })
    expect(all[1]).toMatchObject({ connectionId: other.connectionId, status: 'PendingAuth' })
    const one = await h.call(
      'GET',
      `/_sim/connections?companyId=${other.companyId}&connectionId=${other.connectionId}`,
    )
    expect(one.body.map((c: { connectionId: string }) => c.connectionId)).toEqual([other.connectionId])
    expect((await h.call('GET', '/_sim/connections?companyId=nope')).body).toEqual([])
    const direct = h.sim.control.listConnections({ companyId: s.companyId }).body as {
      accounts: { status: string }[]
    }[]
    const first = direct[0]
    if (!first?.accounts[0]) throw new Error('expected one account')
    first.accounts[0].status = 'unknown'
    expect(
      (await h.call('GET', `/_sim/connections?companyId=${s.companyId}`)).body[0].accounts[0].status,
    ).toBe('connected')
  })

  it('accepts any API key as Basic or Bearer by default; only the control key once one is set', async () => {
    const h = new Harness()
    const bearer = await h.app.inject({
      method: 'GET',
      url: '/_sim/clock',
      headers: { authorization: `Bearer ${KEY}` },
    })
    expect(bearer.statusCode).toBe(200)
    expect((await h.app.inject({ method: 'GET', url: '/_sim/clock' })).statusCode).toBe(401)
    const locked = new Harness({ controlKey: 'ctl' })
    expect((await locked.call('GET', '/_sim/clock')).status).toBe(401)
    const ok = await locked.app.inject({
      method: 'GET',
      url: '/_sim/clock',
      headers: { authorization: basic('ctl') },
    })
    expect(ok.statusCode).toBe(200)
    const codat = await locked.app.inject({
      method: 'GET',
      url: '/companies',
      headers: { authorization: basic('ctl') },
    })
    expect(codat.statusCode).toBe(401)
  })

  it('the event log records what happened with simulated timestamps and never a password', async () => {
    const h = new Harness()
    const s = await h.setup()
    await h.push(s.pushUrl, s.accountId, [
      { id: 'a', date: '2026-03-10', description: 'x', amount: 1, balance: 1 },
    ])
    await h.advance('PT2S')
    await h.call('POST', '/_sim/qbo/update', { companyId: s.companyId, connectionId: s.connectionId })
    const events = (await h.call('GET', '/_sim/events')).body as { seq: number; at: string; type: string }[]
    expect(events.map((e) => e.type)).toEqual([
      'CompanyCreated',
      'ConnectionCreated',
      'SourceAccountCreated',
      'CredentialsIssued',
      'SourceAccountStatusChanged',
      'ConnectionStatusChanged',
      'QboLinked',
      'PushRequested',
      'PushValidated',
      'PushCompleted',
      'ClockMoved',
      'QboPulled',
    ])
    expect(events.at(-1)?.at).toBe('2026-03-10T12:00:02Z')
    expect(JSON.stringify(events)).not.toContain(s.creds.password)
    const since = (await h.call('GET', `/_sim/events?since=${events[9]?.seq}&type=QboPulled`)).body
    expect(since).toHaveLength(1)
  })

  it('export then import into a fresh simulator continues identically', async () => {
    const a = new Harness()
    const s = await a.setup()
    const state = (await a.call('GET', '/_sim/state')).body
    const b = new Harness({ seed: 999, now: '2030-01-01T00:00:00Z' })
    expect((await b.call('PUT', '/_sim/state', state)).status).toBe(200)
    const next = async (h: Harness) => {
      const push = await h.push(s.pushUrl, s.accountId, [
        { id: 'a', date: '2026-03-10', description: 'x', amount: 1, balance: 1 },
      ])
      await h.advance('PT2S')
      const view = await h.call('POST', '/_sim/qbo/update', {
        companyId: s.companyId,
        connectionId: s.connectionId,
      })
      return [push.body, view.body, (await h.call('POST', '/companies', { name: 'N' })).body]
    }
    expect(await next(b)).toEqual(await next(a))
    expect((await b.call('PUT', '/_sim/state', { hello: 1 })).status).toBe(400)
  })

  it('reset empties the state and restarts the seeded sequence', async () => {
    const h = new Harness()
    const first = (await h.call('POST', '/companies', { name: 'A' })).body
    await h.advance('P1D')
    expect((await h.call('POST', '/_sim/reset')).status).toBe(200)
    expect((await h.call('GET', '/companies')).body.totalResults).toBe(0)
    expect((await h.call('POST', '/companies', { name: 'A' })).body).toEqual(first)
  })

  it('feeds can be switched off and on again before QBO disconnects them', async () => {
    const h = new Harness()
    const s = await h.setup()
    const body = { companyId: s.companyId, connectionId: s.connectionId, sourceAccountId: s.accountId }
    expect(
      (await h.call('POST', '/_sim/qbo/feed', { ...body, enabled: false })).body.accounts[0].feedEnabled,
    ).toBe(false)
    await h.advance('P5D')
    expect(
      (await h.call('POST', '/_sim/qbo/feed', { ...body, enabled: true })).body.accounts[0].feedEnabled,
    ).toBe(true)
    await h.advance('P10D')
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].status).toBe(
      'connected',
    )
    expect((await h.call('POST', '/_sim/qbo/feed', { ...body, enabled: 'no' })).status).toBe(400)
  })

  it('QBO reports lines that fell out of its window before a pull as expired, never silently dropping them', async () => {
    const h = new Harness({ dailyPullTime: '23:59' })
    const s = await h.setup()
    await h.push(s.pushUrl, s.accountId, [
      { id: 'old', date: '2026-03-03', description: 'x', amount: 1, balance: 1 },
    ])
    await h.advance('PT2S')
    // Unlink so the daily pull skips it, then re-link after the line has aged out of the 7-day window.
    await h.call('PATCH', s.base, { status: 'Unlinked' })
    await h.advance('P2D')
    await h.call('POST', '/_sim/qbo/link', {
      companyId: s.companyId,
      connectionId: s.connectionId,
      ...s.creds,
      accounts: [{ sourceAccountId: s.accountId, qboAccountName: 'Feed' }],
      feedStartDate: '2026-03-11',
    })
    const view = (
      await h.call('POST', '/_sim/qbo/update', { companyId: s.companyId, connectionId: s.connectionId })
    ).body
    expect(view.accounts[0].expired.map((l: { id: string }) => l.id)).toEqual(['old'])
    expect(view.accounts[0].lines.filter((l: { isTest: boolean }) => !l.isTest)).toEqual([])
    expect(view.accounts[0].lines.filter((l: { isTest: boolean }) => l.isTest)).toHaveLength(2)
  })

  it('testLines is a setting (0-2)', async () => {
    const h = new Harness({ testLines: 0 })
    const s = await h.setup()
    expect(
      (await h.call('GET', `/_sim/qbo/accounts/${s.companyId}/${s.connectionId}`)).body.accounts[0].lines,
    ).toEqual([])
    expect(() => createSimulator({ apiKeys: [KEY], testLines: 3 })).toThrow(/testLines/)
  })

  it('bad configuration fails at start', () => {
    expect(() => createSimulator({ apiKeys: [] })).toThrow(/apiKeys/)
    expect(() => createSimulator({ apiKeys: [KEY], timeZone: 'Mars/Base' })).toThrow(/timeZone/)
    expect(() => createSimulator({ apiKeys: [KEY], dailyPullTime: '6am' })).toThrow(/dailyPullTime/)
    expect(() => createSimulator({ apiKeys: [KEY], now: 'yesterday' })).toThrow(/now/)
  })
})
