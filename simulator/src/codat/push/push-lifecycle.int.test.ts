import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { validLine as ok, qboLines } from '../../testing/push-helpers.js'

describe('push operation lifecycle', () => {
  it('stays Pending until pushLatencyMs of simulated time has passed', async () => {
    const h = new Harness({ pushLatencyMs: 5000 })
    const s = await h.setup()
    const res = await h.push(s.pushUrl, s.accountId, [ok('a', '2026-03-10')])
    expect(res.body).not.toHaveProperty('completedOnUtc')
    await h.advance('PT4S')
    const url = `/companies/${s.companyId}/push/${res.body.pushOperationKey}`
    expect((await h.call('GET', url)).body.status).toBe('Pending')
    await h.advance('PT1S')
    expect((await h.call('GET', url)).body).toMatchObject({
      status: 'Success',
      completedOnUtc: '2026-03-10T12:00:05Z',
    })
  })

  it('with pushLatencyMs 0 the create response is already terminal', async () => {
    const h = new Harness({ pushLatencyMs: 0 })
    const s = await h.setup()
    const res = await h.push(s.pushUrl, s.accountId, [ok('a', '2026-03-12')])
    expect(res.body).toMatchObject({
      status: 'Failed',
      statusCode: 400,
      completedOnUtc: '2026-03-10T12:00:00Z',
    })
  })

  it('timeoutInMinutes turns a still-Pending operation TimedOut (statusCode 202, completedOnUtc set) and stores nothing', async () => {
    const h = new Harness({ pushLatencyMs: 10 * 60_000 })
    const s = await h.setup()
    const res = await h.push(`${s.pushUrl}?timeoutInMinutes=1`, s.accountId, [ok('a', '2026-03-10')])
    expect(res.body).toMatchObject({ timeoutInMinutes: 1, timeoutInSeconds: 60 })
    await h.advance('PT1M')
    const url = `/companies/${s.companyId}/push/${res.body.pushOperationKey}`
    expect((await h.call('GET', url)).body).toMatchObject({
      status: 'TimedOut',
      statusCode: 202,
      completedOnUtc: '2026-03-10T12:01:00Z',
    })
    await h.advance('PT20M')
    expect((await h.call('GET', url)).body.status).toBe('TimedOut')
    expect(await qboLines(h, s)).toEqual([])
  })

  it('/_sim/push/{key}/complete forces the outcome of a Pending operation', async () => {
    const h = new Harness({ pushLatencyMs: 60_000 })
    const s = await h.setup()
    const a = await h.push(s.pushUrl, s.accountId, [ok('a', '2026-03-10')])
    const b = await h.push(s.pushUrl, s.accountId, [ok('b', '2026-03-10')])
    const forcedFail = await h.call('POST', `/_sim/push/${a.body.pushOperationKey}/complete`, {
      status: 'Failed',
    })
    expect(forcedFail.body).toMatchObject({ status: 'Failed', statusCode: 400 })
    const forcedOk = await h.call('POST', `/_sim/push/${b.body.pushOperationKey}/complete`, {
      status: 'Success',
    })
    expect(forcedOk.body).toMatchObject({ status: 'Success', statusCode: 200 })
    const again = await h.call('POST', `/_sim/push/${b.body.pushOperationKey}/complete`, { status: 'Failed' })
    expect(again.status).toBe(409)
    expect(await qboLines(h, s)).toEqual(['b'])
  })

  it('an unknown source account is a 404', async () => {
    const h = new Harness()
    const s = await h.setup()
    const res = await h.push(`${s.base}/push/bankAccounts/nope/bankTransactions`, 'nope', [])
    expect(res.status).toBe(404)
    expect(res.body.error).toBe('Source account nope not found')
  })
})
