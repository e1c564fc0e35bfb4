import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'

const line = (id: string, date: string) => ({ id, date, description: id, amount: 1, balance: 1 })

describe('list-create-operations', () => {
  it('pages the operations of a company and filters / orders them with query and orderBy', async () => {
    const h = new Harness()
    const s = await h.setup()
    const ok1 = await h.push(s.pushUrl, s.accountId, [line('a', '2026-03-09')])
    await h.advance('PT1M')
    const bad = await h.push(s.pushUrl, s.accountId, [line('b', '2026-03-12')])
    await h.advance('PT1M')
    const pending = await h.push(`${s.pushUrl}?timeoutInMinutes=30`, s.accountId, [line('c', '2026-03-10')])
    const url = `/companies/${s.companyId}/push`
    const keys = (r: { body: { results: { pushOperationKey: string }[] } }) =>
      r.body.results.map((o) => o.pushOperationKey)

    expect(keys(await h.call('GET', url))).toEqual([ok1, bad, pending].map((r) => r.body.pushOperationKey))
    const q = (text: string) => h.call('GET', `${url}?query=${encodeURIComponent(text)}`)
    expect(keys(await q('status=Pending'))).toEqual([pending.body.pushOperationKey])
    expect(keys(await q('dataType=bankTransactions&&status=Failed'))).toEqual([bad.body.pushOperationKey])
    expect(
      keys(await q('{status=Failed || status=Success} && requestedOnUtc>=2026-03-10T12:01:00Z')),
    ).toEqual([bad.body.pushOperationKey])
    expect(keys(await q(`dataConnectionKey=${s.connectionId}`))).toHaveLength(3)
    expect(keys(await q('validation.errors.itemId=b'))).toEqual([bad.body.pushOperationKey])
    const newest = await h.call('GET', `${url}?orderBy=-requestedOnUtc&pageSize=2`)
    expect(keys(newest)).toEqual([pending.body.pushOperationKey, bad.body.pushOperationKey])
    expect(newest.body._links.next.href).toBe(`${url}?page=2&pageSize=2&orderBy=-requestedOnUtc`)
    expect((await q('colour=red')).body.error).toBe(
      'Error parsing query - Could not resolve property colour on PushOperation',
    )
  })

  it('get-create-operation is a 404 for an unknown key or another company', async () => {
    const h = new Harness()
    const s = await h.setup()
    const op = await h.push(s.pushUrl, s.accountId, [line('a', '2026-03-10')])
    const other = (await h.call('POST', '/companies', { name: 'Other' })).body
    expect((await h.call('GET', `/companies/${other.id}/push/${op.body.pushOperationKey}`)).status).toBe(404)
    expect(
      (await h.call('GET', `/companies/${s.companyId}/push/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404)
  })
})
